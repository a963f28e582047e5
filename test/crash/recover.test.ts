/**
 * The states a SIGKILL can leave an evidence folder in, built by hand (the kill test only hits
 * the narrowest of them by luck): the next run clears dead writers' temporaries, removes a
 * folder whose zip was never renamed into place, and leaves complete packs and live writers'
 * temporaries alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearInterruptedPacks } from '../../src/evidence/recover.js';

const DEAD = 900_001;
const LIVE = 900_002;
const isAlive = (pid: number) => pid === LIVE;

let root: string;
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function make(entries: Record<string, 'dir' | 'file'>): void {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-recover-'));
  for (const [name, kind] of Object.entries(entries)) {
    if (kind === 'dir') {
      fs.mkdirSync(path.join(root, name, 'transcripts'), { recursive: true });
      fs.writeFileSync(path.join(root, name, 'summary.json'), '{}');
    } else fs.writeFileSync(path.join(root, name), 'PK');
  }
}

const listing = () => fs.readdirSync(root).sort();

describe('clearInterruptedPacks', () => {
  it('removes the temporaries of a writer killed before its renames', async () => {
    make({ [`.runtime_20250101_120000_tmp-${DEAD}`]: 'dir', [`.runtime_20250101_120000.zip.tmp-${DEAD}`]: 'file' });
    const removed = await clearInterruptedPacks(root, isAlive);
    expect(removed.sort()).toEqual([`.runtime_20250101_120000.zip.tmp-${DEAD}`, `.runtime_20250101_120000_tmp-${DEAD}`]);
    expect(listing()).toEqual([]);
  });

  it('removes a folder whose writer was killed between renaming it and renaming its zip', async () => {
    make({ runtime_20250101_120000: 'dir', [`.runtime_20250101_120000.zip.tmp-${DEAD}`]: 'file', runtime_20250101_110000: 'dir', 'runtime_20250101_110000.zip': 'file' });
    await clearInterruptedPacks(root, isAlive);
    expect(listing()).toEqual(['runtime_20250101_110000', 'runtime_20250101_110000.zip']);
  });

  it('keeps a complete pack even when a dead writer of the same name left its zip behind', async () => {
    // Two runs started in the same second: the first died before renaming, the second finished.
    make({ runtime_20250101_120000: 'dir', 'runtime_20250101_120000.zip': 'file', [`.runtime_20250101_120000.zip.tmp-${DEAD}`]: 'file' });
    await clearInterruptedPacks(root, isAlive);
    expect(listing()).toEqual(['runtime_20250101_120000', 'runtime_20250101_120000.zip']);
  });

  it('leaves a live writer alone, even between its two renames', async () => {
    make({
      runtime_20250101_120000: 'dir',
      [`.runtime_20250101_120000.zip.tmp-${LIVE}`]: 'file',
      [`.runtime_20250101_130000_tmp-${LIVE}`]: 'dir',
      'notes.txt': 'file',
      '.hidden-by-the-user': 'file',
    });
    expect(await clearInterruptedPacks(root, isAlive)).toEqual([]);
    expect(listing()).toHaveLength(5);
  });

  it('does nothing (and does not throw) when the folder does not exist', async () => {
    make({});
    expect(await clearInterruptedPacks(path.join(root, 'missing'))).toEqual([]);
  });
});
