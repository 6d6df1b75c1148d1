/**
 * EventBridge `wildcard` values (EB UG "Wildcard matching",
 * docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html; event-ruler
 * WildcardParser): `*` matches any run of characters, including none; `\*` is a literal star and
 * `\\` a literal backslash; a backslash before anything else, and two stars in a row, are refused.
 */

/** The literal runs between the stars: `a*b\*c` → ["a", "b*c"]; no star → one run. */
export type WildcardPattern = readonly string[];

/** Parses a wildcard value, or returns why EventBridge refuses it. */
export function parseWildcard(text: string): WildcardPattern | string {
  const runs: string[] = [""];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "*") {
      if (text[i + 1] === "*") return `consecutive wildcard characters at position ${i} are not allowed`;
      runs.push("");
    } else if (c === "\\") {
      const next = text[i + 1];
      if (next !== "*" && next !== "\\") {
        return `invalid escape at position ${i}: a backslash may only escape '*' or '\\'`;
      }
      runs[runs.length - 1] += next;
      i++;
    } else {
      runs[runs.length - 1] += c;
    }
  }
  return runs;
}

/**
 * Whether `value` matches: the first run is a prefix, the last a suffix, and the runs between
 * occur in order. Leftmost placement of each middle run is optimal when `*` is the only
 * metacharacter, so this is linear-ish and cannot backtrack catastrophically.
 */
export function matchesWildcard(runs: WildcardPattern, value: string): boolean {
  const first = runs[0];
  if (runs.length === 1) return value === first;
  const last = runs[runs.length - 1];
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let at = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < runs.length - 1; i++) {
    const run = runs[i];
    const found = value.indexOf(run, at);
    if (found < 0 || found + run.length > end) return false;
    at = found + run.length;
  }
  return true;
}
