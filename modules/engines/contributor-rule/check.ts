import { parseJsonPath } from "./path";

/**
 * One filter of a Contributor Insights rule: a `Match` path and exactly one operator, all of a
 * rule's filters AND-ed, matching case-sensitive. The catalog's records use this type.
 */
export interface ContributorFilter {
  readonly Match: string;
  readonly In?: readonly (string | number)[];
  readonly NotIn?: readonly (string | number)[];
  readonly StartsWith?: readonly string[];
  readonly GreaterThan?: number;
  readonly LessThan?: number;
  readonly EqualTo?: number;
  readonly NotEqualTo?: number;
  readonly IsPresent?: boolean;
}

/** The `Contribution` part of a rule that tripline uses: `Keys` and `Filters`. */
export interface ContributorRule {
  readonly keys: readonly string[];
  readonly filters: readonly ContributorFilter[];
}

/** A broken AWS limit or syntax rule, with where in the rule it is. */
export interface ContributorRuleViolation {
  /** `keys[2]`, `filters[0].In`, …; empty for the rule as a whole. */
  readonly field: string;
  readonly message: string;
}

/** AWS's limits, from the rule-syntax page (ContributorInsights-RuleSyntax.html). */
export const MAX_KEYS = 4;
export const MAX_FILTERS = 4;
export const MAX_VALUES_PER_FILTER = 10;

const LIST_OPERATORS = ["In", "NotIn", "StartsWith"] as const;
const NUMBER_OPERATORS = ["GreaterThan", "LessThan", "EqualTo", "NotEqualTo"] as const;
export const OPERATORS = [...LIST_OPERATORS, ...NUMBER_OPERATORS, "IsPresent"] as const;
export type ContributorOperator = (typeof OPERATORS)[number];

const isOperator = (key: string): key is ContributorOperator => (OPERATORS as readonly string[]).includes(key);

const checkFilter = (filter: ContributorFilter, at: string): ContributorRuleViolation[] => {
  const problems: ContributorRuleViolation[] = [];
  if (filter === null || typeof filter !== "object") {
    return [{ field: at, message: "a filter must be an object with Match and one operator" }];
  }
  const pathError = typeof filter.Match === "string" ? parseJsonPath(filter.Match) : null;
  if (filter.Match === undefined) problems.push({ field: `${at}.Match`, message: "Match is required" });
  else if (typeof filter.Match !== "string") problems.push({ field: `${at}.Match`, message: "Match must be a JSON path string" });
  else if (typeof pathError === "string") problems.push({ field: `${at}.Match`, message: pathError });

  const keys = Object.keys(filter).filter((k) => k !== "Match" && (filter as unknown as Record<string, unknown>)[k] !== undefined);
  const unknown = keys.filter((k) => !isOperator(k));
  for (const k of unknown) {
    problems.push({ field: `${at}.${k}`, message: `"${k}" is not an operator; use one of ${OPERATORS.join(", ")}` });
  }
  const operators = keys.filter(isOperator);
  if (operators.length === 0) {
    problems.push({ field: at, message: `a filter needs exactly one operator (${OPERATORS.join(", ")}); it has none` });
  } else if (operators.length > 1) {
    problems.push({ field: at, message: `a filter takes exactly one operator; it has ${operators.join(", ")}` });
  }
  for (const op of operators) {
    const value: unknown = filter[op];
    const field = `${at}.${op}`;
    if ((LIST_OPERATORS as readonly string[]).includes(op)) {
      if (!Array.isArray(value)) {
        problems.push({ field, message: `${op} takes an array of values` });
        continue;
      }
      if (value.length === 0) problems.push({ field, message: `${op} needs at least one value` });
      if (value.length > MAX_VALUES_PER_FILTER) {
        problems.push({ field, message: `${op} has ${value.length} values; AWS allows at most ${MAX_VALUES_PER_FILTER}` });
      }
      value.forEach((v: unknown, i: number) => {
        const ok = op === "StartsWith" ? typeof v === "string" : typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
        if (!ok) {
          problems.push({ field: `${field}[${i}]`, message: `${JSON.stringify(v)} is not a ${op === "StartsWith" ? "string" : "string or number"}` });
        }
      });
    } else if ((NUMBER_OPERATORS as readonly string[]).includes(op)) {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        problems.push({ field, message: `${op} takes a single number, not ${JSON.stringify(value)}` });
      }
    } else if (typeof value !== "boolean") {
      problems.push({ field, message: `IsPresent takes true or false, not ${JSON.stringify(value)}` });
    }
  }
  return problems;
};

/**
 * Every way `rule` breaks AWS's rule syntax or limits: 1 to 4 keys, at most 4 filters, one
 * operator per filter, at most 10 values per In/NotIn/StartsWith, numbers for the numeric
 * operators, a boolean for IsPresent, and well-formed JSON paths. Returns [] for a valid rule.
 * That IsPresent only sees leaf fields is a property of the data, so it is handled when
 * evaluating (see compile.ts), not here.
 */
export const checkContributorRule = (rule: ContributorRule): ContributorRuleViolation[] => {
  const problems: ContributorRuleViolation[] = [];
  const keys: unknown = rule?.keys;
  const filters: unknown = rule?.filters;
  if (!Array.isArray(keys)) {
    problems.push({ field: "keys", message: "keys must be an array of JSON paths" });
  } else {
    if (keys.length === 0) problems.push({ field: "keys", message: "a rule needs at least one key" });
    if (keys.length > MAX_KEYS) problems.push({ field: "keys", message: `${keys.length} keys; AWS allows at most ${MAX_KEYS}` });
    keys.forEach((k: unknown, i: number) => {
      const error = typeof k === "string" ? parseJsonPath(k) : "a key must be a JSON path string";
      if (typeof error === "string") problems.push({ field: `keys[${i}]`, message: error });
    });
    const seen = new Set<unknown>();
    keys.forEach((k: unknown, i: number) => {
      if (seen.has(k)) problems.push({ field: `keys[${i}]`, message: `${JSON.stringify(k)} is listed twice` });
      seen.add(k);
    });
  }
  if (!Array.isArray(filters)) {
    problems.push({ field: "filters", message: "filters must be an array" });
  } else {
    if (filters.length > MAX_FILTERS) {
      problems.push({ field: "filters", message: `${filters.length} filters; AWS allows at most ${MAX_FILTERS}` });
    }
    filters.forEach((f: ContributorFilter, i: number) => problems.push(...checkFilter(f, `filters[${i}]`)));
  }
  return problems;
};
