/**
 * Deal rooms through the real app: create for a deal, upload artifacts (multipart), list,
 * download byte for byte, export the room as a zip whose manifest matches the bytes, share the
 * room publicly (files downloadable through the code only), delete; team scoping and roles.
 */
import crypto from 'node:crypto';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, NO_RATE_LIMITS, type TestApp, type TestUser } from '../../test/support/app.js';
import { expectInvalid, expectProblem, insertDeal } from '../../test/support/fixtures.js';

let t: TestApp;
let agent: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let dealId: string;

const PDF = Buffer.from('%PDF-1.4\n% a tiny inspection report\n');
const CSV = Buffer.from('item,cost\nroof,12000\n');

function upload(roomId: string, file: { bytes: Uint8Array; type: string; name: string }, token = agent.token) {
  const form = new FormData();
  form.append('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name);
  return t.app.request(`/deal-rooms/${roomId}/artifacts`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${token}` } });
}

beforeAll(async () => {
  t = await createTestApp(NO_RATE_LIMITS);
  agent = await t.user({ role: 'agent' });
  viewer = await t.user({ role: 'viewer', teamId: agent.teamId });
  stranger = await t.user();
  dealId = await insertDeal(t, agent, 'negotiation', 250000);
});
afterAll(() => t.close());

describe('deal rooms', () => {
  it('stores artifacts, serves them back and exports the room as a zip', async () => {
    const room = await t.send('POST', '/deal-rooms', { token: agent.token, body: { deal_id: dealId, name: 'Due Diligence: 9 Oak' } });
    expect(room.status, room.text).toBe(201);
    expect(room.body).toMatchObject({ deal_id: dealId, name: 'Due Diligence: 9 Oak', artifact_count: 0 });

    const up = await upload(room.body.id, { bytes: PDF, type: 'application/pdf', name: 'inspection.pdf' });
    expect(up.status).toBe(201);
    const artifact = (await up.json()) as any;
    expect(artifact).toMatchObject({ filename: 'inspection.pdf', content_type: 'application/pdf', size: PDF.length, sha256: crypto.createHash('sha256').update(PDF).digest('hex') });
    expect((await upload(room.body.id, { bytes: CSV, type: 'text/csv', name: 'repairs.csv' })).status).toBe(201);

    expect((await t.send('GET', `/deal-rooms/${room.body.id}`, { token: viewer.token })).body.artifact_count).toBe(2);
    expect((await t.send('GET', `/deal-rooms?deal_id=${dealId}`, { token: viewer.token })).body.items[0]).toMatchObject({ id: room.body.id, artifact_count: 2 });
    expect((await t.send('GET', `/deal-rooms/${room.body.id}/artifacts`, { token: viewer.token })).body.total).toBe(2);

    const download = await t.app.request(artifact.url, { headers: { Authorization: `Bearer ${viewer.token}` } });
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="inspection.pdf"');
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);

    const exported = await t.app.request(`/deal-rooms/${room.body.id}/export`, { headers: { Authorization: `Bearer ${viewer.token}` } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('application/zip');
    const zip = await JSZip.loadAsync(Buffer.from(await exported.arrayBuffer()));
    const manifest = JSON.parse(await zip.file('due-diligence-9-oak/manifest.json')!.async('string'));
    expect(manifest).toMatchObject({ room: { id: room.body.id, name: 'Due Diligence: 9 Oak' }, deal: { id: dealId, value: 250000 } });
    expect(manifest.artifacts).toHaveLength(2);
    for (const entry of manifest.artifacts) {
      const bytes = await zip.file(`due-diligence-9-oak/${entry.path}`)!.async('nodebuffer');
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
    }

    expect((await t.send('DELETE', artifact.url, { token: agent.token })).status).toBe(204);
    expectProblem(await t.send('GET', artifact.url, { token: agent.token }), 404);
    expect((await t.send('GET', `/deal-rooms/${room.body.id}`, { token: agent.token })).body.artifact_count).toBe(1);
  });

  it('shares a room read-only: its files through the code, nothing else', async () => {
    const room = (await t.send('POST', '/deal-rooms', { token: agent.token, body: { deal_id: dealId, name: 'Buyer pack' } })).body;
    const artifact = (await (await upload(room.id, { bytes: PDF, type: 'application/pdf', name: 'disclosures.pdf' })).json()) as any;
    const link = (await t.send('POST', '/share-links', { token: agent.token, body: { resource_type: 'deal_room', resource_id: room.id } })).body;
    const view = await t.send('GET', `/s/${link.code}`);
    expect(view.body.shared).toEqual({ name: 'Buyer pack', artifacts: [expect.objectContaining({ filename: 'disclosures.pdf', url: `/s/${link.code}/artifacts/${artifact.id}` })] });
    const file = await t.app.request(`/s/${link.code}/artifacts/${artifact.id}`);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);

    const nameOnly = (await t.send('POST', '/share-links', { token: agent.token, body: { resource_type: 'deal_room', resource_id: room.id, fields: ['name'] } })).body;
    expect((await t.send('GET', `/s/${nameOnly.code}`)).body.shared).toEqual({ name: 'Buyer pack' });
    expectProblem(await t.send('GET', `/s/${nameOnly.code}/artifacts/${artifact.id}`), 404);
  });

  it('refuses another team’s deal, other roles’ writes, oversize and non-file uploads', async () => {
    expectInvalid(await t.send('POST', '/deal-rooms', { token: stranger.token, body: { deal_id: dealId, name: 'x' } }), '/deal_id');
    expectProblem(await t.send('POST', '/deal-rooms', { token: viewer.token, body: { deal_id: dealId, name: 'x' } }), 403);
    const room = (await t.send('POST', '/deal-rooms', { token: agent.token, body: { deal_id: dealId, name: 'Scoped' } })).body;
    expectProblem(await t.send('GET', `/deal-rooms/${room.id}`, { token: stranger.token }), 404);
    expectProblem(await t.send('GET', `/deal-rooms/${room.id}/export`, { token: stranger.token }), 404);
    expect((await upload(room.id, { bytes: PDF, type: 'application/pdf', name: 'x.pdf' }, stranger.token)).status).toBe(404);
    expect((await upload(room.id, { bytes: PDF, type: 'application/pdf', name: 'x.pdf' }, viewer.token)).status).toBe(403);
    const big = await upload(room.id, { bytes: new Uint8Array(10 * 1024 * 1024 + 1), type: 'application/octet-stream', name: 'big.bin' });
    expect(big.status).toBe(413);
    expectProblem(await t.send('POST', `/deal-rooms/${room.id}/artifacts`, { token: agent.token, body: { file: 'x' } }), 415);
    const form = new FormData();
    form.append('other', 'value');
    expect((await t.app.request(`/deal-rooms/${room.id}/artifacts`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${agent.token}` } })).status).toBe(422);
    expect((await t.send('GET', `/deal-rooms/${room.id}/artifacts`, { token: agent.token })).body.total).toBe(0);
  });
});
