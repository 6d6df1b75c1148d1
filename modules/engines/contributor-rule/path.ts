/**
 * Contributor Insights "JSON property format notation": `$` is the root, followed by `.name`
 * segments and `[n]` array indexes (`$.userAgent`, `$.endpoints[0]`, `$.users[1].name`).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html
 */

/** One step of a parsed path: a property name or an array index. */
export type PathSegment = string | number;

/**
 * Property names: AWS documents "an alphanumeric string"; its own example uses `c-count`, and
 * CloudTrail's fields include `_` and `-`, so those two are accepted as well.
 */
const SEGMENT = /^(?:\.([A-Za-z0-9_-]+)|\[(\d+)\])/;

/** Parses `$.a.b[0]` into segments; returns a sentence saying what is wrong otherwise. */
export const parseJsonPath = (path: string): readonly PathSegment[] | string => {
  if (typeof path !== "string" || !path.startsWith("$")) {
    return `${JSON.stringify(path)} is not a JSON path: it must start with "$."`;
  }
  const segments: PathSegment[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = SEGMENT.exec(rest);
    if (m === null) {
      return `${JSON.stringify(path)} is not a JSON path: cannot read ${JSON.stringify(rest)} (use .name or [index])`;
    }
    segments.push(m[1] !== undefined ? m[1] : Number(m[2]));
    rest = rest.slice(m[0].length);
  }
  if (segments.length === 0 || typeof segments[0] !== "string") {
    return `${JSON.stringify(path)} is not a JSON path: it must name a property after "$"`;
  }
  return segments;
};

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/**
 * Follows `segments` into `value`. `found: false` when a step is missing (absent property, index
 * out of range, or a step through a scalar); `found: true` carries the value, which may itself be
 * an object, an array or `null`.
 */
export const resolvePath = (
  value: unknown,
  segments: readonly PathSegment[],
): { readonly found: false } | { readonly found: true; readonly value: unknown } => {
  let current: unknown = value;
  for (const segment of segments) {
    if (typeof segment === "number") {
      if (!Array.isArray(current) || segment >= current.length) return { found: false };
      current = current[segment];
    } else {
      if (current === null || typeof current !== "object" || Array.isArray(current) || !hasOwn(current, segment)) {
        return { found: false };
      }
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return { found: true, value: current };
};
