/** The sse kind's schema fragment: the `sse` and `expect` step properties and the defs they use. */
export const sseSchema = {
  properties: {
    sse: {
      type: 'object',
      description: '{url, headers, bearer, triggers, within, reconnect}',
      properties: {
        url: { type: 'string', minLength: 1, description: 'stream URL, relative to the target or absolute' },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        bearer: { type: 'string' },
        replica: { type: 'integer', minimum: 0 },
        triggers: { $ref: '#/$defs/sseTriggers' },
        within: { type: 'integer', minimum: 1, description: 'ms after the triggers finish for the events to arrive (2000 by default)' },
        reconnect: {
          type: 'object',
          description: 'reconnect with Last-Event-ID: {url, triggers, within, events}',
          properties: {
            url: { type: 'string', minLength: 1, description: 'URL for the second connection (the first one by default)' },
            triggers: { $ref: '#/$defs/sseTriggers' },
            within: { type: 'integer', minimum: 1 },
            events: { type: 'array', items: { $ref: '#/$defs/sseEvent' } },
          },
          additionalProperties: false,
        },
      },
      required: ['url'],
      additionalProperties: false,
    },
    expect: {
      type: 'object',
      properties: { status: { $ref: '#/$defs/status' }, events: { type: 'array', items: { $ref: '#/$defs/sseEvent' } } },
      additionalProperties: false,
    },
  },
  required: ['sse'],
  $defs: {
    sseEvent: {
      type: 'object',
      description: '{event, jsonpath, data, count}: what an expected event looks like',
      properties: { event: { type: 'string' }, jsonpath: { $ref: '#/$defs/jsonpathMatchers' }, data: { $ref: '#/$defs/matcher' }, count: { $ref: '#/$defs/numberMatcher' } },
      additionalProperties: false,
    },
    sseTriggers: {
      type: 'array',
      description: 'http steps run once the stream is open',
      items: {
        type: 'object',
        properties: { id: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]*$', description: 'trigger id (letters, digits, _ and -)' }, name: { type: 'string' }, http: { $ref: '#/$defs/request' }, expect: { $ref: '#/$defs/responseExpect' }, capture: { $ref: '#/$defs/captures' } },
        required: ['id', 'http'],
        additionalProperties: false,
      },
    },
  },
};
