import { checkContributorRule, type ContributorFilter, type ContributorRule, type ContributorRuleViolation } from "./check";
import { parseJsonPath, resolvePath, type PathSegment } from "./path";

/** Thrown by `compileContributorRule` for a rule AWS would reject; lists every violation. */
export class ContributorRuleError extends Error {
  constructor(readonly violations: readonly ContributorRuleViolation[]) {
    super(`invalid Contributor Insights rule: ${violations.map((v) => (v.field ? `${v.field}: ${v.message}` : v.message)).join("; ")}`);
    this.name = "ContributorRuleError";
  }
}

type Leaf = string | number | boolean | null;

/**
 * A leaf is a scalar or JSON `null`. AWS: IsPresent "works only with values in the leaf node of
 * JSON properties", and a path that stops at an object or array names no single value, so such
 * a path matches no operator at all (the same rule CloudWatch metric filters follow).
 */
const leafAt = (record: unknown, path: readonly PathSegment[]): { found: false } | { found: true; value: Leaf } => {
  const r = resolvePath(record, path);
  if (!r.found || (r.value !== null && typeof r.value === "object")) return { found: false };
  return { found: true, value: r.value as Leaf };
};

/** In/NotIn compare the field's text: a listed `200` and a logged `"200"` are the same value. */
const textOf = (value: Leaf): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;

type FilterPredicate = (record: unknown) => boolean;

/**
 * Semantics chosen where AWS's page is silent (documented, to calibrate against a real rule):
 * - every operator except `IsPresent: false` needs the field to be present as a leaf; in
 *   particular `NotIn` and `NotEqualTo` do not match an absent field (as `!=` in metric
 *   filters and `anything-but` in EventBridge do not);
 * - the numeric operators need a JSON number (a numeric string is not compared);
 * - `StartsWith` needs a string; matching is case-sensitive throughout.
 */
const compileFilter = (filter: ContributorFilter): FilterPredicate => {
  const path = parseJsonPath(filter.Match) as readonly PathSegment[];
  const at = (record: unknown) => leafAt(record, path);
  if (filter.In !== undefined) {
    const values = new Set(filter.In.map(String));
    return (r) => {
      const l = at(r);
      const t = l.found ? textOf(l.value) : undefined;
      return t !== undefined && values.has(t);
    };
  }
  if (filter.NotIn !== undefined) {
    const values = new Set(filter.NotIn.map(String));
    return (r) => {
      const l = at(r);
      const t = l.found ? textOf(l.value) : undefined;
      return t !== undefined && !values.has(t);
    };
  }
  if (filter.StartsWith !== undefined) {
    const prefixes = filter.StartsWith;
    return (r) => {
      const l = at(r);
      return l.found && typeof l.value === "string" && prefixes.some((p) => (l.value as string).startsWith(p));
    };
  }
  const numeric = (test: (n: number) => boolean): FilterPredicate => (r) => {
    const l = at(r);
    return l.found && typeof l.value === "number" && test(l.value);
  };
  if (filter.GreaterThan !== undefined) { const x = filter.GreaterThan; return numeric((n) => n > x); }
  if (filter.LessThan !== undefined) { const x = filter.LessThan; return numeric((n) => n < x); }
  if (filter.EqualTo !== undefined) { const x = filter.EqualTo; return numeric((n) => n === x); }
  if (filter.NotEqualTo !== undefined) { const x = filter.NotEqualTo; return numeric((n) => n !== x); }
  const wanted = filter.IsPresent === true;
  return (r) => {
    const whole = resolvePath(r, path);
    if (whole.found && whole.value !== null && typeof whole.value === "object") return false;
    return whole.found === wanted;
  };
};

/**
 * Compiles a rule once into a function of one log event (the parsed JSON record). It returns the
 * contributor, the key values in key order, when every filter matches, and `undefined` otherwise.
 *
 * A key that resolves to nothing usable (absent, `null`, an object or an array) means the event
 * has no contributor and is not counted: AWS's page does not say what it does, and counting such
 * events under an empty key would let records without a source IP add up into one fake
 * contributor that trips a per-IP threshold. Key values are the field's text (`String(n)` for
 * numbers and booleans). Throws `ContributorRuleError` for a rule AWS would reject.
 */
export const compileContributorRule = (rule: ContributorRule): ((record: unknown) => readonly string[] | undefined) => {
  const violations = checkContributorRule(rule);
  if (violations.length > 0) throw new ContributorRuleError(violations);
  const keyPaths = rule.keys.map((k) => parseJsonPath(k) as readonly PathSegment[]);
  const filters = rule.filters.map(compileFilter);
  return (record) => {
    for (const f of filters) if (!f(record)) return undefined;
    const values: string[] = [];
    for (const path of keyPaths) {
      const l = leafAt(record, path);
      const t = l.found ? textOf(l.value) : undefined;
      if (t === undefined) return undefined;
      values.push(t);
    }
    return values;
  };
};
