/**
 * Canonical form of a multipart/form-data body for fingerprinting: one line per part, sorted,
 * `name=value` for a field and `name=file:<filename>:<type>:<sha256>` for a file. Reads a clone,
 * so the route still reads the body itself. A body that does not parse fingerprints as
 * `invalid-multipart` (the route will refuse it, and a refused request stores nothing).
 */
import crypto from 'node:crypto';

export async function canonicalMultipart(raw: Request): Promise<string> {
  let form: FormData;
  try {
    form = await raw.clone().formData();
  } catch {
    return 'invalid-multipart';
  }
  const lines: string[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      lines.push(`${JSON.stringify(name)}=${JSON.stringify(value)}`);
    } else {
      const digest = crypto.createHash('sha256').update(new Uint8Array(await value.arrayBuffer())).digest('hex');
      lines.push(`${JSON.stringify(name)}=file:${JSON.stringify(value.name)}:${value.type}:${digest}`);
    }
  }
  return `multipart\n${lines.sort().join('\n')}`;
}
