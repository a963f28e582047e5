/**
 * CORS with an allow-list (`CORS_ORIGINS`, comma-separated exact origins). A listed origin is
 * echoed back with credentials allowed; any other origin gets no CORS headers at all, so the
 * API never reflects an arbitrary origin and never pairs `*` with credentials (OWASP API8).
 * With an empty list the middleware does nothing: same-origin and non-browser clients only.
 *
 * A preflight (OPTIONS with Origin and Access-Control-Request-Method) from a listed origin is
 * answered 204 here, before routing, which is why this runs ahead of the 405 middleware: no
 * route declares OPTIONS. A preflight from elsewhere falls through and meets the usual 405/404.
 */
import type { MiddlewareHandler } from 'hono';
import { StackError } from './errors.js';

export interface CorsOptions {
  /** Exact origins (`https://app.example.com`), as `parseCorsOrigins` returns them. */
  origins: readonly string[];
  /** How long a browser may cache a preflight, in seconds. */
  maxAgeSeconds?: number;
}

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, Last-Event-ID, X-Request-Id';
/** Response headers a browser script may read beyond the CORS-safelisted ones. */
const EXPOSE_HEADERS = 'ETag, Location, Retry-After, RateLimit, RateLimit-Policy, X-Request-Id, Idempotent-Replayed, WWW-Authenticate, Allow';

/**
 * Parses `CORS_ORIGINS`. Each entry must be a bare origin (scheme, host, optional port);
 * `*`, paths and trailing slashes are refused, since a near-miss would silently never match.
 *
 * @example
 * parseCorsOrigins('https://app.example.com, http://localhost:5173');
 */
export function parseCorsOrigins(raw: string | undefined): string[] {
  const entries = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return entries.map((entry) => {
    let origin: string | undefined;
    try {
      origin = new URL(entry).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === 'null' || origin !== entry.toLowerCase()) {
      throw new StackError('BAD_CONFIG', `CORS_ORIGINS entry "${entry}" is not an origin.`, {
        hint: 'List exact origins such as https://app.example.com (scheme and host, optional port, no path, no trailing slash, no *).',
      });
    }
    return origin;
  });
}

/**
 * CORS for the listed origins only.
 *
 * @example
 * app.use(cors({ origins: config.corsOrigins }));
 */
export function cors(options: CorsOptions): MiddlewareHandler {
  const allowed = new Set(options.origins);
  const maxAge = String(options.maxAgeSeconds ?? 600);
  return async function corsMiddleware(c, next) {
    if (allowed.size === 0) return next();
    const origin = c.req.header('Origin');
    const listed = origin !== undefined && allowed.has(origin);
    if (listed && c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method')) {
      return new Response(null, {
        status: 204,
        headers: {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Allow-Methods': ALLOW_METHODS,
          'Access-Control-Allow-Headers': ALLOW_HEADERS,
          'Access-Control-Max-Age': maxAge,
          Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        },
      });
    }
    await next();
    // The answer depends on Origin whether or not it was listed: caches must key on it.
    c.res.headers.append('Vary', 'Origin');
    if (!listed) return;
    c.res.headers.set('Access-Control-Allow-Origin', origin);
    c.res.headers.set('Access-Control-Allow-Credentials', 'true');
    c.res.headers.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
  };
}
