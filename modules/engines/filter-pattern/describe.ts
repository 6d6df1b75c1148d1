/**
 * Facts `validate` checks against AWS's limits: a filter pattern is at most 1024 characters
 * (PutMetricFilter API) and holds at most two regexes (quota on
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html); a log group
 * holds at most five filter patterns that contain a regex.
 */
import type { BooleanExpr, Comparison, FilterPatternAst } from "./ast";
import { parseFilterPattern } from "./parse";

export interface FilterPatternFacts {
  readonly kind: "all" | "terms" | "json" | "space-delimited" | "regex";
  /** How many `%…%` regexes the pattern holds. */
  readonly regexCount: number;
  /** `pattern.length`, in UTF-16 code units as JavaScript counts them. */
  readonly length: number;
  /** The named fields of a space-delimited pattern, in order (`...` left out); empty otherwise. */
  readonly fieldNames: readonly string[];
}

/** Parses the pattern (throwing FilterPatternSyntaxError if it is invalid) and reports its facts. */
export function describeFilterPattern(pattern: string): FilterPatternFacts {
  const ast = parseFilterPattern(pattern);
  return { kind: ast.kind, regexCount: countRegexes(ast), length: pattern.length, fieldNames: fieldNamesOf(ast) };
}

function countRegexes(ast: FilterPatternAst): number {
  switch (ast.kind) {
    case "regex":
      return 1;
    case "json":
      return countInExpr(ast.expr);
    case "space-delimited":
      return ast.fields.reduce((n, f) => n + (f.kind === "field" && f.condition ? countInExpr(f.condition) : 0), 0);
    default:
      return 0;
  }
}

function countInExpr<Leaf extends Partial<Comparison> & { kind?: string }>(expr: BooleanExpr<Leaf>): number {
  if (expr.kind === "leaf") return expr.leaf.value?.kind === "regex" ? 1 : 0;
  return expr.operands.reduce((n, operand) => n + countInExpr(operand), 0);
}

function fieldNamesOf(ast: FilterPatternAst): readonly string[] {
  if (ast.kind !== "space-delimited") return [];
  return ast.fields.flatMap((f) => (f.kind === "field" && f.name !== undefined ? [f.name] : []));
}
