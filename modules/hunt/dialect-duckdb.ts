/**
 * DuckDB's functions (JSON extension, ICU time zones, RE2 regexes); both built into
 * `@duckdb/node-api`. https://duckdb.org/docs/stable/data/json/json_functions
 */
import { sqlString, type Dialect } from "./dialect";

const JSON_NUMBER_TYPES = "('BIGINT','UBIGINT','DOUBLE','HUGEINT')";

export const duckdbDialect: Dialect = {
  name: "duckdb",
  jsonPath: (path) => sqlString(`$${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}`),
  jsonValue: (column, path) => `json_extract(${column}, ${path})`,
  jsonStringOrNumberText: (column, path) =>
    `CASE WHEN json_type(json_extract(${column}, ${path})) IN ${JSON_NUMBER_TYPES} OR json_type(json_extract(${column}, ${path})) = 'VARCHAR' THEN json_extract_string(${column}, ${path}) END`,
  jsonStringText: (column, path) => `CASE WHEN json_type(json_extract(${column}, ${path})) = 'VARCHAR' THEN json_extract_string(${column}, ${path}) END`,
  jsonIsScalar: (column, path) => `coalesce(json_type(json_extract(${column}, ${path})) NOT IN ('OBJECT','ARRAY'), false)`,
  jsonIsLiteral: (column, path, literal) =>
    literal === "null" ? `coalesce(json_type(json_extract(${column}, ${path})) = 'NULL', false)` : `coalesce(CAST(json_extract(${column}, ${path}) AS VARCHAR) = '${literal}', false)`,
  regexSearch: (text, pattern) => `regexp_matches(${text}, ${sqlString(pattern)})`,
  regexFull: (text, pattern) => `regexp_full_match(${text}, ${sqlString(pattern)})`,
  tryDouble: (text) => `TRY_CAST(${text} AS DOUBLE)`,
  localDayOfWeek: (timeMs, zone) => `isodow(timezone(${sqlString(zone)}, CAST(epoch_ms(CAST(${timeMs} AS BIGINT)) AS TIMESTAMPTZ)))`,
  localMinuteOfDay: (timeMs, zone) => {
    const local = `timezone(${sqlString(zone)}, CAST(epoch_ms(CAST(${timeMs} AS BIGINT)) AS TIMESTAMPTZ))`;
    return `(hour(${local}) * 60 + minute(${local}))`;
  },
  tryDate: (text) => `TRY_CAST(${text} AS DATE)`,
  regexGroup: (text, pattern, group) => `regexp_extract(${text}, ${sqlString(pattern)}, ${group})`,
};
