/** The pack as one zip: every file under a top folder named like the pack, as `zip -r` does. */
import type { PackFile } from './contents.js';

export async function zipPack(rootName: string, files: PackFile[], date: Date): Promise<Buffer> {
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  const folder = zip.folder(rootName)!;
  for (const file of files) folder.file(file.path, file.data, { date, createFolders: true });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
}
