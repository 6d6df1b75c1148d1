/**
 * Turns a parsed filter pattern into a predicate over log events. Everything that can be decided
 * once (regexes, selector steps, field segments) is prepared here; the returned function only
 * reads the event, builds no regex and throws nothing, because `replay` runs it over hundreds of
 * thousands of events.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 *
 * Semantics where AWS is silent, chosen here:
 * - Values compared by `=`/`!=` with a string or `%regex%` are JSON strings and JSON numbers; a
 *   number is compared as its shortest JavaScript text (`String(404)`), which is how AWS's
 *   `{ $.latency = * }` can match `"latency": 50`. `true`, `false` and `null` are only reached by
 *   `IS TRUE`/`IS FALSE`/`IS NULL` (AWS: "The SELECTOR must point to a value node (string or
 *   number)"); objects and arrays match nothing, `!=` included (AWS's `{$.users != 1}` example).
 * - A number on the pattern side compares numerically with a JSON number or with a string that
 *   is entirely a number ("200" as well as 200), the same way a space-delimited field, which is
 *   always text, is compared. Against a value that is not a number, `!=` holds and the others fail.
 * - A missing value matches no comparison, `!=` included: AWS's text does not say so, but
 *   `test-metric-filter` shows it (DataBiosphere/azul issue #5884, PR #8228).
 * - With a wildcard selector (`$.a[*]`, `$.*`), a condition holds if it holds for at least one
 *   selected value; `NOT EXISTS` holds if nothing is selected.
 * - A `%regex%` is a search within the value, like a standalone regex in the message.
 */
import type {
  BooleanExpr,
  Comparison,
  FilterPatternAst,
  JsonCondition,
  JsonPattern,
  Selector,
  SelectorStep,
  SpaceDelimitedPattern,
  StringValue,
  TermsPattern,
} from "./ast";
import type { LogEvent } from "./log-event";
import { NUMBER_TEXT } from "./parse";
import { REGEX_FLAGS } from "./regex";
import { restOf, splitFields } from "./split-fields";
import { isPlainObject } from "../plain-object";

export type LogEventPredicate = (event: LogEvent) => boolean;

/** Builds the predicate for a parsed pattern. */
export function compileAst(ast: FilterPatternAst): LogEventPredicate {
  switch (ast.kind) {
    case "all":
      return () => true;
    case "terms":
      return compileTerms(ast);
    case "regex": {
      const re = new RegExp(ast.regex.jsSource, REGEX_FLAGS);
      return (event) => re.test(messageOf(event));
    }
    case "json":
      return compileJson(ast);
    case "space-delimited":
      return compileSpaceDelimited(ast);
  }
}

/** The message, or "" for anything that is not a well-formed event (the predicate never throws). */
const messageOf = (event: LogEvent): string =>
  event !== null && typeof event === "object" && typeof event.message === "string" ? event.message : "";

/**
 * Terms are searched for as substrings, case-sensitively. AWS's 2018–2020 page says the pattern
 * `ERROR` matches "Exiting with ERRORCODE: -1" and `Exception` matches "Caught
 * IllegalArgumentException", so a bare term is not limited to whole words; a quoted phrase is
 * searched for literally, spaces included ("INTERNAL SERVER ERROR").
 */
function compileTerms(ast: TermsPattern): LogEventPredicate {
  const required = ast.required.map((t) => t.text);
  const excluded = ast.excluded.map((t) => t.text);
  const optional = ast.optional.map((t) => t.text);
  if (optional.length > 0) {
    return (event) => {
      const message = messageOf(event);
      for (const term of optional) if (message.includes(term)) return true;
      return false;
    };
  }
  return (event) => {
    const message = messageOf(event);
    for (const term of required) if (!message.includes(term)) return false;
    for (const term of excluded) if (message.includes(term)) return false;
    return true;
  };
}

function compileBoolean<Leaf, Input>(
  expr: BooleanExpr<Leaf>,
  compileLeaf: (leaf: Leaf) => (input: Input) => boolean,
): (input: Input) => boolean {
  if (expr.kind === "leaf") return compileLeaf(expr.leaf);
  const operands = expr.operands.map((operand) => compileBoolean(operand, compileLeaf));
  if (expr.kind === "and") {
    return (input) => {
      for (const operand of operands) if (!operand(input)) return false;
      return true;
    };
  }
  return (input) => {
    for (const operand of operands) if (operand(input)) return true;
    return false;
  };
}

