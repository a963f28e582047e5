/**
 * Assertions on a fetched object: status, content type, size bounds, first bytes (text or hex),
 * SHA-256 (or the same bytes as a local file) and, for PDFs, the page count (read with pdf-lib).
 * Each is plain data with expected / actual / passed and where it was written.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { AssertionResult, SourceLocation } from '../../model.js';
import { matchValue, type Matcher } from '../support/matchers.js';
import { describeStatus, statusMatches, type StatusSpec } from '../support/status.js';
import { sha256Hex } from './fetch.js';

export interface Bounds {
  min?: number;
  max?: number;
  eq?: number;
}

export interface ObjectExpect {
  status?: StatusSpec;
  contentType?: Matcher;
  size?: Bounds;
  startsWith?: string;
  startsWithHex?: string;
  sha256?: string;
  sameAsFile?: string;
  pdfPages?: Bounds;
}

type Locate = (path: readonly (string | number)[]) => SourceLocation;
const BASE = ['storage', 'expect'];

function result(label: string, op: string, expected: unknown, actual: unknown, passed: boolean, at: SourceLocation, message?: string): AssertionResult {
  return { label, op, expected, actual, passed, ...(passed ? {} : { message: message ?? `${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}` }), location: at };
}

function bounds(label: string, actual: number | undefined, spec: Bounds, at: Locate, key: string): AssertionResult[] {
  const out: AssertionResult[] = [];
  const loc = (op: string) => at([...BASE, key, op]);
  if (spec.eq !== undefined) out.push(result(label, 'eq', spec.eq, actual, actual === spec.eq, loc('eq')));
  if (spec.min !== undefined) out.push(result(label, 'gte', spec.min, actual, actual !== undefined && actual >= spec.min, loc('min'), `${label} ${actual ?? 'unknown'} is below the minimum ${spec.min}`));
  if (spec.max !== undefined) out.push(result(label, 'lte', spec.max, actual, actual !== undefined && actual <= spec.max, loc('max'), `${label} ${actual ?? 'unknown'} is above the maximum ${spec.max}`));
  return out;
}

export async function pdfPageCount(bytes: Uint8Array): Promise<{ pages?: number; error?: string }> {
  try {
    return { pages: (await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false })).getPageCount() };
  } catch (error) {
    return { error: `not a PDF that can be read: ${(error as Error).message}` };
  }
}

export async function assertObject(
  fetched: { status?: number; contentType?: string; bytes?: Uint8Array },
  expect: ObjectExpect,
  at: Locate,
  baseDir: string,
): Promise<{ assertions: AssertionResult[]; pages?: number }> {
  const status = expect.status ?? 200;
  const assertions: AssertionResult[] = [
    result('status', Array.isArray(status) ? 'in' : 'eq', status, fetched.status, statusMatches(fetched.status, status), at([...BASE, 'status']), `expected status ${describeStatus(status)}, got ${fetched.status}`),
  ];
  const bytes = fetched.bytes ?? new Uint8Array();
  if (expect.contentType !== undefined) {
    const type = fetched.contentType?.split(';')[0].trim();
    assertions.push(...matchValue({ label: 'content type', actual: type, locate: at }, expect.contentType, [...BASE, 'contentType']));
  }
  if (expect.size) assertions.push(...bounds('size in bytes', fetched.bytes?.byteLength, expect.size, at, 'size'));
  if (expect.startsWith !== undefined) {
    const head = Buffer.from(bytes.subarray(0, Buffer.byteLength(expect.startsWith))).toString('latin1');
    assertions.push(result('first bytes (text)', 'startsWith', expect.startsWith, head, head === expect.startsWith, at([...BASE, 'startsWith'])));
  }
  if (expect.startsWithHex !== undefined) {
    const want = expect.startsWithHex.replace(/\s+/g, '').toLowerCase();
    const head = Buffer.from(bytes.subarray(0, want.length / 2)).toString('hex');
    assertions.push(result('first bytes (hex)', 'startsWith', want, head, head === want, at([...BASE, 'startsWithHex'])));
  }
  if (expect.sha256 !== undefined) {
    const actual = sha256Hex(bytes);
    assertions.push(result('sha256', 'eq', expect.sha256.toLowerCase(), actual, actual === expect.sha256.toLowerCase(), at([...BASE, 'sha256'])));
  }
  if (expect.sameAsFile !== undefined) {
    const file = path.resolve(baseDir, expect.sameAsFile);
    const local = await fs.readFile(file).catch(() => undefined);
    const want = local ? sha256Hex(new Uint8Array(local)) : undefined;
    const actual = sha256Hex(bytes);
    assertions.push(result(`same bytes as ${expect.sameAsFile}`, 'eq', want ?? `(cannot read ${file})`, actual, want === actual, at([...BASE, 'sameAsFile'])));
  }
  let pages: number | undefined;
  if (expect.pdfPages) {
    const counted = await pdfPageCount(bytes);
    pages = counted.pages;
    const checks = bounds('PDF pages', pages, expect.pdfPages, at, 'pdfPages');
    if (counted.error) for (const c of checks) Object.assign(c, { passed: false, message: `PDF pages: ${counted.error}` });
    assertions.push(...checks);
  }
  return { assertions, pages };
}
