/**
 * manifest.json: what an auditor checks first. The format version, reos version, creation
 * time, git commit, environment, the scenario files with their SHA-256, and every other file
 * in the pack with its SHA-256 and size (the manifest itself is excluded: it cannot hash
 * itself).
 */
import crypto from 'node:crypto';
import type { RunEnvironment } from '../model.js';
import type { ManifestSignature } from './sign.js';

export const MANIFEST_FILE = 'manifest.json';

export interface ManifestFile {
  /** Relative to the pack root, POSIX separators. */
  path: string;
  sha256: string;
  size: number;
}

export interface PackManifest {
  format: 'reos-evidence-pack';
  formatVersion: 1;
  reosVersion: string;
  createdAt: string;
  runId: string;
  gitCommit: string | null;
  environment: RunEnvironment;
  scenarioFiles: Array<{ path: string; sha256: string }>;
  files: ManifestFile[];
  /** Present when the pack is signed: manifest.sig holds the ed25519 signature of manifest.json's exact bytes. */
  signature?: ManifestSignature;
}

export function sha256(data: string | Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function describeFile(path: string, data: Uint8Array): ManifestFile {
  return { path, sha256: sha256(data), size: data.byteLength };
}

/** The files a manifest cannot list: itself, and the signature of its bytes. */
export const UNLISTED_FILES: readonly string[] = [MANIFEST_FILE, 'manifest.sig'];

export function buildManifest(input: Omit<PackManifest, 'format' | 'formatVersion' | 'files'> & { files: ManifestFile[] }): PackManifest {
  const files = input.files.filter((f) => !UNLISTED_FILES.includes(f.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { format: 'reos-evidence-pack', formatVersion: 1, ...input, files };
}
