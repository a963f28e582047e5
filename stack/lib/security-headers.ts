/**
 * Security headers on every response (OWASP API8, OWASP Secure Headers Project), through
 * hono/secure-headers configured for a JSON API: nosniff, no framing, no referrer, and a CSP
 * that allows nothing (`default-src 'none'`), since no API response is meant to run in a page.
 *
 * The docs page is the one HTML document the API serves. It gets its own CSP: scripts, styles,
 * images and fetches from 'self' only (swagger-ui-dist is served same-origin under
 * /docs/assets, and the page has no inline script). Styles also allow 'unsafe-inline' because
 * Swagger UI writes inline styles at runtime; styles cannot run code. Images allow `data:` for
 * the icons its stylesheet embeds.
 *
 * HSTS is off unless `HSTS_MAX_AGE` is set: TLS terminates upstream, and a max-age sent over
 * plain HTTP on localhost would only confuse browsers.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export interface SecurityHeadersOptions {
  /** Strict-Transport-Security max-age in seconds; 0 or absent = no HSTS header. */
  hstsMaxAgeSeconds?: number;
  /** Path of the interactive docs page (default `/docs`). */
  docsPath?: string;
}

const NONE = ["'none'"];
const SELF = ["'self'"];

/**
 * @example
 * app.use(securityHeaders({ hstsMaxAgeSeconds: config.hstsMaxAgeSeconds }));
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  const docsPath = options.docsPath ?? '/docs';
  const common = {
    strictTransportSecurity: options.hstsMaxAgeSeconds ? `max-age=${options.hstsMaxAgeSeconds}` : false,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    permissionsPolicy: { camera: false, microphone: false, geolocation: false, payment: false },
  };
  const api = secureHeaders({
    ...common,
    contentSecurityPolicy: { defaultSrc: NONE, frameAncestors: NONE, baseUri: NONE, formAction: NONE },
  });
  const docs = secureHeaders({
    ...common,
    contentSecurityPolicy: {
      defaultSrc: NONE,
      scriptSrc: SELF,
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: SELF,
      connectSrc: SELF,
      frameAncestors: NONE,
      baseUri: NONE,
      formAction: SELF,
    },
  });
  return async function securityHeadersMiddleware(c, next) {
    const isDocsPage = c.req.path === docsPath || c.req.path === `${docsPath}/`;
    return (isDocsPage ? docs : api)(c, next);
  };
}
