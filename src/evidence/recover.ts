/**
 * Clears what a killed writer left in an evidence folder. The writer (writer.ts) writes
 * `.<name>_tmp-<pid>/` and `.<name>.zip.tmp-<pid>`, then renames the folder and then the zip;
 * a process killed before the renames (SIGKILL, power loss, OOM) leaves those temporaries
 * behind, and one killed between the two renames leaves `<name>/` without `<name>.zip`.
 * Before each write the next run removes the temporaries of processes that no longer run, and
 * in the second case also the lone folder: a pack is the folder AND the zip, as in writer.ts.
 * Temporaries of a live process (a concurrent run) are left alone.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

const TEMP_DIR = /^\.(runtime_.+)_tmp-(\d+)$/;
const TEMP_ZIP = /^\.(runtime_.+)\.zip\.tmp-(\d+)$/;

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(target: string): Promise<boolean> {
  return fs.access(target).then(
    () => true,
    () => false,
  );
}

/**
 * Removes dead writers' temporaries under `root`, and a pack folder whose zip a dead writer
 * never renamed into place. Returns the names it removed. Never throws: a folder it cannot
 * clean is only untidy, and the pack about to be written does not depend on it.
 *
 * @example
 * await clearInterruptedPacks('evidence'); // ['.runtime_20250101_120000_tmp-4242']
 */
export async function clearInterruptedPacks(root: string, isAlive: (pid: number) => boolean = processAlive): Promise<string[]> {
  const removed: string[] = [];
  const entries = await fs.readdir(root).catch(() => [] as string[]);
  const livePacks = new Set<string>();
  const dead: Array<{ entry: string; pack: string; zip: boolean }> = [];
  for (const entry of entries) {
    const match = TEMP_DIR.exec(entry) ?? TEMP_ZIP.exec(entry);
    if (!match) continue;
    if (isAlive(Number(match[2]))) livePacks.add(match[1]);
    else dead.push({ entry, pack: match[1], zip: TEMP_ZIP.test(entry) });
  }
  for (const { entry, pack, zip } of dead) {
    // A dead writer's zip still unrenamed while its folder has the final name: killed between
    // the renames. Unless a live writer is busy with that name, the lone folder goes too.
    const lone = zip && !livePacks.has(pack) && (await exists(path.join(root, pack))) && !(await exists(path.join(root, `${pack}.zip`)));
    for (const name of lone ? [entry, pack] : [entry]) {
      const ok = await fs.rm(path.join(root, name), { recursive: true, force: true }).then(
        () => true,
        () => false,
      );
      if (ok) removed.push(name);
    }
  }
  return removed;
}
