/**
 * What differs between DuckDB and Athena (Trino) SQL, as small functions of SQL text. Everything
 * else `render-sql.ts` writes is common to both.
 */
export interface Dialect {
  readonly name: "duckdb" | "athena";
  /** A JSON path literal for keys already checked to be plain identifiers. */
  jsonPath(path: readonly (string | number)[]): string;
  /** The JSON value at `path` of a JSON text column, as JSON; SQL NULL when missing. */
  jsonValue(column: string, path: string): string;
  /** The JSON value's text when it is a string or number; NULL otherwise (booleans included). */
  jsonStringOrNumberText(column: string, path: string): string;
  /** The JSON value's text when it is a string; NULL otherwise. */
  jsonStringText(column: string, path: string): string;
  /** Whether the JSON value is a string, number, boolean or null. */
  jsonIsScalar(column: string, path: string): string;
  /** Whether the JSON value is exactly this literal. */
  jsonIsLiteral(column: string, path: string, literal: "true" | "false" | "null"): string;
  /** A regular-expression search (not a full match). */
  regexSearch(text: string, pattern: string): string;
  /** Whether `text` is entirely matched by `pattern`. */
  regexFull(text: string, pattern: string): string;
  /** A DOUBLE from text, NULL when it is not one. */
  tryDouble(text: string): string;
  /** Day of week (1 = Monday … 7 = Sunday) and minutes since midnight of epoch ms in an IANA zone. */
  localDayOfWeek(timeMs: string, zone: string): string;
  localMinuteOfDay(timeMs: string, zone: string): string;
  /** A DATE from `YYYY-MM-DD` text, NULL when not a real date. */
  tryDate(text: string): string;
  /** The n-th capture group of a regex match, or NULL/empty when no match. */
  regexGroup(text: string, pattern: string, group: number): string;
}

/** A SQL string literal: quotes doubled, so nothing from a pattern ends the literal. */
export const sqlString = (text: string): string => `'${text.replace(/'/g, "''")}'`;
