/**
 * HTML escaping for report.html. Everything a transcript holds is untrusted (response bodies,
 * headers, names from scenario files), so every piece of text goes through `escapeHtml`, which
 * is safe in element content and in quoted attribute values alike.
 */

// Characters HTML forbids or that would corrupt the page, replaced rather than emitted.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g;

/** Text safe in HTML content and in single- or double-quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(CONTROL, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The longest body shown inline; the transcript file in the pack holds the rest. */
export const MAX_INLINE_CHARS = 200_000;

/** A value as indented JSON (strings that parse as JSON are pretty-printed too), cut when huge. */
export function prettyJson(value: unknown): string {
  let text: string;
  if (typeof value === 'string') {
    try {
      text = JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      text = value;
    }
  } else {
    try {
      text = JSON.stringify(value, null, 2) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  if (text.length <= MAX_INLINE_CHARS) return text;
  return `${text.slice(0, MAX_INLINE_CHARS)}\n… (${text.length - MAX_INLINE_CHARS} more characters: see the transcript file)`;
}
