/**
 * The one way a value from the input is echoed in a message: quoted, cut to a short excerpt, and
 * with every character that could move a terminal's cursor, recolour it or reorder text (control
 * characters, bidirectional and other format characters, line separators) written as `\uXXXX`.
 * A manifest is hostile: an error must not print a secret file in full or rewrite the screen.
 */

/** Characters of a value shown in a message; the rest is summarized by its length. */
export const EXCERPT_LENGTH = 60;

// C0 and C1 controls, DEL, and Unicode format characters (bidi overrides, zero-width joiners,
// line and paragraph separators).
const UNPRINTABLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** Escapes what a terminal would interpret; keeps everything else as it is. */
export const escapeControls = (text: string): string =>
  text.replace(UNPRINTABLE, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`);

/** `"value"`, or `"first 60 characters…" (1234 characters)` when longer. */
export function quoteExcerpt(value: string): string {
  const chars = [...value];
  if (chars.length <= EXCERPT_LENGTH) return `"${escapeControls(value)}"`;
  return `"${escapeControls(chars.slice(0, EXCERPT_LENGTH).join(""))}…" (${chars.length} characters)`;
}

/** Any input value as a message quotes it: strings as an excerpt, lists and mappings by kind only. */
export function quoteInput(value: unknown): string {
  if (typeof value === "string") return quoteExcerpt(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return escapeControls(String(value));
}
