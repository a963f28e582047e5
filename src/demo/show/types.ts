/** A run-of-show once loaded: presenter sections around ordinary scenario steps. */
import type { ScenarioDefinition, SourceLocation, StepDefinition } from '../../model.js';

export interface ShowLink {
  label: string;
  /** May hold `${{ }}` references (run.base_url, run.mail_url ...), resolved when shown. */
  url: string;
}

export interface ShowFigure {
  label: string;
  /** A `${{ }}` reference (or text holding some) resolved after the section's steps ran. */
  value: string;
}

export interface ShowSection {
  id: string;
  title: string;
  /** Planned duration as written (`2m`, `90s`) and in milliseconds. */
  duration: string;
  plannedMs: number;
  /** What the presenter says (may read earlier captures). */
  script: string;
  talkingPoints: string[];
  links: ShowLink[];
  figures: ShowFigure[];
  /** Show this run's step results (live / recorded / failed) at the end of the section. */
  results: boolean;
  /** What to say when this section's live calls fail. */
  fallback?: string;
  steps: StepDefinition[];
  location: SourceLocation;
}

export interface Show {
  name: string;
  title: string;
  description?: string;
  sections: ShowSection[];
  troubleshooting: Array<{ problem: string; fix: string }>;
  /** Every section's steps as one scenario (area `demo`), so captures flow across sections. */
  scenario: ScenarioDefinition;
  file: string;
  fileSha256: string;
}

/** `2m`, `90s`, `1m30s` in milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!match || (match[1] === undefined && match[2] === undefined)) throw new Error(`not a duration: ${text}`);
  return (Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 1000;
}

/** `m:ss` for a number of milliseconds. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
