/**
 * Opens an evidence pack as `reos verify` wrote it: the `.zip` (one top folder named like the
 * pack, as src/evidence/zip.ts writes it, or as `zip -r` would) or the unpacked folder. The zip
 * is read with node:zlib, like the writer: the central directory gives every entry, each entry's
 * CRC-32 is checked, and names that would escape the pack (`..`, absolute paths) are refused.
 *
 * `readPackFiles` returns only the bytes (for `reos evidence verify`, which must report a
 * damaged manifest.json as a verification failure); `readPack` also parses manifest.json and
 * summary.json. Every problem is a ReosError: a missing path, something that is not a pack, or
 * a corrupt zip exit 3 (unreadable); a pack whose manifest or summary cannot be parsed exits 1.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { EXIT, ReosError } from '../errors.js';
import { MANIFEST_FILE, type PackManifest } from './manifest.js';
import type { PackSummary } from './summary.js';

export const SUMMARY_FILE = 'summary.json';

export interface PackFiles {
  /** The absolute path that was opened. */
  source: string;
  type: 'zip' | 'dir';
  /** The pack's name: the zip's top folder, or the folder's base name. */
  name: string;
  /** Pack-relative POSIX path -> bytes, every regular file (folders are not listed). */
  files: Map<string, Buffer>;
}

export interface ReadPack extends PackFiles {
  manifest: PackManifest;
  summary: PackSummary;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** The largest a single pack file may inflate to (a guard against zip bombs). */
const MAX_ENTRY_BYTES = 1024 * 1024 * 1024;

function unreadable(message: string, hint: string, cause?: unknown): ReosError {
  return new ReosError(message, { hint, exitCode: EXIT.unreachable, code: 'EVIDENCE_UNREADABLE', cause });
}

function corrupt(source: string, reason: string): ReosError {
  return unreadable(`${source} is not a readable evidence pack zip: ${reason}.`, 'The zip is damaged or was not written by reos verify: use the pack folder beside it, or download the zip again.');
}

/** A pack-relative entry name, or an error when it would point outside the pack. */
function safeName(source: string, name: string): string {
  const posix = name.replace(/\\/g, '/');
  if (posix.startsWith('/') || /^[A-Za-z]:/.test(posix) || posix.split('/').some((part) => part === '..')) {
    throw corrupt(source, `the entry "${name}" points outside the pack`);
  }
  return posix;
}

/** Every entry of a zip (no ZIP64, no encryption), CRC-checked; folders end with `/` and are skipped. */
export function unzipEntries(source: string, zip: Buffer): Map<string, Buffer> {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw corrupt(source, 'no zip central directory was found');
  const count = zip.readUInt16LE(end + 10);
  const directorySize = zip.readUInt32LE(end + 12);
  let offset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) throw corrupt(source, 'ZIP64 archives are not supported');
  if (offset + directorySize > end) throw corrupt(source, 'the central directory lies outside the file');
  const entries = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL_HEADER) throw corrupt(source, `central directory entry ${n + 1} is damaged`);
    const flags = zip.readUInt16LE(offset + 8);
    const method = zip.readUInt16LE(offset + 10);
    const crc = zip.readUInt32LE(offset + 16);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const rawName = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const centralOffset = offset;
    offset += 46 + nameLength + extraLength + commentLength;
    const name = safeName(source, rawName);
    if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw corrupt(source, `the entry "${name}" has a damaged header`);
    const localNameLength = zip.readUInt16LE(localOffset + 26);
    // The local header repeats the central one (version needed .. name length) unless sizes
    // and CRC follow the data (flag 3), in which case only version, flags and method must agree.
    const shared = flags & 8 ? 6 : 26;
    if (!zip.subarray(localOffset + 4, localOffset + 4 + shared).equals(zip.subarray(centralOffset + 6, centralOffset + 6 + shared))) throw corrupt(source, `the entry "${name}" has a damaged header`);
    if (!zip.subarray(localOffset + 30, localOffset + 30 + localNameLength).equals(Buffer.from(rawName, 'utf8'))) throw corrupt(source, `the entry "${name}" has a damaged header`);
    if (name.endsWith('/')) continue;
    if (flags & 1) throw corrupt(source, `the entry "${name}" is encrypted`);
    const dataStart = localOffset + 30 + localNameLength + zip.readUInt16LE(localOffset + 28);
    const compressed = zip.subarray(dataStart, dataStart + compressedSize);
    if (compressed.length !== compressedSize) throw corrupt(source, `the entry "${name}" is truncated`);
    let data: Buffer;
    if (method === 0) data = Buffer.from(compressed);
    else if (method === 8) {
      try {
        data = zlib.inflateRawSync(compressed, { maxOutputLength: MAX_ENTRY_BYTES });
      } catch (error) {
        throw corrupt(source, `the entry "${name}" does not inflate (${(error as Error).message})`);
      }
    } else throw corrupt(source, `the entry "${name}" uses compression method ${method}, which reos does not read`);
    if (data.length !== size || zlib.crc32(data) !== crc) throw corrupt(source, `the entry "${name}" fails its CRC-32 check`);
    if (entries.has(name)) throw corrupt(source, `the entry "${name}" appears twice`);
    entries.set(name, data);
  }
  return entries;
}

