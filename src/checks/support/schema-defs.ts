/**
 * JSON Schema definitions shared by the check kinds' fragments (`#/$defs/request`,
 * `#/$defs/matcher`, ...). `description` texts double as the "expected ..." half of a
 * validation message, so they say what a valid value looks like.
 */
import { MATCHER_OPERATORS, VALUE_TYPES } from './matchers.js';
import { SIGNING_SCHEMES } from './signing.js';

export const CAPTURE_NAME = '^[A-Za-z_][A-Za-z0-9_]*$';
const STATUS_TEXT = '^[1-5]([0-9][0-9]|xx)$';
const scalar = { type: ['string', 'number', 'boolean'] };
const scalarMap = { type: 'object', additionalProperties: scalar };

const numberOps = Object.fromEntries(['eq', 'ne', 'gt', 'lt', 'gte', 'lte'].map((op) => [op, { type: 'number' }]));

const operatorDocs: Record<string, Record<string, unknown>> = {
  eq: { description: 'equals (deep equality for objects and lists)' },
  ne: { description: 'does not equal' },
  gt: { type: 'number', description: 'greater than' },
  lt: { type: 'number', description: 'less than' },
  gte: { type: 'number', description: 'greater than or equal' },
  lte: { type: 'number', description: 'less than or equal' },
  contains: { description: 'substring of a string, element of a list, key or subset of an object' },
  matches: { type: 'string', description: 'regular expression the value matches' },
  exists: { type: 'boolean', description: 'true: the value is present; false: absent' },
  type: { enum: [...VALUE_TYPES], description: 'JSON type of the value' },
  length: { $ref: '#/$defs/numberMatcher', description: 'length of a string or list, or key count of an object' },
};

