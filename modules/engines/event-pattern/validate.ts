/**
 * Reads a pattern document the way EventBridge's PutRule does and returns it as a list of
 * alternatives ("branches"), each a set of field conditions, or throws EventPatternError at the
 * first thing PutRule would refuse. The rules follow aws/event-ruler's JsonRuleCompiler (the
 * open-source matcher EventBridge uses) and AWS-validated vectors (localstack/localstack
 * tests/aws/services/events/event_pattern_templates); operators as documented in EB UG
 * docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html.
 */
import { parseCidr, parseIp, type IpRange } from "./cidr";
import { fail, type PathStep } from "./error";
import type { JsonNode } from "./json-text";
import { isExactDouble } from "./exact-double";
import { parseWildcard, type WildcardPattern } from "./wildcard";

/** One way a single event value can satisfy a field. */
export type ValueCondition =
  | { readonly kind: "string"; readonly value: string }
  /** A plain string that is an IP literal: event-ruler compares it as an address, not as text. */
  | { readonly kind: "ip"; readonly bytes: Uint8Array }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "literal"; readonly value: boolean | null }
  | { readonly kind: "prefix" | "suffix"; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: "equals-ignore-case"; readonly value: string }
  | { readonly kind: "wildcard"; readonly runs: WildcardPattern }
  | {
      readonly kind: "numeric";
      readonly low: number;
      readonly lowOpen: boolean;
      readonly high: number;
      readonly highOpen: boolean;
    }
  | { readonly kind: "cidr"; readonly range: IpRange }
  | { readonly kind: "exists" }
  | { readonly kind: "anything-but"; readonly of: "strings"; readonly values: readonly string[] }
  | { readonly kind: "anything-but"; readonly of: "numbers"; readonly values: readonly number[] }
  | {
      readonly kind: "anything-but";
      readonly of: "prefix" | "suffix" | "equals-ignore-case";
      readonly values: readonly string[];
    }
  | { readonly kind: "anything-but"; readonly of: "wildcard"; readonly values: readonly WildcardPattern[] };

/** The conditions on one flattened field (`detail.userIdentity.type`): any one may hold. */
export interface FieldCondition {
  /** Keys joined with "." as event-ruler joins them, so `{"a.b": …}` and `{"a": {"b": …}}` agree. */
  readonly key: string;
  readonly values: readonly ValueCondition[];
  /** `{"exists": false}` is among the values: the field may also be missing. */
  readonly absent: boolean;
}

/** One alternative of the pattern: every field must hold. */
export type Branch = readonly FieldCondition[];

/**
 * A guard of ours, not an AWS limit: nested `$or`s multiply, and EventBridge publishes no cap.
 * A pattern within the size quota could otherwise expand into millions of alternatives.
 */
export const MAX_BRANCHES = 1024;

/** Field names that may not appear inside `$or` (event-ruler Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP). */
const RESERVED_IN_OR = new Set([
  "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr",
  "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after", "date-on-or-after",
  "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range", "ip-address-not-in-range",
]);

const describeNode = (node: JsonNode): string =>
  node.kind === "object" ? "an object" : node.kind === "array" ? "an array" : node.kind === "null" ? "null"
    : node.kind === "string" ? `the string ${JSON.stringify(node.value)}` : `the ${node.kind} ${show(node)}`;

const show = (node: JsonNode): string =>
  node.kind === "number" ? node.text : node.kind === "boolean" ? String(node.value) : node.kind;

type MutableBranch = Map<string, FieldCondition>;

/** Validates the whole pattern; `root` is the parsed document. */
export function validatePattern(root: JsonNode): Branch[] {
  if (root.kind !== "object") fail([], `the pattern must be a JSON object, not ${describeNode(root)}`);
  const branches = readObject(root, null, [], false);
  return branches.map((b) => [...b.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)));
}

