/**
 * Property images through the real app: upload (multipart) -> list -> download -> delete, the
 * type check by bytes (415), the size limit (413), team scoping (404), roles (403), and
 * Idempotency-Key on an upload (a retry with a new boundary replays, not re-stores).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const WEBP = new Uint8Array([...Buffer.from('RIFF'), 4, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]);
const GIF = new Uint8Array([...Buffer.from('GIF89a'), 1, 0, 1, 0]);

let t: TestApp;
let owner: TestUser;
let outsider: TestUser;
let propertyId: string;

function upload(token: string, file: { bytes: Uint8Array; type: string; name?: string }, options: { path?: string; headers?: Record<string, string> } = {}) {
  const form = new FormData();
  form.append('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name ?? 'photo');
  return t.app.request(options.path ?? `/properties/${propertyId}/images`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${token}`, ...options.headers } });
}

beforeAll(async () => {
  t = await createTestApp({ ...NO_RATE_LIMITS, imageMaxBytes: 1024 });
  owner = await t.user({ role: 'agent' });
  outsider = await t.user();
  const created = await t.send('POST', '/properties', { token: owner.token, body: { address: '1 Image Way', city: 'Austin', state: 'TX', zip: '73301', price: 400000 } });
  propertyId = created.body.id;
});
afterAll(() => t.close());

describe('property images', () => {
  it('uploads, lists, downloads byte for byte and deletes an image', async () => {
    const res = await upload(owner.token, { bytes: PNG, type: 'image/png', name: 'front.png' });
    expect(res.status).toBe(201);
    const image = (await res.json()) as any;
    expect(image).toMatchObject({ property_id: propertyId, filename: 'front.png', content_type: 'image/png', size: PNG.byteLength });
    expect(image.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.get('location')).toBe(`/properties/${propertyId}/images/${image.id}`);

    const list = await t.send('GET', `/properties/${propertyId}/images`, { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(image.id);

    const download = await t.app.request(image.url, { headers: { Authorization: `Bearer ${owner.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-length')).toBe(String(PNG.byteLength));
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);

    const key = `teams/${owner.teamId}/properties/${propertyId}/images/${image.id}`;
    expect(await t.storage.head(key)).toMatchObject({ size: PNG.byteLength, contentType: 'image/png' });
    expect((await t.send('DELETE', image.url, { token: owner.token })).status).toBe(204);
    expect(await t.storage.head(key)).toBeUndefined();
    expect((await t.send('GET', image.url, { token: owner.token })).status).toBe(404);
  });

  it.each([
    ['image/jpeg', JPEG],
    ['image/webp', WEBP],
    ['image/gif', GIF],
  ])('accepts %s by its bytes, even when declared as octet-stream', async (type, bytes) => {
    const res = await upload(owner.token, { bytes, type: 'application/octet-stream' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as any).content_type).toBe(type);
  });

  it('refuses a file whose bytes are not an accepted image with 415, whatever it claims', async () => {
    const res = await upload(owner.token, { bytes: new TextEncoder().encode('%PDF-1.7 not an image'), type: 'image/png' });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as any).status).toBe(415);
  });

  it('refuses a declared image type the bytes contradict with 415', async () => {
    expect((await upload(owner.token, { bytes: JPEG, type: 'image/png' })).status).toBe(415);
  });

  it('refuses an image above IMAGE_MAX_BYTES with 413 and stores nothing', async () => {
    const big = new Uint8Array(2048);
    big.set(PNG);
    const before = await t.storage.list(`teams/${owner.teamId}/`);
    const res = await upload(owner.token, { bytes: big, type: 'image/png' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).detail).toMatch(/limit is 1024 bytes/);
    expect(await t.storage.list(`teams/${owner.teamId}/`)).toEqual(before);
  });

  it('refuses a body far above the upload limit before reading it (413)', async () => {
    const res = await upload(owner.token, { bytes: new Uint8Array(200 * 1024), type: 'image/png' });
    expect(res.status).toBe(413);
  });

  it('refuses a JSON body on the upload route with 415 and a missing file part with 422', async () => {
    const json = await t.send('POST', `/properties/${propertyId}/images`, { token: owner.token, body: { file: 'x' } });
    expect(json.status).toBe(415);
    const form = new FormData();
    form.append('other', 'value');
    const res = await t.app.request(`/properties/${propertyId}/images`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${owner.token}` } });
    expect(res.status).toBe(422);
  });

  it('keeps multipart out of every other route (415 stays)', async () => {
    const form = new FormData();
    form.append('address', 'x');
    const res = await t.app.request('/properties', { method: 'POST', body: form, headers: { Authorization: `Bearer ${owner.token}` } });
    expect(res.status).toBe(415);
  });

  it('answers 404 for another team’s property and images, and 401 without a token', async () => {
    expect((await upload(outsider.token, { bytes: PNG, type: 'image/png' })).status).toBe(404);
    expect((await t.send('GET', `/properties/${propertyId}/images`, { token: outsider.token })).status).toBe(404);
    const mine = (await (await upload(owner.token, { bytes: PNG, type: "image/png" })).json()) as any;
    expect((await t.send('GET', mine.url, { token: outsider.token })).status).toBe(404);
    expect((await t.send('DELETE', mine.url, { token: outsider.token })).status).toBe(404);
    expect((await t.send('GET', `/properties/${propertyId}/images`)).status).toBe(401);
  });

  it('lets a viewer read but not upload (403)', async () => {
    const viewer = await t.user({ role: 'viewer', teamId: owner.teamId });
    expect((await upload(viewer.token, { bytes: PNG, type: 'image/png' })).status).toBe(403);
    expect((await t.send('GET', `/properties/${propertyId}/images`, { token: viewer.token })).status).toBe(200);
  });

  it('replays an upload retried with the same Idempotency-Key and a new boundary, storing it once', async () => {
    const key = `img-${crypto.randomUUID()}`;
    const first = await upload(owner.token, { bytes: GIF, type: 'image/gif', name: 'a.gif' }, { headers: { 'Idempotency-Key': key } });
    const second = await upload(owner.token, { bytes: GIF, type: 'image/gif', name: 'a.gif' }, { headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.text()).toBe(await first.text());
    const other = await upload(owner.token, { bytes: PNG, type: 'image/png', name: 'a.gif' }, { headers: { 'Idempotency-Key': key } });
    expect(other.status).toBe(422);
  });

  it('removes a deleted property’s image files', async () => {
    const created = await t.send('POST', '/properties', { token: owner.token, body: { address: '2 Gone St', city: 'Austin', state: 'TX', zip: '73301' } });
    expect((await upload(owner.token, { bytes: PNG, type: 'image/png' }, { path: `/properties/${created.body.id}/images` })).status).toBe(201);
    expect(await t.storage.list(`teams/${owner.teamId}/properties/${created.body.id}/`)).toHaveLength(1);
    expect((await t.send('DELETE', `/properties/${created.body.id}`, { token: owner.token })).status).toBe(204);
    expect(await t.storage.list(`teams/${owner.teamId}/properties/${created.body.id}/`)).toEqual([]);
  });
});
