/**
 * A CloudWatch Logs filter pattern (metric filter, subscription filter) → the IR's per-record test,
 * with the filter-pattern engine's semantics (modules/engines/filter-pattern/compile.ts): terms are
 * case-sensitive substrings, a quoted phrase literal; JSON comparisons need a string or number;
 * `*` only at either end; a number compares by value, also with a string that is entirely a number;
 * `!=` never holds on a missing field; `%regex%` is a search. What SQL cannot reproduce exactly
 * throws `Unsupported`.
 */
import { parseFilterPattern } from "../engines/filter-pattern";
import type { BooleanExpr, Comparison, JsonCondition, RegexLiteral, Selector, TermsPattern } from "../engines/filter-pattern";
import { and, or, Unsupported, type Expr, type TextTest, type ValueRef } from "./ir";
import { locateField } from "./table-layout";

/** Which text the pattern reads: CloudTrail records (JSON patterns only) or sshd lines (unstructured). */
export type PatternSource = "cloudtrail" | "ssh";

export function compileFilterPatternToIr(pattern: string, source: PatternSource): Expr {
  const ast = parseFilterPattern(pattern);
  switch (ast.kind) {
    case "all":
      return { kind: "constant", value: true };
    case "json":
      if (source !== "cloudtrail") throw new Unsupported("a JSON pattern over sshd lines matches nothing in AWS; hunt has no such table");
      return booleanToIr(mergeMissingOrNull(ast.expr), jsonCondition);
    case "terms":
      requireLines(source, "a term pattern");
      return terms(ast);
    case "regex":
      requireLines(source, "a regex pattern");
      return { kind: "text", value: MESSAGE, test: regexTest(ast.regex), negate: false };
    case "space-delimited":
      throw new Unsupported("space-delimited patterns are not compiled to SQL yet (field splitting with quotes and brackets)");
  }
}

const MESSAGE: ValueRef = { kind: "message" };

/** The CloudTrail table holds parsed records, not each record's text as delivered. */
function requireLines(source: PatternSource, what: string): void {
  if (source === "cloudtrail") throw new Unsupported(`${what} reads a record's raw text, which the CloudTrail table does not keep`);
}

function terms(ast: TermsPattern): Expr {
  const contains = (text: string, negate: boolean): Expr => ({ kind: "text", value: MESSAGE, test: { kind: "contains", text }, negate });
  if (ast.optional.length > 0) return or(ast.optional.map((t) => contains(t.text, false)));
  const all = [...ast.required.map((t) => contains(t.text, false)), ...ast.excluded.map((t) => contains(t.text, true))];
  return all.length === 0 ? { kind: "constant", value: true } : and(all);
}

/** `$.f NOT EXISTS || $.f IS NULL`: "missing or null", what a NULL column says exactly. */
type MissingOrNull = { readonly kind: "missing-or-null"; readonly selector: Selector };

/**
 * Exceptions compile to `($.f NOT EXISTS || $.f IS NULL || $.f != "a" …)` (deployment/exceptions.ts).
 * On a string column neither half alone can be told apart from the other, but together they are
 * exactly "the column is NULL": merge them before compiling.
 */
function mergeMissingOrNull(expr: BooleanExpr<JsonCondition>): BooleanExpr<JsonCondition | MissingOrNull> {
  if (expr.kind === "leaf") return expr;
  const operands = expr.operands.map(mergeMissingOrNull);
  if (expr.kind === "and") return { kind: "and", operands };
  const leafOf = (o: BooleanExpr<JsonCondition | MissingOrNull>) => (o.kind === "leaf" ? o.leaf : undefined);
  const out: BooleanExpr<JsonCondition | MissingOrNull>[] = [];
  const used = new Set<number>();
  operands.forEach((o, i) => {
    if (used.has(i)) return;
    const leaf = leafOf(o);
    if (leaf?.kind === "not-exists" || (leaf?.kind === "is" && leaf.expected === null)) {
      const partner = operands.findIndex((p, j) => {
        const other = leafOf(p);
        return j > i && !used.has(j) && other !== undefined && other.kind !== "missing-or-null" && other.kind !== leaf.kind && (other.kind === "not-exists" || (other.kind === "is" && other.expected === null)) && other.selector.text === leaf.selector.text;
      });
      if (partner >= 0) {
        used.add(partner);
        out.push({ kind: "leaf", leaf: { kind: "missing-or-null", selector: leaf.selector } });
        return;
      }
    }
    out.push(o);
  });
  return { kind: "or", operands: out };
}

