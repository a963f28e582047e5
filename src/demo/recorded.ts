/**
 * The fallback: recorded exchanges from evidence packs already on disk (written by `reos
 * verify` or an earlier `reos demo`). Packs are searched newest first; a step is matched by
 * the show's name and the step id, else by the step id in any scenario of the pack. Only
 * steps that passed are offered: a recorded failure would not help the show. Transcripts are
 * already redacted by the pack writer.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StepResult } from '../model.js';

export interface RecordedStep {
  /** The pack folder's name, e.g. runtime_20261126_101500. */
  pack: string;
  /** When the pack was written (its manifest's createdAt, else read from its name). */
  recordedAt: string;
  /** The transcript's path inside the pack. */
  file: string;
  scenario: string;
  step: StepResult;
}

interface Transcript {
  format?: string;
  scenario?: { name?: string };
  step?: StepResult;
}

const PACK = /^runtime_(\d{8})_(\d{6})(?:_\d+)?$/;
/** Packs looked at, newest first: enough for a rehearsal history, bounded for a full evidence/ folder. */
const MAX_PACKS = 20;

function packTime(dir: string, name: string): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { createdAt?: string };
    if (manifest.createdAt) return manifest.createdAt;
  } catch {
    // no manifest: fall back to the name
  }
  const [, d, t] = PACK.exec(name) ?? [];
  return d ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4)}Z` : 'unknown time';
}

function transcriptsOf(dir: string): Array<{ file: string; transcript: Transcript }> {
  const out: Array<{ file: string; transcript: Transcript }> = [];
  const walk = (folder: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, folder), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const relative = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory() && depth < 2 && entry.name !== 'logs') walk(relative, depth + 1);
      else if (entry.isFile() && depth === 2 && entry.name.endsWith('.json')) {
        try {
          const transcript = JSON.parse(fs.readFileSync(path.join(dir, relative), 'utf8')) as Transcript;
          if (transcript.format === 'reos-transcript' && transcript.step) out.push({ file: relative, transcript });
        } catch {
          // a damaged transcript is not offered
        }
      }
    }
  };
  walk('', 0);
  return out;
}

/** Looks up recorded exchanges in the packs under `root`; each pack is read once. */
export class RecordedExchanges {
  private packs?: Array<{ name: string; dir: string }>;
  private readonly cache = new Map<string, Array<{ file: string; transcript: Transcript }>>();

  constructor(private readonly root: string) {}

  /** Pack folders, newest first (their names sort by time). */
  list(): Array<{ name: string; dir: string }> {
    if (!this.packs) {
      let names: string[] = [];
      try {
        names = fs.readdirSync(this.root).filter((n) => PACK.test(n) && fs.statSync(path.join(this.root, n)).isDirectory());
      } catch {
        names = [];
      }
      this.packs = names
        .sort((a, b) => (b.slice(0, 23) === a.slice(0, 23) ? Number(b.split('_')[3] ?? 1) - Number(a.split('_')[3] ?? 1) : b.localeCompare(a)))
        .slice(0, MAX_PACKS)
        .map((name) => ({ name, dir: path.join(this.root, name) }));
    }
    return this.packs;
  }

  find(show: string, stepId: string): RecordedStep | undefined {
    for (const pack of this.list()) {
      if (!this.cache.has(pack.name)) this.cache.set(pack.name, transcriptsOf(pack.dir));
      const passed = this.cache.get(pack.name)!.filter(({ transcript }) => transcript.step!.id === stepId && transcript.step!.status === 'passed' && transcript.step!.exchanges.length > 0);
      const hit = passed.find(({ transcript }) => transcript.scenario?.name === show) ?? passed[0];
      if (hit) return { pack: pack.name, recordedAt: packTime(pack.dir, pack.name), file: hit.file, scenario: hit.transcript.scenario?.name ?? '?', step: hit.transcript.step! };
    }
    return undefined;
  }
}
