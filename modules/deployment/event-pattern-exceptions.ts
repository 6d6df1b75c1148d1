/**
 * Exceptions (allow-lists) compiled into an EventBridge event pattern: the counterpart of
 * `compileFilterExceptions` (./exceptions.ts) for the event-rule detections, with the same
 * semantics (docs/exceptions.md): an entry excepts an event that matches ALL the lists it has, a
 * list matches when ANY value matches, entries are alternatives. The rule's pattern becomes
 * `original AND NOT entry1 AND NOT entry2 …`, and `NOT entry` is "some listed field matches none
 * of its values".
 *
 * "The field matches none of these values" is written `[{"exists": false}, {"anything-but": …}]`:
 * `anything-but` does not match an absent field (docs/aws-facts.md f), so the `exists: false`
 * alternative keeps counting an event without the field, as the filter compiler's
 * `NOT EXISTS || IS NULL || …` does; `anything-but` matches `null`, so a null field is counted too.
 * A value with `*` becomes an `anything-but` `wildcard` (a list of them is allowed, docs/aws-facts.md f);
 * a CIDR block becomes octet wildcards (`10.1.*`), as for filter patterns, since `anything-but` has
 * no `cidr` form. Operators: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 *
 * Entries with one list merge per field (one condition per field, all AND-ed: plain keys of the
 * pattern). An entry with several lists is an OR, written as a `$or` under `detail`; several such
 * entries multiply out into one `$or` (EventBridge allows one `$or` per object), and a field that
 * both kinds constrain is written in the branches only. What cannot be
 * expressed (an IPv6 block, a field the detection's own pattern already constrains) is an issue;
 * the compiled pattern's size is checked at validate against EventBridge's quota (checks.ts).
 */
import type { DetectionException } from "../manifest/schema";
import { failure, success } from "../result";
import { exceptionPath, sourceIpValues, type Compiled, type ExceptionIssue, type ExceptionList } from "./exceptions";

export type EventPattern = Readonly<Record<string, unknown>>;

const LISTS: readonly ExceptionList[] = ["principals", "sourceIps", "userAgents"];

/** Products of several multi-list entries beyond this many alternatives are refused: the pattern would not fit anyway. */
export const MAX_EXCEPTION_ALTERNATIVES = 64;

/** How a field's value is excluded: exact strings, or wildcards (EventBridge `wildcard` syntax). */
interface Excluded {
  readonly exact: ReadonlySet<string>;
  readonly wildcards: ReadonlySet<string>;
}

/** A conjunction: for each field (path under `detail`, dot-separated), the values it must match none of. */
type Conjunction = ReadonlyMap<string, Excluded>;

/** `$.userIdentity.arn` → `userIdentity.arn` (the path under the event's `detail`). */
const detailPath = (jsonPath: string): string => jsonPath.slice(2);

/** A value written with `*` (any run of characters) as an EventBridge wildcard: `\` escaped, runs of `*` collapsed. */
const asWildcard = (value: string): string => value.replace(/\\/g, "\\\\").replace(/\*{2,}/g, "*");

function addTo(into: Map<string, { exact: Set<string>; wildcards: Set<string> }>, path: string, value: string, wildcard: boolean): void {
  const slot = into.get(path) ?? { exact: new Set<string>(), wildcards: new Set<string>() };
  into.set(path, slot);
  (wildcard ? slot.wildcards : slot.exact).add(wildcard ? asWildcard(value) : value);
}

/** One entry's lists: for each list, the conjunction "this list does not match". */
function entryLists(exception: DetectionException, entry: number, issues: ExceptionIssue[]): Map<ExceptionList, Conjunction> {
  const lists = new Map<ExceptionList, Conjunction>();
  for (const list of LISTS) {
    const values = exception[list] ?? [];
    if (values.length === 0) continue;
    const fields = new Map<string, { exact: Set<string>; wildcards: Set<string> }>();
    values.forEach((value, index) => {
      const at = [list, index];
      if (/[\u0000-\u001f\u007f]/.test(value)) {
        issues.push({ entry, path: at, message: `${JSON.stringify(value)} contains a control character` });
        return;
      }
      const path = detailPath(exceptionPath(list, value));
      if (list === "sourceIps") {
        const ips = sourceIpValues(value);
        if (!ips.ok) {
          for (const problem of ips.problems) issues.push({ entry, path: at, message: `${problem}; an event pattern's anything-but has no cidr form either` });
          return;
        }
        for (const ip of ips.value) addTo(fields, path, ip, ip.endsWith("*"));
        return;
      }
      addTo(fields, path, value, value.includes("*"));
    });
    lists.set(list, fields);
  }
  if (lists.size === 0 && issues.every((i) => i.entry !== entry)) {
    issues.push({ entry, path: [], message: "lists none of principals, sourceIps, userAgents: it would except every event; use enabled: false to turn the detection off" });
  }
  return lists;
}

