/**
 * The `storage` check kind and the http kind's `multipart` body against a local server: a PDF
 * (made with pdf-lib) and an image pass their assertions; wrong type, size, first bytes, hash,
 * page count and a missing object fail with expected / actual; `within` polls until the object
 * exists; multipart parts arrive as sent (files from a path relative to the scenario, inline
 * base64, zero padding).
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios, formatProblem } from '../../src/scenarios/index.js';
import { runScenarios } from '../../src/runner/index.js';
import { scenario, step, tempDir } from './support/scenarios.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
let pdf: Uint8Array;
let server: http.Server;
let baseUrl: string;
let lateHits = 0;
const uploads: { fields: Record<string, string>; files: Record<string, { name: string; type: string; size: number; sha256: string }> }[] = [];

beforeAll(async () => {
  const doc = await PDFDocument.create();
  doc.addPage();
  doc.addPage();
  pdf = await doc.save();
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/memo.pdf') {
        if (req.headers.authorization !== 'Bearer t0k') return void res.writeHead(401).end();
        res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': pdf.byteLength }).end(Buffer.from(pdf));
      } else if (url.pathname === '/img.png') {
        res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG);
      } else if (url.pathname === '/late.pdf') {
        lateHits += 1;
        if (lateHits < 3) return void res.writeHead(409, { 'Content-Type': 'application/problem+json' }).end('{"status":409}');
        res.writeHead(200, { 'Content-Type': 'application/pdf' }).end(Buffer.from(pdf));
      } else if (url.pathname === '/upload') {
        const form = await new Request('http://x/upload', { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }).formData();
        const entry: (typeof uploads)[number] = { fields: {}, files: {} };
        for (const [name, value] of form.entries()) {
          if (typeof value === 'string') entry.fields[name] = value;
          else {
            const bytes = new Uint8Array(await value.arrayBuffer());
            entry.files[name] = { name: value.name, type: value.type, size: bytes.byteLength, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
          }
        }
        uploads.push(entry);
        res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true }));
      } else {
        res.writeHead(404, { 'Content-Type': 'application/problem+json' }).end('{"status":404}');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Writes the scenario and extra files into one folder, loads it with the real loader, runs it. */
async function run(steps: string, files: Record<string, Uint8Array> = {}) {
  const dir = await tempDir();
  await fs.writeFile(path.join(dir, 'scenario.yaml'), scenario('storage-unit', steps));
  for (const [name, bytes] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), bytes);
  }
  // Loaded from the process's working directory, as `reos verify` does: the step's file is then absolute (or relative to it).
  const loaded = await loadScenarios([dir]);
  if (loaded.problems.length) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  const { scenarios } = await runScenarios(loaded.scenarios, { baseUrls: [baseUrl], runId: 'unit' });
  return scenarios[0];
}

