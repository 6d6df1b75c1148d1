/**
 * Turns validated branches into a predicate. Semantics follow event-ruler's array-consistent
 * matcher (ACFinder, which EventBridge's rulesForJSONEvent uses) and the EB UG
 * (docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html,
 * eb-event-patterns-arrays.html, eb-event-patterns-null-values.html):
 * - a field matches when any of its leaf values satisfies any of its conditions;
 * - values are typed: "5" never matches 5, "true" never matches true, null matches only [null];
 * - numbers compare by value (5 matches 5.0 and 5e0), as event-ruler adds a numeric-equality
 *   matcher beside the literal one;
 * - `anything-but` needs the field present but matches any other value, null and booleans
 *   included; its string forms match every non-string (AWS-validated vectors);
 * - fields are visited in key order and a match may not take two fields from different elements
 *   of one array; `exists: false` means "no value of this field in the array elements chosen so far".
 */
import { isIpInRange, isSameIp } from "./cidr";
import { collectLeaves, indexFields, type Leaf, type Scalar } from "./flatten";
import { compileIgnoreCase } from "./ignore-case";
import type { Branch, FieldCondition, ValueCondition } from "./validate";
import { matchesWildcard } from "./wildcard";

type ValueTest = (value: Scalar) => boolean;

const isString = (v: Scalar): v is string => typeof v === "string";

function compileValue(c: ValueCondition): ValueTest {
  switch (c.kind) {
    case "string":
      return (v) => v === c.value;
    case "ip":
      return (v) => isString(v) && isSameIp(v, c.bytes);
    case "number":
      return (v) => v === c.value;
    case "literal":
      return (v) => v === c.value;
    case "prefix":
    case "suffix": {
      if (c.ignoreCase) {
        const test = compileIgnoreCase(c.value, c.kind);
        return (v) => isString(v) && test(v);
      }
      const text = c.value;
      return c.kind === "prefix" ? (v) => isString(v) && v.startsWith(text) : (v) => isString(v) && v.endsWith(text);
    }
    case "equals-ignore-case": {
      const test = compileIgnoreCase(c.value, "equals");
      return (v) => isString(v) && test(v);
    }
    case "wildcard":
      return (v) => isString(v) && matchesWildcard(c.runs, v);
    case "numeric":
      return (v) =>
        typeof v === "number" &&
        (c.lowOpen ? v > c.low : v >= c.low) &&
        (c.highOpen ? v < c.high : v <= c.high);
    case "cidr":
      return (v) => isString(v) && isIpInRange(v, c.range);
    case "exists":
      return () => true;
    case "anything-but":
      return compileAnythingBut(c);
  }
}

function compileAnythingBut(c: Extract<ValueCondition, { kind: "anything-but" }>): ValueTest {
  switch (c.of) {
    case "strings": {
      const excluded = new Set(c.values);
      return (v) => !(isString(v) && excluded.has(v));
    }
    case "numbers": {
      const excluded = c.values;
      return (v) => !(typeof v === "number" && excluded.includes(v));
    }
    case "prefix": {
      const excluded = c.values;
      return (v) => !(isString(v) && excluded.some((p) => v.startsWith(p)));
    }
    case "suffix": {
      const excluded = c.values;
      return (v) => !(isString(v) && excluded.some((s) => v.endsWith(s)));
    }
    case "equals-ignore-case": {
      const tests = c.values.map((x) => compileIgnoreCase(x, "equals"));
      return (v) => !(isString(v) && tests.some((t) => t(v)));
    }
    case "wildcard": {
      const patterns = c.values;
      return (v) => !(isString(v) && patterns.some((p) => matchesWildcard(p, v)));
    }
  }
}

interface CompiledField {
  readonly key: string;
  readonly test: ValueTest;
  readonly absent: boolean;
}

function compileField(field: FieldCondition): CompiledField {
  const tests = field.values.map(compileValue);
  const test: ValueTest = tests.length === 1 ? tests[0] : (v) => tests.some((t) => t(v));
  return { key: field.key, test, absent: field.absent };
}

/** The union of two memberships, or undefined when they put one array at two indexes. */
function join(so: readonly number[], leaf: readonly number[]): readonly number[] | undefined {
  if (leaf.length === 0) return so;
  let out: number[] | undefined;
  for (let i = 0; i < leaf.length; i += 2) {
    let known = false;
    for (let j = 0; j < so.length; j += 2) {
      if (so[j] === leaf[i]) {
        if (so[j + 1] !== leaf[i + 1]) return undefined;
        known = true;
        break;
      }
    }
    if (!known) (out ??= [...so]).push(leaf[i], leaf[i + 1]);
  }
  return out ?? so;
}

const NO_LEAVES: readonly Leaf[] = [];

/** Whether one branch matches: a depth-first choice of one leaf per field, in key order. */
function matchesBranch(fields: readonly CompiledField[], leaves: ReadonlyMap<string, Leaf[]>): boolean {
  let failed: Set<string> | undefined;
  const from = (i: number, membership: readonly number[]): boolean => {
    if (i === fields.length) return true;
    const memo = membership.length > 0 ? `${i}:${membership.join(",")}` : undefined;
    if (memo !== undefined && failed?.has(memo)) return false;
    const field = fields[i];
    let present = false;
    for (const leaf of leaves.get(field.key) ?? NO_LEAVES) {
      const joined = join(membership, leaf.membership);
      if (joined === undefined) continue;
      present = true;
      if (field.test(leaf.value) && from(i + 1, joined)) return true;
    }
    if (field.absent && !present && from(i + 1, membership)) return true;
    if (memo !== undefined) (failed ??= new Set()).add(memo);
    return false;
  };
  return from(0, []);
}

/** The predicate for validated branches; it never throws and builds nothing per call but the leaf map. */
export function compileBranches(branches: readonly Branch[]): (event: unknown) => boolean {
  const compiled = branches.map((b) => b.map(compileField));
  const index = indexFields(branches.flatMap((b) => b.map((f) => f.key)));
  return (event) => {
    const leaves = collectLeaves(event, index);
    return leaves !== undefined && compiled.some((fields) => matchesBranch(fields, leaves));
  };
}