/** Every branch of `left` combined with every branch of `right`; right's fields win on a clash. */
function combine(left: MutableBranch[], right: MutableBranch[], steps: readonly PathStep[]): MutableBranch[] {
  if (left.length * right.length > MAX_BRANCHES) {
    fail(steps, `the "$or"s in this pattern expand to more than ${MAX_BRANCHES} alternatives; tripline refuses to evaluate that many`);
  }
  const out: MutableBranch[] = [];
  for (const l of left) for (const r of right) out.push(new Map([...l, ...r]));
  return out;
}

function readObject(
  node: Extract<JsonNode, { kind: "object" }>,
  prefix: string | null,
  steps: readonly PathStep[],
  insideOr: boolean,
): MutableBranch[] {
  if (node.entries.length === 0) fail(steps, "empty objects are not allowed; name at least one field");
  let branches: MutableBranch[] = [new Map()];
  for (const [key, value] of node.entries) {
    const at = [...steps, key];
    if (key === "$or") {
      branches = combine(branches, readOr(value, prefix, at), at);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) {
      fail(at, `${JSON.stringify(key)} is a reserved word and cannot be a field name inside "$or"`);
    }
    const path = prefix === null ? key : `${prefix}.${key}`;
    if (value.kind === "object") {
      branches = combine(branches, readObject(value, path, at, insideOr), at);
    } else if (value.kind === "array") {
      // A later condition on the same flattened field replaces the earlier one, as in
      // event-ruler (and the AWS-validated duplicate-key example).
      const field = readField(value, path, at);
      for (const b of branches) {
        b.delete(path);
        b.set(path, field);
      }
    } else {
      fail(at, `${JSON.stringify(key)} must be an array of values or an object of fields, not ${describeNode(value)}`);
    }
  }
  return branches;
}

function readOr(node: JsonNode, prefix: string | null, steps: readonly PathStep[]): MutableBranch[] {
  if (node.kind !== "array") fail(steps, `"$or" must be an array of at least two objects, not ${describeNode(node)}`);
  const items = (node).items;
  const out: MutableBranch[] = [];
  items.forEach((item, i) => {
    const at = [...steps, i];
    if (item.kind !== "object") fail(at, `each alternative in "$or" must be an object, not ${describeNode(item)}`);
    out.push(...readObject(item, prefix, at, true));
    if (out.length > MAX_BRANCHES) {
      fail(steps, `the "$or"s in this pattern expand to more than ${MAX_BRANCHES} alternatives; tripline refuses to evaluate that many`);
    }
  });
  if (items.length < 2) fail(steps, `"$or" needs at least two alternatives, found ${items.length}`);
  return out;
}

function readField(node: Extract<JsonNode, { kind: "array" }>, key: string, steps: readonly PathStep[]): FieldCondition {
  if (node.items.length === 0) fail(steps, "empty arrays are not allowed; list at least one value to match");
  const values: ValueCondition[] = [];
  let absent = false;
  node.items.forEach((item, i) => {
    const at = [...steps, i];
    switch (item.kind) {
      case "string": {
        const ip = parseIp(item.value);
        values.push(ip ? { kind: "ip", bytes: ip } : { kind: "string", value: item.value });
        break;
      }
      case "number":
        // event-ruler matches a number both as written and by value (so 5 matches 5.0). A literal
        // that is not exactly a double (12345678901234567890) matches only as written there;
        // events reach us parsed, so we compare the double either way.
        values.push({ kind: "number", value: item.value });
        break;
      case "boolean":
        values.push({ kind: "literal", value: item.value });
        break;
      case "null":
        values.push({ kind: "literal", value: null });
        break;
      case "object": {
        const condition = readMatcher(item, at);
        if (condition === "absent") absent = true;
        else values.push(condition);
        break;
      }
      case "array":
        fail(at, "a value to match must be a string, number, true, false, null or an operator object, not an array");
    }
  });
  return { key, values, absent };
}

const OPERATORS = "prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, cidr, exists, exactly";

function readMatcher(node: Extract<JsonNode, { kind: "object" }>, steps: readonly PathStep[]): ValueCondition | "absent" {
  if (node.entries.length === 0) fail(steps, `an operator object needs one operator (${OPERATORS})`);
  const [op, value] = node.entries[0];
  const at = [...steps, op];
  const condition = readOperator(op, value, at, steps);
  if (node.entries.length > 1) {
    fail([...steps, node.entries[1][0]], `only one operator is allowed in an operator object; ${JSON.stringify(op)} is already there`);
  }
  return condition;
}

