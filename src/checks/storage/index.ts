/**
 * `storage`: an object exists and is what it should be. Fetched through a URL (the API's
 * download route, with the caller's auth), polled for up to `within` ms until it arrives (a memo
 * job may still be running), then checked: content type, size bounds, first bytes (text or hex),
 * SHA-256 or the same bytes as a local file, and for PDFs the page count. Captures `status`,
 * `size`, `content_type`, `sha256` (and `pages` with `pdfPages`).
 *
 * @example
 * - id: memo-pdf
 *   storage:
 *     url: /jobs/${{ steps.memo.id }}/result
 *     bearer: "${{ steps.login.token }}"
 *     within: 20000
 *     expect: { contentType: application/pdf, size: { min: 500 }, startsWith: "%PDF", pdfPages: { min: 1 } }
 */
import type { CheckKind } from '../../model.js';
import type { RequestSpec } from '../support/http-client.js';
import { errored, outcome } from '../support/outcome.js';
import { scenarioDir } from '../support/scenario-dir.js';
import { assertObject, type ObjectExpect } from './assert.js';
import { fetchObject, sha256Hex } from './fetch.js';

export type StorageSpec = {
  storage: Pick<RequestSpec, 'url' | 'query' | 'headers' | 'bearer' | 'replica'> & {
    within?: number;
    interval?: number;
    expect?: ObjectExpect;
  };
};

const DEFAULT_INTERVAL_MS = 250;

const bounds = (what: string) => ({
  type: 'object',
  description: `${what}: {min, max, eq}`,
  properties: { min: { type: 'integer', minimum: 0 }, max: { type: 'integer', minimum: 0 }, eq: { type: 'integer', minimum: 0 } },
  additionalProperties: false,
  minProperties: 1,
});

export const storageKind: CheckKind<StorageSpec> = {
  kind: 'storage',
  description: 'an object fetched by URL (polled until it exists) with its type, size, first bytes, hash and PDF page count',
  schema: {
    properties: {
      storage: {
        type: 'object',
        description: '{url, bearer, headers, query, within, interval, expect}',
        properties: {
          url: { type: 'string', minLength: 1, description: 'where to GET the object: a path on the target (/jobs/<id>/result) or an absolute URL' },
          bearer: { type: 'string', description: 'token sent as Authorization: Bearer <token>' },
          headers: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] }, description: 'request headers' },
          query: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] }, description: 'query parameters' },
          replica: { type: 'integer', minimum: 0, description: 'index of the base URL to use when the run has several' },
          within: { type: 'integer', minimum: 0, description: 'ms to keep polling until the expected status arrives (0 by default: one try)' },
          interval: { type: 'integer', minimum: 10, description: `ms between tries (${DEFAULT_INTERVAL_MS} by default)` },
          expect: {
            type: 'object',
            description: '{status, contentType, size, startsWith, startsWithHex, sha256, sameAsFile, pdfPages}',
            properties: {
              status: { $ref: '#/$defs/status', description: 'the status that means "it exists" (200 by default)' },
              contentType: { $ref: '#/$defs/matcher', description: 'media type without parameters, e.g. application/pdf' },
              size: bounds('size in bytes'),
              startsWith: { type: 'string', minLength: 1, description: 'the first bytes as text, e.g. "%PDF"' },
              startsWithHex: { type: 'string', pattern: '^(\\s*[0-9A-Fa-f]{2})+\\s*$', description: 'the first bytes as hex, e.g. "89504e47"' },
              sha256: { type: 'string', pattern: '^[0-9A-Fa-f]{64}$|\\$\\{\\{', description: 'SHA-256 of the bytes, hex (or a ${{ }} reference)' },
              sameAsFile: { type: 'string', minLength: 1, description: 'a file (relative to the scenario) whose bytes the object must equal' },
              pdfPages: bounds('PDF page count (the object must be a readable PDF)'),
            },
            additionalProperties: false,
          },
        },
        required: ['url'],
        additionalProperties: false,
      },
    },
    required: ['storage'],
  },
  captures: () => ['status', 'size', 'content_type', 'sha256', 'pages'],
  async run(spec, ctx) {
    const { within = 0, interval = DEFAULT_INTERVAL_MS, expect = {}, ...request } = ctx.interpolate(spec.storage);
    const fetched = await fetchObject(request, ctx, { status: expect.status ?? 200, withinMs: within, intervalMs: interval });
    const details = { tries: fetched.tries.length, statuses: fetched.tries };
    if (!fetched.exchange.response) return errored(fetched.exchange.error ?? 'no response', { exchanges: [fetched.exchange], details });
    const response = fetched.exchange.response;
    const { assertions, pages } = await assertObject(
      { status: response.status, contentType: response.headers['content-type'], bytes: fetched.bytes },
      expect,
      ctx.locate,
      scenarioDir(ctx),
    );
    const bytes = fetched.bytes ?? new Uint8Array();
    return outcome({
      assertions,
      exchanges: [fetched.exchange],
      captures: { status: response.status, size: bytes.byteLength, content_type: response.headers['content-type'] ?? null, sha256: sha256Hex(bytes), pages: pages ?? null },
      details,
    });
  },
};
