/**
 * The parsed form of a CloudWatch Logs filter pattern. `parse.ts` builds it, `compile.ts` turns it
 * into a predicate, `describe.ts` reads facts off it. Every node keeps the 0-based offset of its
 * first character in the pattern, so later checks can still name a place.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */

export type FilterPatternAst =
  | MatchAllPattern
  | TermsPattern
  | RegexPattern
  | JsonPattern
  | SpaceDelimitedPattern;

/** `""`, `" "` or an empty pattern: AWS documents each of them as matching every event. */
export interface MatchAllPattern {
  readonly kind: "all";
}

/** One word or quoted phrase of an unstructured (term) pattern. */
export interface Term {
  readonly text: string;
  readonly quoted: boolean;
  readonly offset: number;
}

/**
 * An unstructured pattern. Either `optional` is the only non-empty list (`?a ?b`: any of them),
 * or it is empty and every `required` term must appear while no `excluded` term may.
 */
export interface TermsPattern {
  readonly kind: "terms";
  readonly required: readonly Term[];
  readonly excluded: readonly Term[];
  readonly optional: readonly Term[];
}

/** A `%…%` regular expression, validated against AWS's subset and translated for JavaScript. */
export interface RegexLiteral {
  /** The text between the two `%`, as written. */
  readonly source: string;
  /** The equivalent JavaScript `RegExp` source (used with the `s` flag, so `.` also matches `\n`). */
  readonly jsSource: string;
  /** Offset of the opening `%`. */
  readonly offset: number;
}

/** A pattern that is one regular expression, searched for anywhere in the message. */
export interface RegexPattern {
  readonly kind: "regex";
  readonly regex: RegexLiteral;
}

/**
 * A string to compare a value with. Only a leading and a trailing `*` are wildcards (see
 * `parse.ts`); `core` is the literal text between them.
 */
export interface StringValue {
  readonly kind: "string";
  readonly core: string;
  readonly anyPrefix: boolean;
  readonly anySuffix: boolean;
  readonly quoted: boolean;
  readonly offset: number;
}

/** An unquoted number: integer, decimal or scientific, with an optional sign. */
export interface NumberValue {
  readonly kind: "number";
  readonly text: string;
  readonly value: number;
  readonly offset: number;
}

export interface RegexValue {
  readonly kind: "regex";
  readonly regex: RegexLiteral;
}

export type ComparisonValue = StringValue | NumberValue | RegexValue;

export type EqualityOperator = "=" | "!=";
export type RelationalOperator = "<" | "<=" | ">" | ">=";
export type ComparisonOperator = EqualityOperator | RelationalOperator;

/** `=`/`!=` take any value; `<`, `<=`, `>`, `>=` only a number (enforced by the parser). */
export type Comparison =
  | { readonly operator: EqualityOperator; readonly value: ComparisonValue }
  | { readonly operator: RelationalOperator; readonly value: NumberValue };

/** One step of a JSON selector: `.name`, `['name']`, `[3]`, or the wildcard `.*` / `[*]`. */
export type SelectorStep =
  | { readonly kind: "property"; readonly name: string }
  | { readonly kind: "index"; readonly index: number }
  | { readonly kind: "wildcard" };

export interface Selector {
  readonly text: string;
  readonly steps: readonly SelectorStep[];
  readonly offset: number;
}

export type JsonCondition =
  | ({ readonly kind: "compare"; readonly selector: Selector } & Comparison)
  | { readonly kind: "is"; readonly selector: Selector; readonly expected: true | false | null }
  | { readonly kind: "not-exists"; readonly selector: Selector };

/** Boolean structure shared by JSON patterns and the conditions of one space-delimited field. */
export type BooleanExpr<Leaf> =
  | { readonly kind: "and"; readonly operands: readonly BooleanExpr<Leaf>[] }
  | { readonly kind: "or"; readonly operands: readonly BooleanExpr<Leaf>[] }
  | { readonly kind: "leaf"; readonly leaf: Leaf };

export interface JsonPattern {
  readonly kind: "json";
  readonly expr: BooleanExpr<JsonCondition>;
}

/** A comparison on the field that holds it (`status_code = 4*`). */
export type FieldCondition = Comparison & { readonly offset: number };

/**
 * `...` (any number of event fields) or one field. A field without a name is what an empty slot
 * between commas gives, as in AWS's `[..., request=*.html*, status_code=4*,]`, whose last field
 * AWS reports as "$7".
 */
export type SpaceField =
  | { readonly kind: "ellipsis"; readonly offset: number }
  | {
      readonly kind: "field";
      readonly name?: string;
      readonly offset: number;
      readonly condition?: BooleanExpr<FieldCondition>;
    };

export interface SpaceDelimitedPattern {
  readonly kind: "space-delimited";
  readonly fields: readonly SpaceField[];
}
