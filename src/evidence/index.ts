/**
 * Evidence packs: redaction, layout, summary, manifest and the atomic writer. `reos verify`
 * writes packs through `writeEvidencePack`; `reos evidence verify|show` reads the same formats.
 */
export { buildPackContents, type PackFile, type PackInput } from './contents.js';
export { gitCommit } from './git.js';
export { displayPath, packBaseName, slugify, transcriptPaths } from './layout.js';
export { MANIFEST_FILE, sha256, UNLISTED_FILES, type ManifestFile, type PackManifest } from './manifest.js';
export { parsePackJson, readPack, readPackFiles, SUMMARY_FILE, unzipEntries, type PackFiles, type ReadPack } from './read.js';
export { commitment, createRedactor, isMarker, isSecretKey, MARKER, REDACTED, redactRun, type NamedSecret, type Redactor } from './redact.js';
export { assertNoSecrets, findSecrets, type SecretHit } from './scan.js';
export { fingerprintOf, generateKeyPair, loadPublicKey, loadSigningKey, signatureHolds, SIGNATURE_FILE, type ManifestSignature, type PackSigner } from './sign.js';
export { computeCoverage, describeCoverage, type OperationCoverage } from './coverage.js';
export { buildSummary, type PackSummary, type StatusCounts, type SummaryFailure, type SummaryScenario, type SummaryStep } from './summary.js';
export { clearInterruptedPacks } from './recover.js';
export { writeEvidencePack, type PackFs, type WritePackOptions, type WrittenPack } from './writer.js';
export { revealValue, verifyPack, type Finding, type PackVerification, type RevealResult, type VerifyPackOptions } from './audit.js';
export { formatVerification } from './audit-format.js';
