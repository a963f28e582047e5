/** `reos evidence keygen`: an ed25519 key pair for signing evidence packs. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { EXIT, ReosError } from '../../errors.js';

export interface KeygenJson {
  privateKey: string;
  publicKey: string;
  /** Hex SHA-256 of the public key's SPKI DER. */
  fingerprint: string;
}

export default class EvidenceKeygen extends BaseCommand {
  static override summary = 'Create an ed25519 key pair to sign evidence packs';
  static override description = `Writes <out>/<name>.key (the private key, PKCS#8 PEM, file mode 0600: keep it secret, e.g. as a CI secret) and <out>/<name>.pub (the public key, SPKI PEM: give it to whoever checks your packs), and prints the public key's fingerprint: the hex SHA-256 of its SPKI DER bytes, which every signed pack's manifest.json records. Existing files are never overwritten unless --force is given.

Sign with: reos verify --sign-key <out>/<name>.key (or REOS_SIGNING_KEY). Check with: reos evidence verify <pack> --pubkey <out>/<name>.pub.

Exit codes: 0 written, 2 a key file already exists (without --force) or the name is invalid, 1 the files could not be written.`;

  static override examples = [
    { description: 'keys/reos.key and keys/reos.pub', command: '<%= config.bin %> <%= command.id %> --out keys' },
    { description: 'A second key for CI, replacing an old one', command: '<%= config.bin %> <%= command.id %> --out keys --name ci --force' },
    { description: 'Print the paths and fingerprint as JSON', command: '<%= config.bin %> <%= command.id %> --out keys --json' },
  ];

  static override flags = {
    out: Flags.string({ default: '.', description: 'Folder the key files are written in (created if missing).' }),
    name: Flags.string({ default: 'reos', description: 'Base name of the key files: <name>.key and <name>.pub.' }),
    force: Flags.boolean({ description: 'Overwrite existing key files.' }),
  };

  async run(): Promise<KeygenJson> {
    const { flags } = await this.parse(EvidenceKeygen);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(flags.name)) {
      throw new ReosError(`--name "${flags.name}" is not a plain file name.`, { hint: 'Use letters, digits, dots, dashes and underscores, e.g. --name ci.', exitCode: EXIT.usage, code: 'BAD_NAME' });
    }
    const { generateKeyPair } = await import('../../evidence/sign.js');
    const dir = path.resolve(flags.out);
    const privateKey = path.join(dir, `${flags.name}.key`);
    const publicKey = path.join(dir, `${flags.name}.pub`);
    if (!flags.force) {
      for (const file of [privateKey, publicKey]) {
        const exists = await fs.access(file).then(() => true, () => false);
        if (exists) throw new ReosError(`${file} already exists; reos will not overwrite a key.`, { hint: 'Pass --force to replace it (packs signed with the old key then need the old .pub to check), or choose another --name or --out.', exitCode: EXIT.usage, code: 'KEY_EXISTS' });
      }
    }
    const pair = generateKeyPair();
    try {
      await fs.mkdir(dir, { recursive: true });
      // Written under temporary names and renamed, so a failure never leaves half a key pair.
      const tmpKey = `${privateKey}.tmp-${process.pid}`;
      const tmpPub = `${publicKey}.tmp-${process.pid}`;
      try {
        await fs.writeFile(tmpKey, pair.privateKeyPem, { mode: 0o600 });
        await fs.chmod(tmpKey, 0o600);
        await fs.writeFile(tmpPub, pair.publicKeyPem, { mode: 0o644 });
        await fs.rename(tmpKey, privateKey);
        await fs.rename(tmpPub, publicKey);
      } finally {
        await fs.rm(tmpKey, { force: true });
        await fs.rm(tmpPub, { force: true });
      }
    } catch (error) {
      throw new ReosError(`Could not write the key pair in ${dir}: ${(error as Error).message}.`, { hint: 'Check that the folder is writable, or choose another with --out.', exitCode: EXIT.failed, code: 'KEYGEN_WRITE_FAILED', cause: error });
    }
    if (!this.jsonEnabled()) {
      this.log(`Private key: ${privateKey} (mode 0600; keep it secret)`);
      this.log(`Public key:  ${publicKey}`);
      this.log(`Fingerprint: ${pair.fingerprint} (SHA-256 of the public key's SPKI DER)`);
      this.log(`Sign:  reos verify --sign-key ${path.relative(process.cwd(), privateKey) || privateKey}`);
      this.log(`Check: reos evidence verify <pack> --pubkey ${path.relative(process.cwd(), publicKey) || publicKey}`);
    }
    return { privateKey, publicKey, fingerprint: pair.fingerprint };
  }
}
