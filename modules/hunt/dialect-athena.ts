/**
 * Athena engine version 3 (Trino) functions (docs/aws-facts.md o4, o8): `json_extract` keeps JSON,
 * `json_extract_scalar` gives a scalar's text, `regexp_like` is a search with Java regexes.
 * https://trino.io/docs/current/functions/json.html
 */
import { sqlString, type Dialect } from "./dialect";

const isBooleanJson = (column: string, path: string): string => `json_format(json_extract(${column}, ${path})) IN ('true','false')`;

export const athenaDialect: Dialect = {
  name: "athena",
  jsonPath: (path) => sqlString(`$${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}`),
  jsonValue: (column, path) => `json_extract(${column}, ${path})`,
  jsonStringOrNumberText: (column, path) => `CASE WHEN NOT (${isBooleanJson(column, path)}) THEN json_extract_scalar(${column}, ${path}) END`,
  jsonStringText: (column, path) => `CASE WHEN json_format(json_extract(${column}, ${path})) LIKE '"%' THEN json_extract_scalar(${column}, ${path}) END`,
  jsonIsScalar: (column, path) => `coalesce(is_json_scalar(json_extract(${column}, ${path})), false)`,
  jsonIsLiteral: (column, path, literal) => `coalesce(json_format(json_extract(${column}, ${path})) = '${literal}', false)`,
  regexSearch: (text, pattern) => `regexp_like(${text}, ${sqlString(pattern)})`,
  regexFull: (text, pattern) => `regexp_like(${text}, ${sqlString(`^(?:${pattern})$`)})`,
  tryDouble: (text) => `try_cast(${text} AS double)`,
  localDayOfWeek: (timeMs, zone) => `day_of_week(from_unixtime(${timeMs} / 1000.0, ${sqlString(zone)}))`,
  localMinuteOfDay: (timeMs, zone) => {
    // from_unixtime(unixtime, zone): a timestamp with time zone, read on that zone's wall clock.
    const local = `from_unixtime(${timeMs} / 1000.0, ${sqlString(zone)})`;
    return `(hour(${local}) * 60 + minute(${local}))`;
  },
  tryDate: (text) => `try_cast(${text} AS date)`,
  regexGroup: (text, pattern, group) => `regexp_extract(${text}, ${sqlString(pattern)}, ${group})`,
};
