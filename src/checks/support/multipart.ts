/**
 * The `multipart` request body of a scenario: text fields and files, each file read from a
 * path relative to the scenario file or given inline as base64. Encoded by the platform's own
 * FormData serialiser (a `Response` over a FormData), so boundaries and escaping are standard.
 * What is recorded is the parts' description (names, sizes, SHA-256), never the bytes.
 *
 * @example
 * multipart:
 *   fields: { caption: Front }
 *   files:
 *     file: { path: fixtures/house.png, contentType: image/png }
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface MultipartFile {
  /** Relative to the scenario file's folder (or absolute). */
  path?: string;
  /** The bytes, base64-encoded, instead of a path. */
  base64?: string;
  /** Declared type of the part (application/octet-stream by default). */
  contentType?: string;
  /** File name sent with the part (the path's base name, or `file`, by default). */
  filename?: string;
  /** Pad the bytes with zeros up to this many bytes: a large upload (a size limit's test) without a large fixture. */
  padTo?: number;
}

export interface MultipartSpec {
  fields?: Record<string, string | number | boolean>;
  files?: Record<string, MultipartFile>;
}

export interface EncodedMultipart {
  body: Uint8Array;
  contentType: string;
  recorded: unknown;
}

async function bytesOf(file: MultipartFile, baseDir: string): Promise<{ bytes: Uint8Array; source: string }> {
  if (file.base64 !== undefined) return { bytes: new Uint8Array(Buffer.from(file.base64, 'base64')), source: 'inline base64' };
  if (!file.path) throw new Error('a file needs `path` or `base64`');
  const resolved = path.resolve(baseDir, file.path);
  try {
    return { bytes: new Uint8Array(await fs.readFile(resolved)), source: file.path };
  } catch (error) {
    throw new Error(`cannot read ${resolved}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function padded(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(bytes);
  return out;
}

export async function encodeMultipart(spec: MultipartSpec, baseDir: string): Promise<EncodedMultipart> {
  const form = new FormData();
  const recordedFields: Record<string, string> = {};
  const recordedFiles: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(spec.fields ?? {})) {
    form.append(name, String(value));
    recordedFields[name] = String(value);
  }
  for (const [name, file] of Object.entries(spec.files ?? {})) {
    const read = await bytesOf(file, baseDir);
    const bytes = file.padTo !== undefined && file.padTo > read.bytes.byteLength ? padded(read.bytes, file.padTo) : read.bytes;
    const source = bytes === read.bytes ? read.source : `${read.source}, zero-padded to ${file.padTo} bytes`;
    const filename = file.filename ?? (file.path ? path.basename(file.path) : 'file');
    const contentType = file.contentType ?? 'application/octet-stream';
    form.append(name, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType }), filename);
    recordedFiles[name] = { filename, contentType, size: bytes.byteLength, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), source };
  }
  const encoded = new Response(form);
  return {
    body: new Uint8Array(await encoded.arrayBuffer()),
    contentType: encoded.headers.get('content-type')!,
    recorded: { multipart: { fields: recordedFields, files: recordedFiles } },
  };
}