export const sharedDefs: Record<string, unknown> = {
  request: {
    type: 'object',
    description: 'an HTTP request: {method, url, query, headers, bearer, json | form | raw | multipart, replica, sign}',
    properties: {
      method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'], description: 'HTTP method (GET by default)' },
      url: { type: 'string', minLength: 1, description: 'path relative to the target base URL (/auth/login) or an absolute URL' },
      query: { ...scalarMap, description: 'query parameters' },
      headers: { ...scalarMap, description: 'request headers' },
      bearer: { type: 'string', description: 'token sent as Authorization: Bearer <token>' },
      json: { description: 'JSON body (sets Content-Type: application/json)' },
      form: { ...scalarMap, description: 'form body (application/x-www-form-urlencoded)' },
      raw: {
        description: 'raw body text, sent as is; or {repeat, times}: the text repeated, for a large body (a body-size limit)',
        anyOf: [
          { type: 'string' },
          {
            type: 'object',
            properties: {
              repeat: { type: 'string', minLength: 1, description: 'the text to repeat' },
              times: { type: 'integer', minimum: 1, maximum: 16_777_216, description: 'how many times' },
            },
            required: ['repeat', 'times'],
            additionalProperties: false,
          },
        ],
      },
      multipart: { $ref: '#/$defs/multipart' },
      replica: { type: 'integer', minimum: 0, description: 'index of the base URL to use when the run has several' },
      sign: {
        type: 'object',
        description: `sign the request as a provider webhook: {scheme: ${SIGNING_SCHEMES.join(' | ')}, secret, header?}`,
        properties: {
          scheme: { enum: [...SIGNING_SCHEMES], description: 'twilio (X-Twilio-Signature), sendgrid (signed event webhook; secret = private key) or hmac-sha256 (hex of the body)' },
          secret: { type: 'string', minLength: 1, description: 'the signing secret or key, usually ${{ env.NAME }}' },
          header: { type: 'string', minLength: 1, description: 'the signature header (the scheme’s provider header by default)' },
        },
        required: ['scheme', 'secret'],
        additionalProperties: false,
      },
    },
    required: ['url'],
    additionalProperties: false,
    not: {
      description: 'at most one body: json, form, raw or multipart',
      anyOf: [
        { required: ['json', 'form'] },
        { required: ['json', 'raw'] },
        { required: ['form', 'raw'] },
        { required: ['multipart', 'json'] },
        { required: ['multipart', 'form'] },
        { required: ['multipart', 'raw'] },
      ],
    },
  },
  multipart: {
    type: 'object',
    description: 'multipart/form-data body: {fields: {name: value}, files: {name: {path | base64, contentType, filename}}}',
    properties: {
      fields: { ...scalarMap, description: 'text fields' },
      files: {
        type: 'object',
        description: 'file parts by field name',
        additionalProperties: {
          type: 'object',
          description: 'one of {path: relative/to/scenario.png} or {base64: ...}, with optional contentType and filename',
          properties: {
            path: { type: 'string', minLength: 1, description: 'file path relative to the scenario file' },
            base64: { type: 'string', description: 'the bytes, base64-encoded' },
            contentType: { type: 'string', minLength: 1, description: 'declared type of the part (application/octet-stream by default)' },
            filename: { type: 'string', minLength: 1, description: 'file name sent with the part' },
            padTo: { type: 'integer', minimum: 1, maximum: 104857600, description: 'pad the bytes with zeros to this size (a large upload without a large fixture)' },
          },
          additionalProperties: false,
          oneOf: [{ required: ['path'] }, { required: ['base64'] }],
        },
      },
    },
    additionalProperties: false,
    minProperties: 1,
  },
  matcher: {
    description: `a value to equal, or an object of operators (${MATCHER_OPERATORS.join(', ')})`,
    anyOf: [
      { type: 'object', properties: operatorDocs, additionalProperties: false, minProperties: 1 },
      { type: ['string', 'number', 'boolean', 'null'] },
    ],
  },
  numberMatcher: {
    description: 'a number, or an object of eq / ne / gt / lt / gte / lte',
    anyOf: [{ type: 'number' }, { type: 'object', properties: numberOps, additionalProperties: false, minProperties: 1 }],
  },
  status: {
    description: 'a status code (201), a class ("4xx") or a list of them ([200, 204])',
    anyOf: [
      { type: 'integer', minimum: 100, maximum: 599 },
      { type: 'string', pattern: STATUS_TEXT },
      { type: 'array', minItems: 1, items: { description: 'a status code (201) or class ("4xx")', anyOf: [{ type: 'integer', minimum: 100, maximum: 599 }, { type: 'string', pattern: STATUS_TEXT }] } },
    ],
  },
  headerMatchers: {
    type: 'object',
    description: 'header name -> matcher',
    additionalProperties: { $ref: '#/$defs/matcher' },
  },
  jsonpathMatchers: {
    type: 'object',
    description: 'JSONPath ($.a.b) -> matcher',
    propertyNames: { pattern: '^\\$', description: 'a JSONPath starting with $' },
    additionalProperties: { $ref: '#/$defs/matcher' },
  },
  responseExpect: {
    type: 'object',
    description: 'what the response must be: {status, headers, jsonpath, schema, body, maxMs}',
    properties: {
      status: { $ref: '#/$defs/status' },
      headers: { $ref: '#/$defs/headerMatchers' },
      jsonpath: { $ref: '#/$defs/jsonpathMatchers' },
      schema: { type: 'object', description: 'a JSON Schema (2020-12) the body must satisfy' },
      body: { $ref: '#/$defs/matcher' },
      maxMs: { type: 'number', exclusiveMinimum: 0, description: 'response time ceiling in milliseconds' },
    },
    additionalProperties: false,
  },
  captures: {
    type: 'object',
    description: 'capture name -> {jsonpath} | {header} | {regex}',
    propertyNames: { pattern: CAPTURE_NAME, description: 'a name of letters, digits and _' },
    additionalProperties: {
      type: 'object',
      description: 'one of {jsonpath: "$.x"}, {header: Name}, {regex: "..."} (regex may refine a header)',
      properties: {
        jsonpath: { type: 'string', pattern: '^\\$', description: 'a JSONPath starting with $' },
        header: { type: 'string', minLength: 1 },
        regex: { type: 'string', minLength: 1 },
        group: { type: ['integer', 'string'], description: 'capture group number or name' },
      },
      additionalProperties: false,
      anyOf: [{ required: ['jsonpath'] }, { required: ['header'] }, { required: ['regex'] }],
      not: { description: 'jsonpath or header, not both', required: ['jsonpath', 'header'] },
    },
  },
};
