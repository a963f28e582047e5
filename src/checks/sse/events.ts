/**
 * Matching SSE frames against expected events (event name, JSONPath on the JSON data, a matcher
 * on the raw data) and turning the counts into assertions.
 */
import type { AssertionResult, CheckContext } from '../../model.js';
import { JsonPathError, selectJsonPath } from '../support/jsonpath.js';
import { matchValue, type Matcher } from '../support/matchers.js';
import type { Frame } from './stream.js';

export type EventExpect = { event?: string; jsonpath?: Record<string, Matcher>; data?: Matcher; count?: Matcher };

export function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

export function frameMatches(frame: Frame, want: EventExpect, locate: CheckContext['locate']): boolean {
  if (want.event !== undefined && frame.event !== want.event) return false;
  if (want.data !== undefined && !matchValue({ label: 'data', actual: frame.data, locate }, want.data, []).every((r) => r.passed)) return false;
  const body = parseData(frame.data);
  return Object.entries(want.jsonpath ?? {}).every(([path, matcher]) => {
    try {
      return matchValue({ label: path, actual: selectJsonPath(body, path), locate }, matcher, []).every((r) => r.passed);
    } catch (error) {
      if (error instanceof JsonPathError) return false;
      throw error;
    }
  });
}

function describeEvent(want: EventExpect): string {
  const parts = [want.event ?? 'any event', ...Object.entries(want.jsonpath ?? {}).map(([p, m]) => `${p} ${JSON.stringify(m)}`)];
  if (want.data !== undefined) parts.push(`data ${JSON.stringify(want.data)}`);
  return parts.join(', ');
}

export function eventAssertions(wants: EventExpect[], frames: Frame[], withinMs: number, ctx: Pick<CheckContext, 'locate'>, base: (string | number)[]): AssertionResult[] {
  return wants.flatMap((want, i) => {
    const hits = frames.filter((f) => frameMatches(f, want, ctx.locate)).length;
    const results = matchValue({ label: `events matching ${describeEvent(want)} within ${withinMs} ms`, actual: hits, locate: ctx.locate }, want.count ?? { gte: 1 }, [...base, i, 'count']);
    const seen = [...new Set(frames.map((f) => f.event))].join(', ') || 'none';
    return results.map((r) => ({ ...r, location: ctx.locate([...base, i]), ...(r.passed ? {} : { message: `${r.message}; events received: ${seen}` }) }));
  });
}

export const allSeen = (wants: EventExpect[], frames: () => Frame[], locate: CheckContext['locate']) => () =>
  wants.every((w) => frames().some((f) => frameMatches(f, w, locate)));