/** The AND of two conjunctions: a field excluded by both excludes the union of their values. */
function and(a: Conjunction, b: Conjunction): Conjunction {
  const out = new Map<string, Excluded>(a);
  for (const [path, excluded] of b) {
    const mine = out.get(path);
    out.set(path, mine ? { exact: new Set([...mine.exact, ...excluded.exact]), wildcards: new Set([...mine.wildcards, ...excluded.wildcards]) } : excluded);
  }
  return out;
}

/** `[{"exists": false}, {"anything-but": …}]` for one field. */
function noneOf(excluded: Excluded): unknown[] {
  const exact = [...excluded.exact].sort();
  const wildcards = [...excluded.wildcards].sort();
  // Wildcard and exact values cannot share one anything-but; an exact value is a wildcard without
  // stars once its backslashes are escaped (and it has no `*`, or it would be a wildcard).
  const anythingBut = wildcards.length > 0 ? { wildcard: [...exact.map(asWildcard), ...wildcards] } : exact.length === 1 ? exact[0] : exact;
  return [{ exists: false }, { "anything-but": anythingBut }];
}

/** A conjunction as nested pattern keys (relative to `detail`). */
function render(conjunction: Conjunction): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, excluded] of [...conjunction].sort(([a], [b]) => a.localeCompare(b))) {
    const steps = path.split(".");
    let at = out;
    for (const step of steps.slice(0, -1)) at = (at[step] ??= {}) as Record<string, unknown>;
    at[steps[steps.length - 1]] = noneOf(excluded);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every field path the pattern constrains (`detail.userIdentity.type`), through `$or` branches. */
function constrainedPaths(pattern: unknown, prefix: string, into: Set<string>): Set<string> {
  if (!isObject(pattern)) return into;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === "$or" && Array.isArray(value)) value.forEach((branch) => constrainedPaths(branch, prefix, into));
    else if (isObject(value)) constrainedPaths(value, `${prefix}${key}.`, into);
    else into.add(`${prefix}${key}`);
  }
  return into;
}

/** `b` merged into `a`, both objects of plain keys; the caller has made sure no leaf collides. */
function merge(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const mine = out[key];
    out[key] = isObject(mine) && isObject(value) && key !== "$or" ? merge(mine, value) : value;
  }
  return out;
}

/**
 * Compiles exceptions into an event pattern. The original pattern is kept as it is (its `$or`
 * too); the exceptions add keys under `detail` and, for entries with several lists, a `$or` under
 * `detail`.
 */
export function compileEventPatternExceptions(pattern: EventPattern, exceptions: readonly DetectionException[]): Compiled<EventPattern> {
  if (exceptions.length === 0) return success(pattern);
  const issues: ExceptionIssue[] = [];
  const constrained = constrainedPaths(pattern, "", new Set());
  let merged: Conjunction = new Map();
  const alternatives: Conjunction[][] = [];
  exceptions.forEach((exception, entry) => {
    const before = issues.length;
    const lists = entryLists(exception, entry, issues);
    for (const conjunction of lists.values()) {
      for (const path of conjunction.keys()) {
        const full = `detail.${path}`;
        if ([...constrained].some((c) => c === full || c.startsWith(`${full}.`) || full.startsWith(`${c}.`))) {
          issues.push({
            entry,
            path: [],
            message: `the detection's own event pattern already matches on ${full}; EventBridge cannot add a second condition on the same field: filter in the notifier instead`,
          });
        }
      }
    }
    if (issues.length > before) return;
    if (lists.size === 1) merged = and(merged, [...lists.values()][0]);
    else alternatives.push([...lists.values()]);
  });
  if (issues.length > 0) return failure(...issues);

  // Several multi-list entries: AND of ORs, multiplied out into one OR.
  let product: Conjunction[] = alternatives.length > 0 ? [new Map()] : [];
  for (const options of alternatives) {
    product = product.flatMap((p) => options.map((o) => and(p, o)));
    if (product.length > MAX_EXCEPTION_ALTERNATIVES) {
      return failure({
        entry: exceptions.length - 1,
        path: [],
        message: `entries listing several of principals, sourceIps, userAgents multiply into more than ${MAX_EXCEPTION_ALTERNATIVES} alternatives of an event pattern: give each list its own entry where you can`,
      });
    }
  }

  // A field both outside the `$or` and in one of its branches is not written twice (how
  // EventBridge reads the same key at two levels is not documented): its condition moves into every
  // branch, where the AND of two "none of" conditions is one with both value sets.
  const inBranches = new Set(product.flatMap((p) => [...p.keys()]));
  const shared: Conjunction = new Map([...merged].filter(([path]) => inBranches.has(path)));
  if (shared.size > 0) {
    product = product.map((p) => and(p, shared));
    merged = new Map([...merged].filter(([path]) => !inBranches.has(path)));
  }
  const detail: Record<string, unknown> = merge(isObject(pattern.detail) ? pattern.detail : {}, render(merged));
  if (product.length > 0) {
    const ours = product.map(render);
    const theirs = Array.isArray(detail.$or) ? (detail.$or as Record<string, unknown>[]) : undefined;
    detail.$or = theirs ? theirs.flatMap((t) => ours.map((o) => merge(t, o))) : ours;
  }
  return success({ ...pattern, detail });
}
