/**
 * The secrets `.env.mock` and docker-compose.yml ship with published mock values: fine for a
 * local demo, refused outside MOCK_MODE. One list, read by the stack at start (loadStackConfig),
 * by `reos up --docker` before it starts containers, and by the test that checks `.env.mock`
 * marks exactly these variables MOCK-ONLY with exactly these values.
 */
import { StackError } from './errors.js';

export interface MockSecret {
  /** The environment variable. */
  name: string;
  /** The published value: `.env.mock`'s (commented out when only docker mode needs it) and the compose default. */
  mockValue: string;
  /** The stack falls back to the mock value when the variable is unset, so unset is refused too. */
  defaultIsMock?: boolean;
  /** How to make a real one, for the refusal's hint. */
  make: string;
}

/** The JWT secret `.env.mock` ships: fine for a local demo, refused outside MOCK_MODE. */
export const MOCK_JWT_SECRET = 'mock-only-jwt-secret-change-me-0c1b6a2f9e4d48d7a3f5b8e1c7d2a9f4';

/** The Twilio auth token `.env.mock` ships (it also signs mock webhooks). */
export const MOCK_TWILIO_AUTH_TOKEN = 'mock-only-twilio-auth-token-5d298b3699347eae';
/** The mock SendGrid Signed Event Webhook key pair: public half (the verification key) ... */
export const MOCK_SENDGRID_WEBHOOK_PUBLIC_KEY =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE+suMQNWA/6gS+xjDB/fZU8lYSQOP+H7l62UOCN54wM0eypUgWpv2HMdh+uj5567eo9U9aMftFfsqGTL7RP92vQ==';
/** ... and private half (base64 DER PKCS#8), published so tests and demos can sign mock events. */
export const MOCK_SENDGRID_WEBHOOK_PRIVATE_KEY =
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgmVtJtT6ye6Chsw+xYR9ZcLI8H3k6uumhZ9HdBhAon5ehRANCAAT6y4xA1YD/qBL7GMMH99lTyVhJA4/4fuXrZQ4I3njAzR7KlSBam/Ycx2H66Pnnrt6j1T1ox+0V+yoZMvtE/3a9';

export const MOCK_SECRETS: readonly MockSecret[] = [
  { name: 'JWT_SECRET', mockValue: MOCK_JWT_SECRET, defaultIsMock: true, make: 'openssl rand -hex 32' },
  // docker mode: the compose PostgreSQL password (compose also hands it to the API, so it is checked here).
  { name: 'POSTGRES_PASSWORD', mockValue: 'mock-only-postgres-password', make: 'openssl rand -hex 16' },
  // docker mode: the MinIO root password, which is also the API's S3 secret key.
  { name: 'S3_SECRET_ACCESS_KEY', mockValue: 'mock-only-s3-secret-access-key-6f1d2c9a', make: 'openssl rand -hex 20' },
  // Provider secrets: unset outside MOCK_MODE just means the provider is not configured.
  { name: 'TWILIO_AUTH_TOKEN', mockValue: MOCK_TWILIO_AUTH_TOKEN, make: 'copy it from the Twilio console' },
];

/** The variables of `env` still at their mock value (or unset where that means the mock value). */
export function mockSecretsIn(env: Record<string, string | undefined>): MockSecret[] {
  return MOCK_SECRETS.filter((secret) => (env[secret.name] || (secret.defaultIsMock ? secret.mockValue : undefined)) === secret.mockValue);
}

/**
 * Throws MOCK_SECRET_OUTSIDE_MOCK_MODE, naming every offending variable, when MOCK_MODE is off
 * and a secret is still at its published mock value.
 *
 * @example
 * assertNoMockSecrets(process.env, false); // throws if JWT_SECRET is unset or the mock one
 */
export function assertNoMockSecrets(env: Record<string, string | undefined>, mockMode: boolean): void {
  if (mockMode) return;
  const found = mockSecretsIn(env);
  if (found.length === 0) return;
  const names = found.map((secret) => secret.name);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  throw new StackError(
    'MOCK_SECRET_OUTSIDE_MOCK_MODE',
    `${list} ${names.length === 1 ? 'is' : 'are'} still the published mock value${names.length === 1 ? '' : 's'} from .env.mock while MOCK_MODE=false.`,
    { hint: `Set ${found.map((secret) => `${secret.name} (\`${secret.make}\`)`).join(', ')} in your environment or .env, or run with MOCK_MODE=true for a local demo.` },
  );
}
