/**
 * Flags several commands share, defined once so their names, defaults and help read the same
 * everywhere. CLI-side only (imports oclif); the library under src/runtime never sees them.
 */
import { Flags } from '@oclif/core';

/** `--data-dir` and `--database-url`: which database a `reos db` command works on. */
export function databaseTargetFlags(verb: string) {
  return {
    'data-dir': Flags.string({ description: 'Folder of the embedded database. [default: REOS_DATA_DIR, else .reos]' }),
    'database-url': Flags.string({ description: `PostgreSQL URL to ${verb} instead of the embedded database. [default: DATABASE_URL]` }),
  };
}
