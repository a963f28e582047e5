/**
 * Headers added to a response after the handler has answered.
 *
 * `c.header()` after `await next()` rebuilds the response (`new Response(res.body, res)`), and
 * on @hono/node-server that turns its light response (a cached string body, written with one
 * `res.end`) into a full web Response whose body is streamed out: about a sixth of the CPU of a
 * small authenticated GET (profiled on `GET /properties/{id}`, PostgreSQL). Setting the header
 * on `c.res.headers` keeps the light response.
 */
import type { Context } from 'hono';

/**
 * Sets `name: value` on the response `c` will send.
 *
 * @example
 * await next();
 * setResponseHeader(c, 'X-Request-Id', c.get('requestId'));
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    // Immutable headers (a Response from fetch()): c.header() copies the response first.
    c.header(name, value);
  }
}
