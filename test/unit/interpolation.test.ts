import { describe, expect, it } from 'vitest';
import { interpolate, InterpolationError, referencesIn, type InterpolationScope } from '../../src/scenarios/interpolation.js';

const scope: InterpolationScope = {
  steps: new Map([['create', { id: 42, body: { nested: { name: 'Jane' } }, token: 'abc' }]]),
  scenarios: new Map([['auth', new Map([['login', { token: 'from-auth' }]])]]),
  env: { TARGET: 'staging' },
  run: { id: 'run-1', email: 'x@example.com' },
};

describe('interpolate', () => {
  it('keeps the captured type for a whole-value reference and stringifies an embedded one', () => {
    expect(interpolate('${{ steps.create.id }}', scope)).toBe(42);
    expect(interpolate('${{steps.create.body}}', scope)).toEqual({ nested: { name: 'Jane' } });
    expect(interpolate('/items/${{ steps.create.id }}', scope)).toBe('/items/42');
    expect(interpolate('b=${{ steps.create.body }}', scope)).toBe('b={"nested":{"name":"Jane"}}');
    expect(interpolate('${{ steps.create.id }}-${{ run.id }}', scope)).toBe('42-run-1');
  });

  it('resolves every root inside nested values and digs into captured objects', () => {
    const value = { a: ['${{ env.TARGET }}', { b: '${{ scenarios.auth.login.token }}' }], c: '${{ steps.create.body.nested.name }}', n: 3 };
    expect(interpolate(value, scope)).toEqual({ a: ['staging', { b: 'from-auth' }], c: 'Jane', n: 3 });
  });

  it('names the missing environment variable', () => {
    expect(() => interpolate('${{ env.API_KEY }}', scope)).toThrow(InterpolationError);
    expect(() => interpolate('${{ env.API_KEY }}', scope)).toThrow('environment variable API_KEY is not set');
  });

  it('says which part of a reference has no value', () => {
    expect(() => interpolate('${{ steps.create.body.missing }}', scope)).toThrow('there is nothing at "missing"');
    expect(() => interpolate('${{ steps.later.id }}', scope)).toThrow('step later has not run');
  });

  it('lists the references a spec makes', () => {
    const refs = referencesIn({ url: '/x/${{ steps.a.id }}', h: ['${{ env.X }}', '${{ scenarios.s.b.c }}'], bad: '${{ nope }}' });
    expect(refs.map((r) => r.root)).toEqual(['steps', 'env', 'scenarios']);
  });
});

describe('targets[i]', () => {
  const withTargets: InterpolationScope = { ...scope, targets: ['http://a:8000', 'http://b:8001'] };

  it('reads the i-th --target URL, inside text too', () => {
    expect(interpolate('${{ targets[1] }}', withTargets)).toBe('http://b:8001');
    expect(interpolate('${{ targets[0] }}/sse/stream?token=${{ steps.create.token }}', withTargets)).toBe('http://a:8000/sse/stream?token=abc');
  });

  it('says how many targets the run has when one is missing', () => {
    expect(() => interpolate('${{ targets[2] }}', withTargets)).toThrow('the run has 2 target(s); pass at least 3 --target URLs');
  });

  it('is a known reference root, and a malformed one is reported', () => {
    expect(referencesIn({ url: '${{ targets[1] }}/x' })).toEqual([{ root: 'targets', index: 1, text: 'targets[1]' }]);
    expect(referencesIn({ url: '${{ targets.1 }}' })).toEqual([]);
  });
});

describe('env defaults (env.NAME || default)', () => {
  it('uses the variable when it is set, else the quoted default', () => {
    expect(interpolate("${{ env.TARGET || 'local' }}", scope)).toBe('staging');
    expect(interpolate("${{ env.BASE_PATH || '/v1' }}/items", scope)).toBe('/v1/items');
    expect(interpolate('${{ env.BASE_PATH || "/v2" }}', scope)).toBe('/v2');
    expect(interpolate("${{ env.EMPTY || 'fallback' }}", { ...scope, env: { EMPTY: '' } })).toBe('fallback');
  });

  it('falls back to another reference, which may have its own default', () => {
    expect(interpolate('${{ env.USER_EMAIL || run.email }}', scope)).toBe('x@example.com');
    expect(interpolate("${{ env.A || env.TARGET || 'x' }}", scope)).toBe('staging');
    expect(interpolate("${{ env.A || env.B || 'last' }}", scope)).toBe('last');
    expect(interpolate('${{ env.ID || steps.create.id }}', scope)).toBe(42);
  });

  it('lists the references a default reads, so a step default is a dependency', () => {
    expect(referencesIn({ url: '${{ env.ID || steps.a.id }}' }).map((r) => r.root)).toEqual(['env', 'steps']);
  });

  it('refuses a default on anything but an environment reference, and an unreadable default', () => {
    expect(() => interpolate("${{ steps.create.id || 'x' }}", scope)).toThrow('only an environment reference can have a default');
    expect(() => interpolate('${{ env.A || }}', scope)).toThrow('has no default after ||');
    expect(() => interpolate('${{ env.A || not quoted }}', scope)).toThrow('neither a quoted text nor a reference');
  });
});
