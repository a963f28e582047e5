/**
 * Phone numbers as the compliance lists store and compare them: `+` and digits (E.164-ish).
 * Punctuation people type (spaces, dashes, dots, parentheses) is dropped; a 10-digit number is
 * taken as North American (+1), an 11-digit one starting with 1 too. Anything else that is not
 * 8 to 15 digits, or holds letters, is not a phone number.
 *
 * @example
 * normalizePhone('(555) 123-4567'); // '+15551234567'
 * normalizePhone('call me');        // undefined
 */
export function normalizePhone(input: string): string | undefined {
  const trimmed = input.trim();
  if (!/^\+?[\d\s().\-]+$/.test(trimmed)) return undefined;
  const plus = trimmed.startsWith('+');
  const digits = trimmed.replace(/\D/g, '');
  if (!plus && digits.length === 10) return `+1${digits}`;
  if (!plus && digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) return undefined;
  return `+${digits}`;
}

export const normalizeEmailAddress = (email: string) => email.trim().toLowerCase();
