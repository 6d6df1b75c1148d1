/**
 * The CloudWatch Logs filter-pattern engine: a faithful parser and compiled matcher for the syntax
 * of metric filters, subscription filters and FilterLogEvents.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 *
 * Engines import nothing else of tripline's, so `replay`, the tests and users' own detection tests
 * can all run the exact patterns that are deployed.
 */
import type { FilterPatternAst } from "./ast";
import { compileAst } from "./compile";
import type { LogEvent } from "./log-event";
import { parseFilterPattern } from "./parse";

export type * from "./ast";
export type { LogEventPredicate } from "./compile";
export { describeFilterPattern } from "./describe";
export type { FilterPatternFacts } from "./describe";
export { toLogEvent } from "./log-event";
export type { LogEvent } from "./log-event";
export { parseFilterPattern } from "./parse";
export { FilterPatternSyntaxError } from "./syntax-error";

/**
 * Parses `pattern` once and returns a predicate over events. Throws FilterPatternSyntaxError for
 * an invalid pattern; the predicate itself never throws and builds no regex per call.
 */
export function compileFilterPattern(pattern: string): (event: LogEvent) => boolean {
  const ast: FilterPatternAst = parseFilterPattern(pattern);
  return compileAst(ast);
}