function expectString(node: JsonNode, steps: readonly PathStep[], what: string): string {
  if (node.kind !== "string") fail(steps, `${what} must be a string, not ${describeNode(node)}`);
  return (node).value;
}

function readOperator(
  op: string,
  value: JsonNode,
  at: readonly PathStep[],
  matcherSteps: readonly PathStep[],
): ValueCondition | "absent" {
  switch (op) {
    case "exactly":
      // Accepted by event-ruler's JsonRuleCompiler though the EventBridge guide does not list it.
      return { kind: "string", value: expectString(value, at, `the "exactly" value`) };
    case "prefix":
    case "suffix": {
      if (value.kind === "object") {
        const inner = value.entries;
        if (inner.length === 0 || inner[0][0] !== "equals-ignore-case") {
          fail(at, `"${op}" takes a string or {"equals-ignore-case": "…"}`);
        }
        const text = expectString(inner[0][1], [...at, "equals-ignore-case"], `the "equals-ignore-case" value`);
        if (inner.length > 1) fail([...at, inner[1][0]], `only "equals-ignore-case" is allowed inside "${op}"`);
        return { kind: op, value: text, ignoreCase: true };
      }
      return { kind: op, value: expectString(value, at, `the "${op}" value`), ignoreCase: false };
    }
    case "equals-ignore-case":
      return { kind: "equals-ignore-case", value: expectString(value, at, `the "equals-ignore-case" value`) };
    case "wildcard": {
      const runs = parseWildcard(expectString(value, at, `the "wildcard" value`));
      if (typeof runs === "string") fail(at, runs);
      return { kind: "wildcard", runs: runs };
    }
    case "numeric":
      return readNumeric(value, at);
    case "anything-but":
      return readAnythingBut(value, at);
    case "exists":
      if (value.kind !== "boolean") fail(at, `"exists" must be true or false, not ${describeNode(value)}`);
      return (value).value ? { kind: "exists" } : "absent";
    case "cidr": {
      const range = parseCidr(expectString(value, at, `the "cidr" value`));
      if (typeof range === "string") fail(at, range);
      return { kind: "cidr", range: range };
    }
    default:
      return fail(matcherSteps, `unrecognized operator ${JSON.stringify(op)}; operators are ${OPERATORS} (case-sensitive)`);
  }
}

function numberOperand(node: JsonNode | undefined, steps: readonly PathStep[], operator: string): number {
  if (node?.kind !== "number") {
    fail(steps, `the value after ${JSON.stringify(operator)} must be a number, not ${node ? describeNode(node) : "nothing"}`);
  }
  const n = node;
  if (!isExactDouble(n.text)) fail(steps, `${n.text} cannot be compared: it is not exactly a 64-bit floating-point number`);
  return n.value;
}

/** `["=", 5]`, `[">", 0]`, `[">=", 0, "<", 5]`, `["<=", 5]`: the lower bound comes first. */
function readNumeric(node: JsonNode, steps: readonly PathStep[]): ValueCondition {
  if (node.kind !== "array") fail(steps, `"numeric" must be an array such as [">", 0, "<=", 5], not ${describeNode(node)}`);
  const items = (node).items;
  const opAt = (i: number): string => {
    const item = items[i];
    if (item?.kind !== "string") {
      fail([...steps, i], `expected a comparison operator (=, <, <=, >, >=) here, not ${item ? describeNode(item) : "nothing"}`);
    }
    return (item).value;
  };
  const end = (i: number): void => {
    if (items.length > i) fail([...steps, i], "too many elements in the numeric expression");
  };
  const first = opAt(0);
  const v1 = (): number => numberOperand(items[1], [...steps, 1], first);
  switch (first) {
    case "=": {
      const v = v1();
      end(2);
      return { kind: "numeric", low: v, lowOpen: false, high: v, highOpen: false };
    }
    case "<":
    case "<=": {
      const v = v1();
      end(2);
      return { kind: "numeric", low: -Infinity, lowOpen: false, high: v, highOpen: first === "<" };
    }
    case ">":
    case ">=": {
      const low = v1();
      if (items.length === 2) return { kind: "numeric", low, lowOpen: first === ">", high: Infinity, highOpen: false };
      const second = opAt(2);
      if (second !== "<" && second !== "<=") {
        fail([...steps, 2], `after a lower bound only "<" or "<=" may follow, not ${JSON.stringify(second)}`);
      }
      const high = numberOperand(items[3], [...steps, 3], second);
      end(4);
      if (!(low < high)) fail(steps, `the lower bound ${low} must be less than the upper bound ${high}`);
      return { kind: "numeric", low, lowOpen: first === ">", high, highOpen: second === "<" };
    }
    default:
      return fail([...steps, 0], `unrecognized numeric operator ${JSON.stringify(first)}; use =, <, <=, > or >=`);
  }
}