function booleanToIr<Leaf>(expr: BooleanExpr<Leaf>, leaf: (l: Leaf) => Expr): Expr {
  if (expr.kind === "leaf") return leaf(expr.leaf);
  const operands = expr.operands.map((o) => booleanToIr(o, leaf));
  return expr.kind === "and" ? and(operands) : or(operands);
}

/**
 * Backslash classes whose meaning differs between JavaScript (the engine), RE2 (DuckDB) and Java
 * (Athena): JavaScript's `\s` also matches Unicode spaces.
 */
const UNPORTABLE_ESCAPE = /\\[sS]/;
const PORTABLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function regexTest(regex: RegexLiteral): TextTest {
  if (UNPORTABLE_ESCAPE.test(regex.jsSource)) {
    throw new Unsupported(`the regex %${regex.source}% uses \\s or \\S, which match different characters in RE2/Java than in CloudWatch's engine`);
  }
  // (?s): the engine compiles with the `s` flag, so `.` matches any character.
  return { kind: "regex", source: `(?s)${regex.jsSource}` };
}

function fieldOf(selector: Selector): ValueRef {
  const steps: (string | number)[] = [];
  for (const step of selector.steps) {
    if (step.kind === "wildcard") throw new Unsupported(`${selector.text}: wildcard selectors are not compiled to SQL yet`);
    if (step.kind === "property" && !PORTABLE_KEY.test(step.name)) throw new Unsupported(`${selector.text}: the key ${JSON.stringify(step.name)} cannot be written in a JSON path both dialects read alike`);
    steps.push(step.kind === "index" ? step.index : step.name);
  }
  const location = locateField(steps);
  if (location.kind === "absent") throw new Unsupported(location.reason);
  if (location.kind === "json") {
    if (location.path.length === 0) throw new Unsupported(`${selector.text} is a whole JSON object, not a value`);
    if (location.path.some((p) => typeof p === "number")) throw new Unsupported(`${selector.text}: array indexes inside JSON text are not compiled to SQL yet`);
  }
  return location;
}

function comparison(value: ValueRef, c: Comparison): Expr {
  if (c.value.kind === "number") return { kind: "number", value, operator: c.operator, number: c.value.value };
  const negate = c.operator === "!=";
  if (c.value.kind === "regex") return { kind: "text", value, test: regexTest(c.value.regex), negate };
  const { core, anyPrefix, anySuffix } = c.value;
  const test: TextTest =
    anyPrefix && anySuffix ? { kind: "contains", text: core } : anyPrefix ? { kind: "suffix", text: core } : anySuffix ? { kind: "prefix", text: core } : { kind: "equals", text: core };
  return { kind: "text", value, test, negate };
}

function jsonCondition(condition: JsonCondition | MissingOrNull): Expr {
  const value = fieldOf(condition.selector);
  switch (condition.kind) {
    case "missing-or-null":
      if (value.kind === "json") return { kind: "or", operands: [{ kind: "not", operand: { kind: "present", value } }, { kind: "json-literal", value, literal: "null" }] };
      return { kind: "not", operand: { kind: "present", value } };
    case "compare":
      return comparison(value, condition);
    case "not-exists":
      return { kind: "not", operand: { kind: "present", value } };
    case "is": {
      if (value.kind !== "json") {
        throw new Unsupported(`${condition.selector.text} IS ${String(condition.expected).toUpperCase()}: the table stores this field as text, where JSON true, false and null cannot be told from strings and absence`);
      }
      return { kind: "json-literal", value, literal: condition.expected === null ? "null" : condition.expected ? "true" : "false" };
    }
  }
}
