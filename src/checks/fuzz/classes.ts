/** The two classes of fuzz request (see generate.ts): drawn valid, or valid with one thing broken. */
export const FUZZ_CLASSES = ['valid', 'malformed'] as const;
export type FuzzClass = (typeof FUZZ_CLASSES)[number];