// ---------------------------------------------------------------------------------------------
// Comparisons, shared by JSON values and space-delimited fields.

type ValueTest = (value: unknown) => boolean;

function compileComparison(comparison: Comparison): ValueTest {
  const { operator, value } = comparison;
  if (value.kind === "number") {
    const expected = value.value;
    const compare = numericComparison(operator, expected);
    return (actual) => {
      const n = numberOf(actual);
      if (n === undefined) return false;
      if (Number.isNaN(n)) return operator === "!=";
      return compare(n);
    };
  }
  const matches = value.kind === "regex" ? regexTest(value.regex.jsSource) : wildcardTest(value);
  const negate = operator === "!=";
  return (actual) => {
    const text = textOf(actual);
    if (text === undefined) return false;
    return matches(text) !== negate;
  };
}

function numericComparison(operator: Comparison["operator"], expected: number): (n: number) => boolean {
  switch (operator) {
    case "=":
      return (n) => n === expected;
    case "!=":
      return (n) => n !== expected;
    case "<":
      return (n) => n < expected;
    case "<=":
      return (n) => n <= expected;
    case ">":
      return (n) => n > expected;
    case ">=":
      return (n) => n >= expected;
  }
}

/** A number, NaN for a string or number that is not one, undefined for anything else. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string") return NUMBER_TEXT.test(value) ? Number(value) : NaN;
  return undefined;
}

/** The text a string or `%regex%` is compared with; undefined for non-scalar or non-finite values. */
function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function regexTest(jsSource: string): (text: string) => boolean {
  const re = new RegExp(jsSource, REGEX_FLAGS);
  return (text) => re.test(text);
}

/** Whole-value match with an optional leading and trailing `*` (see `stringValue` in parse.ts). */
function wildcardTest(value: StringValue): (text: string) => boolean {
  const { core, anyPrefix, anySuffix } = value;
  if (anyPrefix && anySuffix) return (text) => text.includes(core);
  if (anyPrefix) return (text) => text.endsWith(core);
  if (anySuffix) return (text) => text.startsWith(core);
  return (text) => text === core;
}

// ---------------------------------------------------------------------------------------------
// JSON

/** Marks "nothing there"; JSON itself has no `undefined`. */
const MISSING: unique symbol = Symbol("missing");
type Found = unknown;

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

function compileJson(ast: JsonPattern): LogEventPredicate {
  const test = compileBoolean<JsonCondition, Record<string, unknown>>(ast.expr, compileJsonCondition);
  // AWS: JSON patterns only apply to events that are JSON objects; anything else never matches.
  return (event) => {
    const json = event !== null && typeof event === "object" ? event.json : undefined;
    return isPlainObject(json) && test(json);
  };
}

function compileJsonCondition(condition: JsonCondition): (root: Record<string, unknown>) => boolean {
  const select = compileSelector(condition.selector);
  switch (condition.kind) {
    case "compare": {
      const test = compileComparison(condition);
      return (root) => select(root, test);
    }
    case "is": {
      const expected = condition.expected;
      const test: ValueTest = (value) => value === expected;
      return (root) => select(root, test);
    }
    case "not-exists": {
      const anything: ValueTest = () => true;
      return (root) => !select(root, anything);
    }
  }
}

/** Follows steps [from, to) from `value`; MISSING if a step does not exist. */
function walk(value: unknown, steps: readonly SelectorStep[], from: number, to: number): Found {
  let current = value;
  for (let i = from; i < to; i += 1) {
    const step = steps[i];
    if (step.kind === "index") {
      if (!Array.isArray(current) || step.index >= current.length) return MISSING;
      current = current[step.index];
    } else if (step.kind === "property") {
      if (!isPlainObject(current) || !hasOwn(current, step.name)) return MISSING;
      current = current[step.name];
    }
    if (current === undefined) return MISSING;
  }
  return current;
}

