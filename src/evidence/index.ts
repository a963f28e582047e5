/**
 * Evidence packs: redaction, layout, summary, manifest and the atomic writer. `reos verify`
 * writes packs through `writeEvidencePack`; `reos evidence verify|show` reads the same formats.
 */
export { buildPackContents, type PackFile, type PackInput } from './contents.js';
export { gitCommit } from './git.js';
export { displayPath, packBaseName, slugify, transcriptPaths } from './layout.js';
export { MANIFEST_FILE, sha256, type ManifestFile, type PackManifest } from './manifest.js';
export { createRedactor, isSecretKey, REDACTED, redactRun, type Redactor } from './redact.js';
export { buildSummary, type PackSummary, type StatusCounts, type SummaryFailure, type SummaryScenario, type SummaryStep } from './summary.js';
export { clearInterruptedPacks } from './recover.js';
export { writeEvidencePack, type PackFs, type WritePackOptions, type WrittenPack } from './writer.js';
