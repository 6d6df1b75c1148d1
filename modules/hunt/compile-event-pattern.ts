/**
 * An EventBridge event pattern over CloudTrail records (as `modules/replay/eventbridge-envelope.ts`
 * wraps them) → the IR's per-record test, with the event-pattern engine's typed matching: a string
 * matches only a string, `false` only JSON false, `anything-but` needs the field present.
 * Supported: `source`, `detail.*` fields, lists of strings/booleans/null, `anything-but` strings,
 * `prefix`, `wildcard` and `anything-but` wildcards (as anchored regexes), `exists`, `$or`.
 * Anything else is refused, never approximated.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
import { parseWildcard } from "../engines/event-pattern/wildcard";
import { possibleEventNames } from "../replay/event-name-prefilter";
import { and, or, Unsupported, type Expr, type ValueRef } from "./ir";
import { locateField } from "./table-layout";

const PORTABLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Read-only names EventBridge withholds from plain ENABLED rules (see eventbridge-envelope.ts). */
const READ_ONLY_NAME = /^(Describe|Get|List)/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export function compileEventPatternToIr(pattern: Readonly<Record<string, unknown>>): Expr {
  // EventBridge delivers read-only management calls only to opted-in rules; telling them apart
  // takes eventCategory/managementEvent, which the table lacks. Only patterns that cannot match a
  // read-only name are compiled, so delivery never decides.
  const names = possibleEventNames(pattern);
  if (names === undefined) throw new Unsupported("the pattern does not pin eventName, so EventBridge's read-only delivery rule would decide, and the table lacks the fields it reads");
  for (const name of names) if (READ_ONLY_NAME.test(name)) throw new Unsupported(`${name} reads as a read-only call, whose delivery depends on fields the table lacks`);
  return objectToIr(pattern, []);
}

function objectToIr(pattern: Readonly<Record<string, unknown>>, path: readonly string[]): Expr {
  const parts: Expr[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    if (key === "$or") {
      if (!Array.isArray(value)) throw new Unsupported("$or must be a list");
      parts.push(or(value.map((branch) => (isObject(branch) ? objectToIr(branch, path) : unsupported("a $or branch that is not an object")))));
      continue;
    }
    const here = [...path, key];
    if (isObject(value)) parts.push(objectToIr(value, here));
    else if (Array.isArray(value)) parts.push(fieldToIr(here, value));
    else throw new Unsupported(`${here.join(".")}: a pattern value must be a list or an object`);
  }
  return parts.length === 0 ? { kind: "constant", value: true } : and(parts);
}

const unsupported = (reason: string): never => {
  throw new Unsupported(reason);
};

function fieldOf(path: readonly string[]): ValueRef {
  if (path.length === 1 && path[0] === "source") return { kind: "eventbridge-source" };
  if (path[0] !== "detail" || path.length < 2) throw new Unsupported(`${path.join(".")}: only "source" and "detail" fields are compiled to SQL`);
  const steps = path.slice(1);
  for (const s of steps) if (!PORTABLE_KEY.test(s)) throw new Unsupported(`${path.join(".")}: the key ${JSON.stringify(s)} cannot be written in a portable JSON path`);
  const location = locateField(steps);
  if (location.kind === "absent") throw new Unsupported(location.reason);
  if (location.kind === "json" && location.path.length === 0) throw new Unsupported(`${path.join(".")} is a whole JSON object, not a value`);
  // EventBridge matches a condition against every element where the value is an array (docs/aws-facts.md f).
  // Request parameters hold lists in many APIs (DeleteAlarms' alarmNames, UpdateDetector's
  // features); inside that JSON-text column hunt's SQL reads one value: refused, not approximated.
  if (location.kind === "json" && location.column === "requestparameters") throw new Unsupported(`${path.join(".")}: EventBridge matches any element of an array here, and hunt's SQL reads the JSON text as one value`);
  return location;
}

/** One field: any of its conditions holds (a JSON array value would need any-element matching). */
function fieldToIr(path: readonly string[], conditions: readonly unknown[]): Expr {
  const value = fieldOf(path);
  const text = (t: string, negate = false): Expr => ({ kind: "text", value, test: { kind: "equals", text: t }, negate, stringsOnly: true });
  const tests = conditions.map((c): Expr => {
    if (typeof c === "string") return text(c);
    if (c === null) return literal(value, "null");
    if (typeof c === "boolean") return literal(value, c ? "true" : "false");
    if (isObject(c)) {
      const [op, arg] = Object.entries(c)[0] ?? [];
      if (Object.keys(c).length === 1 && op === "anything-but" && (typeof arg === "string" || (Array.isArray(arg) && arg.every((a) => typeof a === "string")))) {
        const excluded = typeof arg === "string" ? [arg] : (arg);
        return and([{ kind: "scalar", value }, { kind: "not", operand: or(excluded.map((e) => text(e))) }]);
      }
      // `wildcard`, and `anything-but` of wildcards (the event rules' exceptions): an anchored regex.
      if (Object.keys(c).length === 1 && op === "wildcard" && typeof arg === "string") return wildcardTest(value, arg);
      const butWildcards = isObject(arg) && Object.keys(arg).length === 1 ? arg.wildcard : undefined;
      if (Object.keys(c).length === 1 && op === "anything-but" && (typeof butWildcards === "string" || (Array.isArray(butWildcards) && butWildcards.every((a) => typeof a === "string")))) {
        const excluded = typeof butWildcards === "string" ? [butWildcards] : butWildcards;
        return and([{ kind: "scalar", value }, { kind: "not", operand: or(excluded.map((w) => wildcardTest(value, w))) }]);
      }
      if (Object.keys(c).length === 1 && op === "prefix" && typeof arg === "string") {
        return { kind: "text", value, test: { kind: "prefix", text: arg }, negate: false, stringsOnly: true };
      }
      if (Object.keys(c).length === 1 && op === "exists" && typeof arg === "boolean") {
        const present: Expr = { kind: "scalar", value };
        return arg ? present : { kind: "not", operand: present };
      }
    }
    throw new Unsupported(`${path.join(".")}: the condition ${JSON.stringify(c)} is not compiled to SQL`);
  });
  return or(tests);
}

/** An EventBridge wildcard as a regex over the whole string: literal runs, `*` any run (newlines too). */
function wildcardTest(value: ValueRef, wildcard: string): Expr {
  const runs = parseWildcard(wildcard);
  if (typeof runs === "string") throw new Unsupported(`the wildcard ${JSON.stringify(wildcard)}: ${runs}`);
  const source = `^${runs.map((r) => r.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[\\s\\S]*")}$`;
  return { kind: "text", value, test: { kind: "regex", source }, negate: false, stringsOnly: true };
}

function literal(value: ValueRef, literalText: "true" | "false" | "null"): Expr {
  if (value.kind !== "json") throw new Unsupported(`a ${literalText} literal on a field the table stores as text`);
  return { kind: "json-literal", value, literal: literalText };
}