/**
 * Compiles a selector into "does any selected value pass `test`?". Without a wildcard at most one
 * value is selected; with one (at most one per selector, enforced by the parser), every element
 * of an array or every member of an object at that step.
 */
function compileSelector(selector: Selector): (root: Record<string, unknown>, test: ValueTest) => boolean {
  const steps = selector.steps;
  const star = steps.findIndex((step) => step.kind === "wildcard");
  if (star < 0) {
    return (root, test) => {
      const value = walk(root, steps, 0, steps.length);
      return value !== MISSING && test(value);
    };
  }
  return (root, test) => {
    const container = walk(root, steps, 0, star);
    if (Array.isArray(container)) {
      for (const element of container) {
        const value = walk(element, steps, star + 1, steps.length);
        if (value !== MISSING && test(value)) return true;
      }
      return false;
    }
    if (isPlainObject(container)) {
      for (const key in container) {
        if (!hasOwn(container, key)) continue;
        const value = walk(container[key], steps, star + 1, steps.length);
        if (value !== MISSING && test(value)) return true;
      }
    }
    return false;
  };
}

// ---------------------------------------------------------------------------------------------
// Space-delimited

/**
 * How pattern fields line up with event fields; AWS's pages disagree, so this follows the
 * majority of what they say:
 * - The current page's sample lines have six and seven fields, and it says `[w1=ERROR, w2]`
 *   "returns log events where the first word in the log events is ERROR"; it adds that a blank
 *   `w2` must follow `w1=ERROR`. The Apache example says "the pattern needs to match with the
 *   entire log event message" (Counting404Responses.html). Only one reading fits all three: without
 *   `...`, each field takes one event field and the last one takes the rest of the line, so
 *   `[w1=ERROR]` compares "ERROR …whole line" with ERROR and fails, and `[w1=ERROR, w2]` matches.
 *   (The 2018 page listed "ERROR message" but not "ERROR WARN message" as matching `[w1=ERROR,
 *   w2]`, in a paragraph whose third claim is impossible either way.)
 * - With `...` (AWS: "can reference as many fields as needed", e.g. `[..., status_code, bytes]`,
 *   `[ip, user, ...]`), every named field takes exactly one event field and each `...` any number,
 *   zero included. Fields between two `...` go at the first position that fits, which finds a
 *   match whenever one exists.
 * - Either way an event with fewer fields than the pattern names does not match.
 */
function compileSpaceDelimited(ast: SpaceDelimitedPattern): LogEventPredicate {
  type FieldTest = (text: string) => boolean;
  const anyField: FieldTest = () => true;
  const segments: FieldTest[][] = [[]];
  for (const field of ast.fields) {
    if (field.kind === "ellipsis") {
      segments.push([]);
      continue;
    }
    const test = field.condition === undefined ? anyField : compileBoolean<Comparison, string>(field.condition, compileComparison);
    segments[segments.length - 1].push(test);
  }
  const values: string[] = [];
  const starts: number[] = [];
  const matchAt = (segment: readonly FieldTest[], at: number): boolean => {
    for (let i = 0; i < segment.length; i += 1) if (!segment[i](values[at + i])) return false;
    return true;
  };

  if (segments.length === 1) {
    const fields = segments[0];
    const lastIndex = fields.length - 1;
    const last = fields[lastIndex];
    return (event) => {
      const message = messageOf(event);
      const count = splitFields(message, values, starts);
      if (count < fields.length) return false;
      for (let i = 0; i < lastIndex; i += 1) if (!fields[i](values[i])) return false;
      return last(count === fields.length ? values[lastIndex] : restOf(message, starts[lastIndex]));
    };
  }
  const first = segments[0];
  const final = segments[segments.length - 1];
  const middle = segments.slice(1, -1);
  return (event) => {
    const count = splitFields(messageOf(event), values, starts);
    if (count < first.length + final.length) return false;
    if (!matchAt(first, 0) || !matchAt(final, count - final.length)) return false;
    let from = first.length;
    const end = count - final.length;
    for (const segment of middle) {
      let at = from;
      while (at + segment.length <= end && !matchAt(segment, at)) at += 1;
      if (at + segment.length > end) return false;
      from = at + segment.length;
    }
    return true;
  };
}
