/**
 * The one intermediate form between the catalog and SQL: per detection, a per-record test over the
 * table's columns (or an sshd line) and what to count for alarms. Both dialects render it
 * (`render-sql.ts`); nothing here knows SQL.
 *
 * Values in the test follow the filter-pattern engine (modules/engines/filter-pattern/compile.ts):
 * a comparison needs a value that is present and a string or a number; `!=` does not hold on a
 * missing value. Table semantics both dialects share (docs/aws-facts.md o2): a string column is
 * NULL when the field is missing or JSON null, so on such columns `NOT EXISTS` is "missing or null".
 */
import type { AlarmSpec, Detection } from "../catalog/detection";
import type { FieldLocation } from "./table-layout";
import type { WorkSchedule } from "../deployment/profile";

/** What a test reads: a field of the CloudTrail table, the sshd line's text, or EventBridge's `source`. */
export type ValueRef = FieldLocation | { readonly kind: "message" } | { readonly kind: "eventbridge-source" };

/** A test on a value's text (a string, or a number as its text). */
export type TextTest =
  | { readonly kind: "equals"; readonly text: string }
  | { readonly kind: "prefix"; readonly text: string }
  | { readonly kind: "suffix"; readonly text: string }
  | { readonly kind: "contains"; readonly text: string }
  /** A search (not a full match) with a regular expression in the common subset of RE2 and Java. */
  | { readonly kind: "regex"; readonly source: string };

export type NumericOperator = "=" | "!=" | "<" | "<=" | ">" | ">=";

export type Expr =
  | { readonly kind: "and" | "or"; readonly operands: readonly Expr[] }
  | { readonly kind: "not"; readonly operand: Expr }
  | { readonly kind: "constant"; readonly value: boolean }
  /** The value is a string or number and its text passes `test` (or, `negate`d, fails it). */
  | {
      readonly kind: "text";
      readonly value: ValueRef;
      readonly test: TextTest;
      readonly negate: boolean;
      /** EventBridge's typed matching: only a JSON string passes (a number's text does not). */
      readonly stringsOnly?: boolean;
    }
  /** The field holds a scalar: a string, number, boolean or null (on text columns: is not NULL). */
  | { readonly kind: "scalar"; readonly value: ValueRef }
  /**
   * The value is a number, or a string that is entirely one, and compares so; with `!=`, also a
   * string that is not a number (the engine's NaN rule).
   */
  | { readonly kind: "number"; readonly value: ValueRef; readonly operator: NumericOperator; readonly number: number }
  /** The field is there (any value). */
  | { readonly kind: "present"; readonly value: ValueRef }
  /** The JSON value is exactly `true`, `false` or `null` (JSON text columns only). */
  | { readonly kind: "json-literal"; readonly value: ValueRef; readonly literal: "true" | "false" | "null" };

/** What the matches of a detection add up to. */
export type Window =
  /** A metric filter's alarm: matches counted per aligned period. */
  | { readonly kind: "period-count"; readonly alarm: AlarmSpec }
  /** Contributor Insights: per period and contributor (the key fields' text), alarmed on the top contributor. */
  | { readonly kind: "contributor"; readonly alarm: AlarmSpec; readonly keys: readonly { readonly name: string; readonly value: ValueRef }[] }
  /** Distinct values per key and aligned window. */
  | {
      readonly kind: "distinct";
      readonly windowSeconds: number;
      readonly threshold: number;
      readonly keys: readonly { readonly name: string; readonly value: ValueRef }[];
      readonly values: readonly ValueRef[];
    }
  /** Each match out of working hours is an alarm of its own (the test already holds the hours). */
  | { readonly kind: "instant"; readonly key: { readonly name: string; readonly value: ValueRef } }
  | { readonly kind: "none" };

/** One detection as SQL will evaluate it. */
export interface HuntQuery {
  /** Index in the profile (report order). */
  readonly index: number;
  readonly detection: Detection;
  /** Which relation it reads: CloudTrail records or sshd lines. */
  readonly source: "cloudtrail" | "ssh";
  /** The whole per-record test (docs/design.md contract 6); records passing it are the matches. */
  readonly test: Expr;
  /** Whether passing records are listed as matches (a distinct count has no per-record test). */
  readonly listsMatches: boolean;
  /** Off-hours: the test also needs the record's time outside these hours. */
  readonly outsideHours?: WorkSchedule;
  readonly window: Window;
}

/** A detection hunt cannot evaluate exactly, and why: never approximated. */
export interface Refusal {
  readonly detection: string;
  readonly reason: string;
}

export interface HuntPlan {
  readonly queries: readonly HuntQuery[];
  readonly refusals: readonly Refusal[];
}

/** Thrown inside the compilers and turned into a `Refusal` with the detection's id. */
export class Unsupported extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "Unsupported";
  }
}

export const and = (operands: Expr[]): Expr => (operands.length === 1 ? operands[0] : { kind: "and", operands });
export const or = (operands: Expr[]): Expr => (operands.length === 1 ? operands[0] : { kind: "or", operands });
