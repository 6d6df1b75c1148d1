/**
 * `equals-ignore-case` as event-ruler implements it (EqualsIgnoreCaseParser): each character of
 * the *pattern* may appear in the event as its lower-case or its upper-case form (Locale.ROOT);
 * the event is not case-folded. So "ß" matches "ß" and "SS" but not "ss", and "SS" does not match
 * "ß". event-ruler walks UTF-16 units, which breaks characters outside the Basic Multilingual
 * Plane (a lone surrogate encodes as "?"); we walk code points, so "𐐀" matches "𐐨" and "𐐀".
 */

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;
const escapeRegex = (s: string): string => s.replace(REGEX_SPECIAL, "\\$&");

function caseAlternatives(pattern: string): string {
  let source = "";
  for (const ch of pattern) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    source += lower === upper ? escapeRegex(lower) : `(?:${escapeRegex(lower)}|${escapeRegex(upper)})`;
  }
  return source;
}

/** Anchoring: the whole value, its beginning (prefix) or its end (suffix). */
export type IgnoreCaseAnchor = "equals" | "prefix" | "suffix";

/** Compiles once; the returned test runs per event without building anything. */
export function compileIgnoreCase(pattern: string, anchor: IgnoreCaseAnchor): (value: string) => boolean {
  const body = caseAlternatives(pattern);
  const source = anchor === "equals" ? `^${body}$` : anchor === "prefix" ? `^${body}` : `${body}$`;
  const regex = new RegExp(source);
  return (value) => regex.test(value);
}
