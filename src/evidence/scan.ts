/**
 * The last line of defence before a pack is written: every file's bytes are searched for every
 * value known to be secret (the configured JWT secret, .env secrets, passwords and tokens the
 * redactor saw in the run), raw, JSON-escaped and URL-encoded. One hit and no pack is written:
 * the error names the file and the secret's name, never its value.
 */
import { EXIT, ReosError } from '../errors.js';
import type { NamedSecret } from './redact.js';

/** Values shorter than this are not searched for (they would hit ordinary bytes). */
const MIN_SCANNED_LENGTH = 6;

export interface SecretHit {
  file: string;
  name: string;
}

export function findSecrets(files: Array<{ path: string; data: Buffer }>, secrets: NamedSecret[]): SecretHit[] {
  const needles = secrets
    .filter((s) => s.value.length >= MIN_SCANNED_LENGTH)
    .map((s) => ({ name: s.name, forms: [...new Set([s.value, JSON.stringify(s.value).slice(1, -1), encodeURIComponent(s.value)])].map((f) => Buffer.from(f, 'utf8')) }));
  const hits: SecretHit[] = [];
  for (const file of files) {
    for (const needle of needles) {
      if (needle.forms.some((form) => file.data.includes(form))) hits.push({ file: file.path, name: needle.name });
    }
  }
  return hits;
}

/** Throws (exit 1) when any file still holds a known secret. */
export function assertNoSecrets(files: Array<{ path: string; data: Buffer }>, secrets: NamedSecret[]): void {
  const hits = findSecrets(files, secrets);
  if (hits.length === 0) return;
  const listed = hits.slice(0, 5).map((h) => `${h.file} (secret "${h.name}")`).join(', ');
  throw new ReosError(`The evidence pack would contain a secret: ${listed}${hits.length > 5 ? ` and ${hits.length - 5} more` : ''}. No pack was written.`, {
    hint: 'A secret reached a place redaction does not cover (a scenario file name, a step id, the environment): rename it, or report the leak. The values themselves are never printed.',
    exitCode: EXIT.failed,
    code: 'EVIDENCE_SECRET_FOUND',
  });
}
