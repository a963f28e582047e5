/**
 * The StackConfig `reos up` starts: the stack's own reading of the environment
 * (`loadStackConfig`), then the command's flags on top, then the checks that the stack would
 * otherwise only fail on deep inside a listen or a connect.
 */
import { loadStackConfig, type StackConfig } from '../../stack/config.js';
import { EXIT, ReosError } from '../errors.js';
import { resolveDatabaseTarget } from './database-target.js';
import type { EnvMap } from './env.js';

export interface UpFlags {
  port?: number;
  host?: string;
  dataDir?: string;
  /** Keep the embedded database in memory; wins over DATABASE_URL from the environment. */
  ephemeral?: boolean;
  databaseUrl?: string;
  logLevel?: string;
  /** The embedded mail catcher's ports (MAIL_SMTP_PORT / MAIL_HTTP_PORT). */
  mailSmtpPort?: number;
  mailHttpPort?: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function resolveUpConfig(env: EnvMap, flags: UpFlags, version: string): StackConfig {
  const base = loadStackConfig(env, version);
  const ephemeral = Boolean(flags.ephemeral);
  const target = resolveDatabaseTarget(ephemeral ? { ...env, DATABASE_URL: undefined } : env, {
    databaseUrl: flags.databaseUrl,
    dataDir: flags.dataDir,
  });
  const config: StackConfig = {
    ...base,
    host: flags.host ?? base.host,
    port: flags.port ?? base.port,
    dataDir: target.dataDir,
    databaseUrl: target.databaseUrl,
    ephemeral,
    logLevel: flags.logLevel ?? base.logLevel,
    mail: {
      ...base.mail,
      catcherSmtpPort: flags.mailSmtpPort ?? base.mail.catcherSmtpPort,
      catcherHttpPort: flags.mailHttpPort ?? base.mail.catcherHttpPort,
    },
  };
  if (config.port > 65_535) {
    throw new ReosError(`Port ${config.port} is out of range.`, {
      hint: 'Use --port (or REOS_PORT) with a value from 1 to 65535.',
      exitCode: EXIT.usage,
      code: 'BAD_CONFIG',
    });
  }
  if (!(LOG_LEVELS as readonly string[]).includes(config.logLevel)) {
    throw new ReosError(`Unknown log level "${config.logLevel}".`, {
      hint: `Use --log-level (or LOG_LEVEL) with one of: ${LOG_LEVELS.join(', ')}.`,
      exitCode: EXIT.usage,
      code: 'BAD_CONFIG',
    });
  }
  return config;
}
