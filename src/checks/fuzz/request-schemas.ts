/**
 * Request-body validation against the document itself (Ajv, JSON Schema 2020-12, the
 * document's `$ref`s resolved): whether a malformed draw still satisfies the documented
 * schema, in which case a 2xx answer is no fault.
 */
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { createResponseAjv } from '../support/json-schema.js';
import type { FuzzOperation } from './operations.js';

const escape = (segment: string) => encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'));

export class RequestSchemas {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction | undefined>();

  constructor(doc: Record<string, unknown>) {
    this.ajv = createResponseAjv();
    this.ajv.addSchema(doc, 'openapi.json', undefined, false);
  }

  /** True when `body` satisfies the operation's documented request schema (or it has none that compiles). */
  bodyValid(op: FuzzOperation, body: unknown): boolean {
    if (!op.body) return true;
    const pointer = ['paths', op.path, op.method.toLowerCase(), 'requestBody', 'content', op.body.media, 'schema'].map(escape).join('/');
    if (!this.cache.has(pointer)) {
      try {
        this.cache.set(pointer, this.ajv.compile({ $ref: `openapi.json#/${pointer}` }));
      } catch {
        this.cache.set(pointer, undefined);
      }
    }
    const validate = this.cache.get(pointer);
    return validate ? (validate(body) as boolean) : true;
  }
}
