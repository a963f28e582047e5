/**
 * Signing evidence packs with ed25519 (node:crypto). `reos evidence keygen` writes a key pair
 * as PEM (PKCS#8 private key, SPKI public key); `reos verify --sign-key FILE` (or
 * REOS_SIGNING_KEY, a path or the PEM itself) signs the exact bytes of manifest.json into the
 * detached `manifest.sig` (base64, one line); the manifest records the signer's public key and
 * its fingerprint: the lower-case hex SHA-256 of the public key's SPKI DER bytes, the same
 * value `reos evidence keygen` prints and `openssl pkey -pubin -outform DER | sha256sum` gives.
 */
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { EXIT, ReosError } from '../errors.js';

export const SIGNATURE_FILE = 'manifest.sig';
export const SIGNATURE_ALGORITHM = 'ed25519';

/** What manifest.json records about its signature. */
export interface ManifestSignature {
  algorithm: typeof SIGNATURE_ALGORITHM;
  /** Hex SHA-256 of the public key's SPKI DER. */
  keyFingerprint: string;
  /** The public key, SPKI PEM, so a pack can be checked without the key file (its fingerprint is what to trust). */
  publicKey: string;
  /** The detached signature's file, pack-relative. */
  file: typeof SIGNATURE_FILE;
}

export interface PackSigner {
  fingerprint: string;
  publicKeyPem: string;
  sign(data: Uint8Array): Buffer;
}

export function fingerprintOf(publicKey: KeyObject): string {
  return crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

function badKey(message: string, hint: string, cause?: unknown): ReosError {
  return new ReosError(message, { hint, exitCode: EXIT.usage, code: 'EVIDENCE_BAD_KEY', cause });
}

/** The PEM text of `source`: itself when it is PEM, else the file it names. */
function pemOf(source: string, what: string): { pem: string; origin: string } {
  if (source.includes('-----BEGIN')) return { pem: source, origin: `the ${what} PEM given` };
  try {
    return { pem: fs.readFileSync(source, 'utf8'), origin: source };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw badKey(
      code === 'ENOENT' ? `The ${what} file ${source} does not exist.` : `Could not read the ${what} file ${source}: ${(error as Error).message}.`,
      'Create a key pair with `reos evidence keygen --out keys` and pass keys/reos.key (or set REOS_SIGNING_KEY to its path).',
      error,
    );
  }
}

/**
 * A signer from an ed25519 private key (a file path or PEM text); throws a usage error (exit 2)
 * for a missing file, a public key, another algorithm or text that is not a key.
 */
export function loadSigningKey(source: string): PackSigner {
  const { pem, origin } = pemOf(source, 'signing key');
  let privateKey: KeyObject;
  try {
    privateKey = crypto.createPrivateKey(pem);
  } catch (error) {
    const isPublic = /BEGIN PUBLIC KEY/.test(pem);
    throw badKey(
      isPublic ? `${origin} is a public key; signing needs the private key.` : `${origin} is not a PEM private key (${(error as Error).message}).`,
      isPublic ? 'Pass the .key file written by `reos evidence keygen`, not the .pub.' : 'Create a key pair with `reos evidence keygen` and pass its .key file.',
      error,
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw badKey(`${origin} is a ${privateKey.asymmetricKeyType ?? 'non-asymmetric'} key; reos signs with ed25519.`, 'Create an ed25519 key pair with `reos evidence keygen`.');
  }
  const publicKey = crypto.createPublicKey(privateKey);
  return {
    fingerprint: fingerprintOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (data) => crypto.sign(null, data, privateKey),
  };
}

/** An ed25519 public key from a file or PEM (a private key file works too: its public half is used). */
export function loadPublicKey(source: string): { key: KeyObject; fingerprint: string } {
  const { pem, origin } = pemOf(source, 'public key');
  let key: KeyObject;
  try {
    key = crypto.createPublicKey(pem);
  } catch (error) {
    throw badKey(`${origin} is not a PEM public key (${(error as Error).message}).`, 'Pass the .pub file written by `reos evidence keygen`.', error);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw badKey(`${origin} is a ${key.asymmetricKeyType} key; reos packs are signed with ed25519.`, 'Pass the .pub file written by `reos evidence keygen`.');
  return { key, fingerprint: fingerprintOf(key) };
}

/** True when `signature` (base64) is `key`'s ed25519 signature of `data`. */
export function signatureHolds(data: Uint8Array, signature: string, key: KeyObject): boolean {
  const bytes = Buffer.from(signature.trim(), 'base64');
  if (bytes.length !== 64) return false;
  try {
    return crypto.verify(null, data, key, bytes);
  } catch {
    return false;
  }
}

/** A new ed25519 key pair as PEM, with the public key's fingerprint. */
export function generateKeyPair(): { privateKeyPem: string; publicKeyPem: string; fingerprint: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(publicKey),
  };
}