/**
 * `"x"`, `5`, `["x", "y"]`, `[1, 2]`, or `{"prefix"|"suffix"|"equals-ignore-case"|"wildcard": "x" | ["x", …]}`.
 * Lists hold only strings or only numbers; `null` and booleans are refused (AWS-validated).
 */
function readAnythingBut(node: JsonNode, steps: readonly PathStep[]): ValueCondition {
  if (node.kind === "object") {
    if (node.entries.length === 0) fail(steps, `"anything-but" needs a value or one of prefix, suffix, equals-ignore-case, wildcard`);
    const [op, inner] = node.entries[0];
    const at = [...steps, op];
    if (op !== "prefix" && op !== "suffix" && op !== "equals-ignore-case" && op !== "wildcard") {
      fail(at, `"anything-but" supports prefix, suffix, equals-ignore-case and wildcard, not ${JSON.stringify(op)}`);
    }
    if (node.entries.length > 1) fail([...steps, node.entries[1][0]], `only one operator is allowed inside "anything-but"`);
    const list = inner.kind === "array" ? inner.items : [inner];
    if (inner.kind !== "array" && inner.kind !== "string") {
      fail(at, `the "${op}" of "anything-but" must be a string or an array of strings, not ${describeNode(inner)}`);
    }
    const texts = list.map((item, i) => {
      const itemAt = inner.kind === "array" ? [...at, i] : at;
      const text = expectString(item, itemAt, `each "${op}" value of "anything-but"`);
      if ((op === "prefix" || op === "suffix") && text === "") fail(itemAt, `an empty ${op} is not allowed in "anything-but"`);
      return text;
    });
    if (op === "wildcard") {
      const runs = texts.map((t, i) => {
        const r = parseWildcard(t);
        if (typeof r === "string") fail(inner.kind === "array" ? [...at, i] : at, r);
        return r;
      });
      return { kind: "anything-but", of: "wildcard", values: runs };
    }
    return { kind: "anything-but", of: op, values: texts };
  }
  const list = node.kind === "array" ? node.items : [node];
  if (node.kind !== "array" && node.kind !== "string" && node.kind !== "number") {
    fail(steps, `"anything-but" takes a string, a number, a list of either, or an operator object; not ${describeNode(node)}`);
  }
  if (list.length === 0) fail(steps, `the "anything-but" list must not be empty`);
  const strings: string[] = [];
  const numbers: number[] = [];
  list.forEach((item, i) => {
    const at = node.kind === "array" ? [...steps, i] : steps;
    if (item.kind === "string") strings.push(item.value);
    else if (item.kind === "number") {
      if (!isExactDouble(item.text)) fail(at, `${item.text} cannot be compared: it is not exactly a 64-bit floating-point number`);
      numbers.push(item.value);
    } else fail(at, `"anything-but" values must be strings or numbers, not ${describeNode(item)}`);
  });
  if (strings.length > 0 && numbers.length > 0) {
    fail(steps, `the "anything-but" list must hold only strings or only numbers, not both`);
  }
  return strings.length > 0 ? { kind: "anything-but", of: "strings", values: strings } : { kind: "anything-but", of: "numbers", values: numbers };
}
