/**
 * Status expectations: a code (`201`), a class (`"4xx"`), or a list of either (`[200, 204]`).
 * Burst counts key by the same strings (`"429"`, `"5xx"`).
 */
export type StatusSpec = number | string | (number | string)[];

/** True when `status` is one of the statuses `spec` allows. */
export function statusMatches(status: number | undefined, spec: StatusSpec): boolean {
  if (status === undefined) return false;
  const options = Array.isArray(spec) ? spec : [spec];
  return options.some((option) => {
    const text = String(option).toLowerCase();
    if (/^[1-5]xx$/.test(text)) return Math.floor(status / 100) === Number(text[0]);
    return Number(text) === status;
  });
}

export function describeStatus(spec: StatusSpec): string {
  return Array.isArray(spec) ? spec.map(String).join(' or ') : String(spec);
}
