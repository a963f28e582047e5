/**
 * The pack as one zip: every file under a top folder named like the pack, as `zip -r` does
 * (folder entries included, UNIX permissions 0664 / 0775, DOS times in UTC as JSZip wrote them).
 * Written with node:zlib (raw DEFLATE, level 6, and its CRC-32) rather than JSZip: the same
 * archive, without loading and warming up a JavaScript deflate on every `reos verify`, which
 * cost about 100 ms of a short run. No ZIP64: a pack over 4 GiB or 65,535 entries is refused.
 */
import zlib from 'node:zlib';
import type { PackFile } from './contents.js';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** Made by UNIX (3), spec 3.0: the external attributes carry UNIX permissions. */
const VERSION_MADE_BY = 0x031e;
const UTF8_NAMES = 0x0800;
const FILE_MODE = 0o100664;
const DIR_MODE = 0o040775;
const DOS_DIRECTORY = 0x10;

interface Entry {
  name: Buffer;
  ascii: boolean;
  dir: boolean;
  method: 0 | 8;
  crc: number;
  size: number;
  data: Buffer;
  offset: number;
}

function dosDateTime(date: Date): { time: number; day: number } {
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  return { time, day };
}

/** Folder entries first (outermost first), each once, then the file: the order `zip -r` uses. */
function entryNames(rootName: string, files: PackFile[]): Array<{ name: string; file?: PackFile }> {
  const out: Array<{ name: string; file?: PackFile }> = [];
  const folders = new Set<string>();
  const addFolder = (folder: string) => {
    if (folders.has(folder)) return;
    const parent = folder.slice(0, folder.lastIndexOf('/', folder.length - 2) + 1);
    if (parent) addFolder(parent);
    folders.add(folder);
    out.push({ name: folder });
  };
  for (const file of files) {
    const name = `${rootName}/${file.path}`;
    addFolder(name.slice(0, name.lastIndexOf('/') + 1));
    out.push({ name, file });
  }
  return out;
}

/** The fields the local and the central header share, from "version needed" to "extra length". */
function commonHeader(entry: Entry, stamp: { time: number; day: number }): Buffer {
  const header = Buffer.alloc(26);
  header.writeUInt16LE(entry.dir ? 10 : 20, 0);
  header.writeUInt16LE(entry.ascii ? 0 : UTF8_NAMES, 2);
  header.writeUInt16LE(entry.method, 4);
  header.writeUInt16LE(stamp.time, 6);
  header.writeUInt16LE(stamp.day, 8);
  header.writeUInt32LE(entry.crc, 10);
  header.writeUInt32LE(entry.data.length, 14);
  header.writeUInt32LE(entry.size, 18);
  header.writeUInt16LE(entry.name.length, 22);
  header.writeUInt16LE(0, 24);
  return header;
}

function centralRecord(entry: Entry, common: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(CENTRAL_HEADER, 0);
  const made = Buffer.alloc(2);
  made.writeUInt16LE(VERSION_MADE_BY, 0);
  const tail = Buffer.alloc(14);
  // comment length, disk number, internal attributes: zero; then external attributes and offset.
  const attributes = ((entry.dir ? DIR_MODE : FILE_MODE) << 16) | (entry.dir ? DOS_DIRECTORY : 0);
  tail.writeUInt32LE(attributes >>> 0, 6);
  tail.writeUInt32LE(entry.offset, 10);
  return Buffer.concat([head, made, common, tail, entry.name]);
}

export async function zipPack(rootName: string, files: PackFile[], date: Date): Promise<Buffer> {
  const stamp = dosDateTime(date);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, file } of entryNames(rootName, files)) {
    const data = file ? zlib.deflateRawSync(file.data, { level: 6 }) : Buffer.alloc(0);
    const entry: Entry = { name: Buffer.from(name), ascii: /^[\x20-\x7e]*$/.test(name), dir: !file, method: file ? 8 : 0, crc: file ? zlib.crc32(file.data) : 0, size: file?.data.length ?? 0, data, offset };
    const common = commonHeader(entry, stamp);
    const signature = Buffer.alloc(4);
    signature.writeUInt32LE(LOCAL_HEADER, 0);
    locals.push(signature, common, entry.name, data);
    centrals.push(centralRecord(entry, common));
    offset += 4 + common.length + entry.name.length + data.length;
    if (offset > 0xffffffff) throw new Error('the evidence pack is over 4 GiB, more than a zip without ZIP64 holds');
  }
  if (centrals.length > 0xffff) throw new Error('the evidence pack has more than 65,535 entries, more than a zip without ZIP64 holds');
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(centrals.length, 8);
  end.writeUInt16LE(centrals.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
