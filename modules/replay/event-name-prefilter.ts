import { parseFilterPattern, type BooleanExpr, type JsonCondition } from "../engines/filter-pattern";
import { isPlainObject } from "../engines/plain-object";

/**
 * Cheap necessary conditions on a CloudTrail record's `eventName`, read off a pattern once: the
 * event names it can match at all. Most detections list event names, and most records of a trail
 * have a name none of them lists, so the replay loop calls a detection's predicate only for records
 * whose `eventName` could match (one Set lookup instead of a walk through the pattern or, for event
 * rules, the whole event). The predicate still decides; these only answer "certainly not".
 *
 * They read only what is certain and answer "cannot tell" (undefined) for anything else, and the
 * corpus test checks that no record a predicate matches is ever filtered out.
 */

/**
 * EventBridge pattern: a `detail.eventName` given as a list of plain strings, which in an event
 * pattern means exact, case-sensitive equality (EB UG "Event patterns"), combined through `$or`
 * branches. Operators such as `prefix` or `anything-but`, numbers, or a branch without such a list
 * make it answer undefined.
 */
export function possibleEventNames(pattern: unknown): ReadonlySet<string> | undefined {
  return namesIn(pattern, false);
}

/**
 * CloudWatch Logs filter pattern: a JSON pattern whose every way to match needs
 * `$.eventName = "Name"` with an exact string (no `*`): OR takes the union of its operands (all
 * must name events), AND the intersection of those that do. A missing field matches no comparison
 * (see the filter-pattern engine), so a record without `eventName` cannot match either.
 */
export function possibleEventNamesOfFilter(pattern: string): ReadonlySet<string> | undefined {
  const ast = parseFilterPattern(pattern);
  return ast.kind === "json" ? namesInExpr(ast.expr) : undefined;
}

function namesInExpr(expr: BooleanExpr<JsonCondition>): Set<string> | undefined {
  switch (expr.kind) {
    case "leaf": {
      const c = expr.leaf;
      const steps = c.selector.steps;
      const onEventName = steps.length === 1 && steps[0].kind === "property" && steps[0].name === "eventName";
      if (c.kind !== "compare" || !onEventName || c.operator !== "=" || c.value.kind !== "string") return undefined;
      return c.value.anyPrefix || c.value.anySuffix ? undefined : new Set([c.value.core]);
    }
    case "or": {
      const union = new Set<string>();
      for (const operand of expr.operands) {
        const names = namesInExpr(operand);
        if (names === undefined) return undefined;
        for (const n of names) union.add(n);
      }
      return union;
    }
    case "and": {
      let common: Set<string> | undefined;
      for (const operand of expr.operands) {
        const names = namesInExpr(operand);
        if (names === undefined) continue;
        common = common === undefined ? names : new Set([...common].filter((n) => names.has(n)));
      }
      return common;
    }
  }
}


function namesIn(pattern: unknown, inDetail: boolean): Set<string> | undefined {
  if (!isPlainObject(pattern)) return undefined;
  // Fields of one object are AND-ed: any one certain constraint is a necessary condition.
  if (inDetail) {
    const names = pattern.eventName;
    if (Array.isArray(names) && names.every((n) => typeof n === "string")) return new Set(names);
  } else if (pattern.detail !== undefined) {
    const fromDetail = namesIn(pattern.detail, true);
    if (fromDetail !== undefined) return fromDetail;
  }
  const branches = pattern.$or;
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const union = new Set<string>();
  for (const branch of branches) {
    const names = namesIn(branch, inDetail);
    if (names === undefined) return undefined;
    for (const n of names) union.add(n);
  }
  return union;
}

/**
 * Whether a record may match a pattern with these possible names: false only when its
 * `eventName` is missing or a string outside them (an exact string comparison matches neither).
 */
export const mayMatchEventName = (names: ReadonlySet<string>, eventName: unknown): boolean =>
  typeof eventName === "string" ? names.has(eventName) : eventName !== undefined;