/** The zip's entries relative to its single top folder (when every entry shares one). */
function stripTopFolder(entries: Map<string, Buffer>): { name: string | undefined; files: Map<string, Buffer> } {
  const tops = new Set([...entries.keys()].map((k) => (k.includes('/') ? k.slice(0, k.indexOf('/')) : '')));
  if (tops.size !== 1 || tops.has('')) return { name: undefined, files: entries };
  const [top] = tops;
  return { name: top, files: new Map([...entries].map(([k, v]) => [k.slice(top.length + 1), v])) };
}

async function readDir(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const rels = entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
  for (const rel of rels) files.set(rel.split(path.sep).join('/'), await fs.readFile(path.join(dir, rel)));
  return files;
}

/** The bytes of every file in a pack, without interpreting any of them. */
export async function readPackFiles(target: string): Promise<PackFiles> {
  const source = path.resolve(target);
  const stat = await fs.stat(source).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw unreadable(`No evidence pack at ${target}.`, 'Give the path of a pack folder or its .zip (reos verify prints both), e.g. reos-evidence/runtime_20251105_182213.zip.', error);
    throw unreadable(`Could not open ${target}: ${error.message}.`, 'Check the path and its permissions.', error);
  });
  let result: PackFiles;
  try {
    if (stat.isDirectory()) {
      result = { source, type: 'dir', name: path.basename(source), files: await readDir(source) };
    } else {
      const bytes = await fs.readFile(source);
      if (bytes.length < 4 || bytes.readUInt32LE(0) !== LOCAL_HEADER) {
        throw unreadable(`${target} is not an evidence pack: it is neither a folder nor a zip.`, 'Give the path of a pack folder or its .zip, as printed by reos verify.');
      }
      const { name, files } = stripTopFolder(unzipEntries(target, bytes));
      result = { source, type: 'zip', name: name ?? path.basename(source, '.zip'), files };
    }
  } catch (error) {
    if (error instanceof ReosError) throw error;
    throw unreadable(`Could not read ${target}: ${(error as Error).message}.`, 'Check the path and its permissions.', error);
  }
  if (!result.files.has(MANIFEST_FILE)) {
    throw unreadable(`${target} is not an evidence pack: it has no ${MANIFEST_FILE}.`, 'Give the path of a pack folder or its .zip, as printed by reos verify (e.g. reos-evidence/runtime_20251105_182213).');
  }
  return result;
}

/** A JSON document of the pack, checked for its `format` marker; exit 1 when it does not parse. */
export function parsePackJson<T>(pack: PackFiles, file: string, format: string): T {
  const bytes = pack.files.get(file);
  if (!bytes) throw new ReosError(`${pack.source} has no ${file}.`, { hint: 'The pack is incomplete: run reos evidence verify on it to see what else is missing.', exitCode: EXIT.failed, code: 'EVIDENCE_INVALID' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ReosError(`${file} in ${pack.source} is not valid JSON (${(error as Error).message}).`, { hint: 'The pack was altered or damaged: run reos evidence verify on it for details.', exitCode: EXIT.failed, code: 'EVIDENCE_INVALID', cause: error });
  }
  if (!parsed || typeof parsed !== 'object' || (parsed as { format?: unknown }).format !== format) {
    throw new ReosError(`${file} in ${pack.source} is not a ${format} document.`, { hint: 'The pack was altered or was not written by reos verify: run reos evidence verify on it for details.', exitCode: EXIT.failed, code: 'EVIDENCE_INVALID' });
  }
  return parsed as T;
}

/**
 * Opens a pack (zip or folder) and parses its manifest and summary.
 * @example
 * const pack = await readPack('reos-evidence/runtime_20251105_182213.zip');
 * pack.summary.verdict; // 'GO'
 * pack.files.get('auth/login/01-login.json'); // Buffer
 */
export async function readPack(target: string): Promise<ReadPack> {
  const files = await readPackFiles(target);
  const manifest = parsePackJson<PackManifest>(files, MANIFEST_FILE, 'reos-evidence-pack');
  const summary = parsePackJson<PackSummary>(files, SUMMARY_FILE, 'reos-evidence-summary');
  return { ...files, manifest, summary };
}