describe('storage check', () => {
  it('passes a PDF on type, size, first bytes, hash and page count, and captures its facts', async () => {
    const sha = crypto.createHash('sha256').update(pdf).digest('hex');
    const result = await run(`  - id: memo
    storage:
      url: /memo.pdf
      bearer: t0k
      expect:
        contentType: application/pdf
        size: { min: 100, max: 100000 }
        startsWith: "%PDF"
        startsWithHex: "25504446"
        sha256: ${sha}
        pdfPages: { min: 2, eq: 2 }
`);
    const memo = step(result, 'memo');
    expect(memo.status).toBe('passed');
    expect(memo.assertions.length).toBeGreaterThanOrEqual(7);
    expect(memo.captures).toMatchObject({ status: 200, size: pdf.byteLength, content_type: 'application/pdf', sha256: sha, pages: 2 });
    // Binary bodies are recorded as a summary, never as bytes.
    expect(memo.exchanges[0].response?.bodyText).toMatch(/^\[\d+ bytes of application\/pdf, sha256 [0-9a-f]{64}\]$/);
  });

  it('fails each wrong expectation with expected and actual', async () => {
    const result = await run(`  - id: wrong
    storage:
      url: /img.png
      expect:
        contentType: application/pdf
        size: { min: 1000 }
        startsWith: "%PDF"
        sha256: "${'0'.repeat(64)}"
        pdfPages: { min: 1 }
`);
    const wrong = step(result, 'wrong');
    expect(wrong.status).toBe('failed');
    const failed = wrong.assertions.filter((a) => !a.passed).map((a) => a.label);
    expect(failed).toEqual(expect.arrayContaining(['content type', 'size in bytes', 'first bytes (text)', 'sha256', 'PDF pages']));
    const type = wrong.assertions.find((a) => a.label === 'content type')!;
    expect(type).toMatchObject({ expected: 'application/pdf', actual: 'image/png', passed: false });
    expect(wrong.assertions.find((a) => a.label === 'PDF pages')?.message).toMatch(/not a PDF/);
    expect(wrong.assertions.find((a) => a.label === 'status')).toMatchObject({ passed: true, location: expect.objectContaining({ line: expect.any(Number) }) });
  });

  it('fails a missing object on its status, and compares bytes with a local file', async () => {
    const result = await run(
      `  - id: missing
    storage: { url: /nope.pdf }
  - id: same
    storage:
      url: /img.png
      expect: { sameAsFile: fixtures/img.png }
  - id: different
    storage:
      url: /img.png
      expect: { sameAsFile: fixtures/other.png }
`,
      { 'fixtures/img.png': PNG, 'fixtures/other.png': Buffer.from('nope') },
    );
    expect(step(result, 'missing').status).toBe('failed');
    expect(step(result, 'missing').assertions[0]).toMatchObject({ label: 'status', expected: 200, actual: 404 });
    expect(step(result, 'same').status).toBe('passed');
    expect(step(result, 'different').status).toBe('failed');
  });

  it('polls within the given time until the object exists', async () => {
    lateHits = 0;
    const result = await run(`  - id: late
    storage:
      url: /late.pdf
      within: 10000
      interval: 20
      expect: { startsWith: "%PDF" }
`);
    const late = step(result, 'late');
    expect(late.status).toBe('passed');
    expect(late.details).toMatchObject({ tries: 3, statuses: [409, 409, 200] });
  });

  it('does not poll without within: one try, then the verdict', async () => {
    lateHits = 0;
    const result = await run(`  - id: once
    storage: { url: /late.pdf }
`);
    expect(step(result, 'once').status).toBe('failed');
    expect(lateHits).toBe(1);
  });
});

describe('http multipart body', () => {
  it('sends fields and files (path relative to the scenario, inline base64, padded) and records parts, not bytes', async () => {
    uploads.length = 0;
    const result = await run(
      `  - id: up
    http:
      method: POST
      url: /upload
      multipart:
        fields: { caption: Front door, n: 3 }
        files:
          photo: { path: fixtures/img.png, contentType: image/png }
          note: { base64: "aGVsbG8=", filename: note.txt, contentType: text/plain }
          big: { base64: "iVBORw==", padTo: 4096 }
    expect: { status: 201 }
`,
      { 'fixtures/img.png': PNG },
    );
    expect(step(result, 'up').status).toBe('passed');
    const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
    const padded = new Uint8Array(4096);
    padded.set(Buffer.from('iVBORw==', 'base64'));
    expect(uploads[0]).toEqual({
      fields: { caption: 'Front door', n: '3' },
      files: {
        photo: { name: 'img.png', type: 'image/png', size: PNG.byteLength, sha256: sha(PNG) },
        note: { name: 'note.txt', type: 'text/plain', size: 5, sha256: sha(Buffer.from('hello')) },
        big: { name: 'file', type: 'application/octet-stream', size: 4096, sha256: sha(padded) },
      },
    });
    const recorded = step(result, 'up').exchanges[0].request.body as { multipart: { files: Record<string, { size: number }> } };
    expect(recorded.multipart.files.photo).toMatchObject({ size: PNG.byteLength, source: 'fixtures/img.png' });
  });

  it('errors (not passes) when a file cannot be read, and the schema refuses two bodies', async () => {
    const result = await run(`  - id: up
    http:
      method: POST
      url: /upload
      multipart: { files: { photo: { path: fixtures/missing.png } } }
`);
    expect(step(result, 'up').status).toBe('error');
    expect(step(result, 'up').reason).toMatch(/cannot read .*missing\.png/);
    await expect(
      run(`  - id: both
    http: { method: POST, url: /upload, json: {}, multipart: { fields: { a: b } } }
`),
    ).rejects.toThrow(/at most one body/);
  });
});
