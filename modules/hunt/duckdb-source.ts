/**
 * The relations DuckDB hunts over, built from local files: `cloudtrail` (the Athena table's
 * columns, `docs/aws-facts.md o2`, read with explicit types) and `sshd` (one row per line), each
 * with `file_index`, `line` (1-based line, or record index in a `{"Records":[…]}` file, as replay
 * numbers them); `CLOUDTRAIL_TIME` and `SSHD_TIME` read their event times as replay does (NULL
 * when a time cannot be read exactly), computed only for rows a test passed.
 * https://duckdb.org/docs/stable/data/json/json_functions#json_transform
 */
import { duckdbDialect as d } from "./dialect-duckdb";
import { sqlString } from "./dialect";
import type { LocalFile } from "./local-files";
import { prunedColumns } from "./used-columns";
import { rfc3339Ms } from "./sql-time";
import { CLOUDTRAIL_COLUMNS, columnName, type Column, type ColumnType } from "./table-layout";
import { NOT_SYSLOG, notCloudTrail, SYSLOG_HEADER_SHAPE, SYSLOG_JSON_LINE, SYSLOG_TAG } from "../replay/readers";

/** The json_transform type of a column: struct keys as CloudTrail writes them (matching is by key). */
function transformType(type: ColumnType): unknown {
  switch (type.kind) {
    case "string":
      return "VARCHAR";
    case "json":
      return "JSON";
    case "map":
      return "MAP(VARCHAR, VARCHAR)";
    case "array":
      return [transformType(type.element)];
    case "struct":
      return Object.fromEntries(type.fields.map((f) => [f.name, transformType(f.type)]));
  }
}

/**
 * The json_transform type of the columns asked for. Records passed through Logstash carry only
 * `@timestamp` (replay falls back to it; the archive never needs to).
 */
const recordType = (columns: readonly Column[]): string =>
  JSON.stringify({ ...Object.fromEntries(columns.map((c) => [c.name, transformType(c.type)])), "@timestamp": "VARCHAR" });

const LF = "chr(10)";
/** One trailing CR removed, as replay's line splitter does. */
const stripCr = (text: string): string => `CASE WHEN suffix(${text}, chr(13)) THEN substr(${text}, 1, length(${text}) - 1) ELSE ${text} END`;

/** Lines of one file: file_index, line, text. */
function linesOf(file: LocalFile, index: number): string {
  return `SELECT ${index} AS file_index, CAST(n AS INTEGER) AS line, ${stripCr("raw")} AS text
FROM (SELECT unnest(lines) AS raw, generate_subscripts(lines, 1) AS n FROM (SELECT string_split(content, ${LF}) AS lines FROM read_text(${sqlString(file.path)})))`;
}

/** Why a whole `{"Records":[…]}` file is skipped: `tripline replay` reads such a file record by record. */
export const BROKEN_DOCUMENT = "not one well-formed JSON document: hunt reads a {\"Records\":[…]} file only whole (tripline replay reads it record by record)";

/** Records of one `{"Records":[…]}` file (or plain JSON array): file_index, line (record index), text. */
function recordsOf(file: LocalFile, index: number): string {
  const path = file.format === "cloudtrail-records" ? "'$.Records'" : "'$'";
  return `SELECT ${index} AS file_index, CAST(n AS INTEGER) AS line, CAST(element AS VARCHAR) AS text
FROM (SELECT unnest(elements) AS element, generate_subscripts(elements, 1) AS n
      FROM (SELECT CAST(json_extract(content, ${path}) AS JSON[]) AS elements FROM read_text(${sqlString(file.path)}) WHERE json_valid(content)))`;
}

/** JSON text that is an object when valid: "{" after JSON white space (RFC 8259). */
const isBraced = (text: string): string => `regexp_matches(${text}, '^[ \\t\\n\\r]*\\{')`;
/** JavaScript's `\s`, spelled out for RE2. */
const JS_SPACE = "[\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]";
/** Empty or only white space, as JavaScript's `trim` sees it (readers.ts `isBlank`); anchored, so it stops at the first other character. */
const isBlank = (text: string): string => `(CASE WHEN substr(${text}, 1, 1) = '{' THEN false ELSE regexp_full_match(${text}, '${JS_SPACE}*') END)`;
/** A line whose first non-blank character opens a JSON object (readers.ts `isJsonObjectLine`). */
const isJsonObjectLine = (text: string): string => `(substr(${text}, 1, 1) = '{' OR (substr(${text}, 1, 1) IN (' ', chr(9)) AND regexp_matches(${text}, '^${JS_SPACE}*\\{')))`;

/**
 * CloudTrail writes `2024-05-01T10:00:00Z`: for exactly that shape (hours 00–23, seconds 00–59, a
 * year from 1000) DuckDB's own timestamp cast gives what `parseRfc3339` gives, at a fraction of the
 * cost of the general SQL (which every other text still takes).
 */
function fastRfc3339Ms(text: string): string {
  return `CASE WHEN regexp_full_match(${text}, '[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z') THEN epoch_ms(TRY_CAST(${text} AS TIMESTAMPTZ)) ELSE ${rfc3339Ms(d, text)} END`;
}

/** The event time of a row of the `cloudtrail` relation, as replay reads it: `eventTime`, else `@timestamp`. */
export const CLOUDTRAIL_TIME = `coalesce(${fastRfc3339Ms("eventtime")}, ${rfc3339Ms(d, "at_timestamp")})`;

/**
 * The CloudTrail rows and the skipped lines of the CloudTrail files. `only`: the lower-case columns
 * to read (`used-columns.ts`); the others are left out of the relation.
 */
export function cloudTrailRelations(files: readonly LocalFile[], only?: ReadonlySet<string>): { parsed?: string; records: string; skipped: string } {
  const wanted = only === undefined ? CLOUDTRAIL_COLUMNS : prunedColumns(only);
  const parts = files.flatMap((f, i) => (f.format === "syslog" ? [] : [f.format === "cloudtrail-json-lines" ? linesOf(f, i) : recordsOf(f, i)]));
  if (parts.length === 0) {
    return {
      records: `SELECT 0 AS file_index, 0 AS line, CAST(NULL AS VARCHAR) AS at_timestamp, ${wanted.map((c) => `NULL AS ${columnName(c.name)}`).join(", ")} WHERE false`,
      skipped: "SELECT 0 AS file_index, 0 AS line, '' AS reason WHERE false",
    };
  }
  const raw = `(${parts.join("\nUNION ALL\n")})`;
  // A valid JSON text is an object exactly when its first non-blank character is "{"; such a text
  // is parsed once: `try` turns a malformed one into NULL, which is the "invalid JSON" case.
  const candidates = `(SELECT file_index, line, text, ${isBraced("text")} AS braced FROM ${raw} AS raw WHERE NOT (${isBlank("text")}))`;
  // Materialized by the caller (`parsed_cloudtrail`): DuckDB would otherwise substitute the
  // json_transform call into every expression that reads a column, and parse each record many times.
  // Replay skips an object without a string eventName (readers.ts `notCloudTrail`): its JSON types say so.
  const parsed = `SELECT file_index, line, braced, CASE WHEN braced THEN try(json_transform(text, ${sqlString(recordType(wanted))})) END AS j, CASE WHEN NOT braced THEN json_valid(text) END AS valid, CASE WHEN braced THEN try(json_type(text, '$.eventName')) END AS name_type, CASE WHEN braced THEN try(json_type(text, '$.eventTime')) END AS time_type FROM ${candidates} AS c`;
  const columns = wanted.map((c) => `j.${c.name} AS ${columnName(c.name)}`).join(", ");
  const records = `SELECT file_index, line, j."@timestamp" AS at_timestamp${columns ? `, ${columns}` : ""} FROM parsed_cloudtrail AS p WHERE j IS NOT NULL AND name_type = 'VARCHAR'`;
  // Replay reads a {"Records":[…]} file record by record and skips only a broken record; hunt
  // reads the document whole, so a malformed one (or several concatenated) is reported, not dropped.
  const brokenDocuments = files.flatMap((f, i) =>
    f.format === "cloudtrail-records" || f.format === "cloudtrail-json-array"
      ? [`SELECT ${i} AS file_index, 1 AS line, ${sqlString(BROKEN_DOCUMENT)} AS reason FROM read_text(${sqlString(f.path)}) WHERE NOT json_valid(content)`]
      : [],
  );
  const skipped = [
    `SELECT file_index, line, CASE WHEN braced OR NOT valid THEN 'invalid JSON' ELSE 'not a JSON object' END AS reason FROM parsed_cloudtrail AS p WHERE j IS NULL`,
    `SELECT file_index, line, CASE WHEN time_type IS NULL THEN ${sqlString(notCloudTrail(true))} ELSE ${sqlString(notCloudTrail(false))} END AS reason FROM parsed_cloudtrail AS p WHERE j IS NOT NULL AND name_type IS DISTINCT FROM 'VARCHAR'`,
    ...brokenDocuments,
  ].join("\nUNION ALL\n");
  return { parsed, records, skipped };
}

const MONTHS = "['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec']";
const DAYS_IN_MONTH = "[31,29,31,30,31,30,31,31,30,31,30,31]";
const CLOCK_SLACK_MS = 24 * 3600_000;
const CLASSIC = "^([A-Z][a-z]{2}) {1,2}([0-9]{1,2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ";

/**
 * `syslogTime` (modules/engines/windows/event-time.ts) in SQL: RFC 3339 headers as written, classic
 * BSD headers in UTC in the latest year that does not put the line more than a day after the file's
 * modification time, 29 February in the latest leap year at or before it.
 */
function syslogTimeMs(text: string, referenceMs: string): string {
  const c0 = `substr(${text}, 1, 1)`;
  const token = `regexp_extract(${text}, '^(<[0-9]{1,3}>[0-9]{1,2} )?([^ ]*)', 2)`;
  const rfc = `CASE WHEN ${c0} = '<' AND NOT regexp_matches(${text}, '^<[0-9]{1,3}>[0-9]{1,2} ') THEN NULL ELSE ${rfc3339Ms(d, token, true)} END`;
  const g = (n: number) => `regexp_extract(${text}, '${CLASSIC}', ${n})`;
  const month = `list_position(${MONTHS}, ${g(1)})`;
  const day = `CAST(${g(2)} AS INTEGER)`;
  const h = `CAST(${g(3)} AS BIGINT)`;
  const mi = `CAST(${g(4)} AS BIGINT)`;
  const s = `CAST(${g(5)} AS BIGINT)`;
  const referenceYear = `year(epoch_ms(CAST(${referenceMs} AS BIGINT)))`;
  const clock = `${h} * 3600000 + ${mi} * 60000 + ${s} * 1000`;
  // Date.UTC rolls 29 February of a common year over to 1 March: so does first-of-month + days.
  const rolled = (year: string) => `CAST(date_diff('day', DATE '1970-01-01', make_date(${year}, ${month}, 1) + (${day} - 1)) AS BIGINT) * 86400000 + ${clock}`;
  const year = `(CASE WHEN ${rolled(referenceYear)} > ${referenceMs} + ${CLOCK_SLACK_MS} THEN ${referenceYear} - 1 ELSE ${referenceYear} END)`;
  const leapBack = Array.from({ length: 9 }, (_, k) => `CASE WHEN ${day} <= CASE WHEN ${month} = 2 THEN (CASE WHEN ((${year} - ${k}) % 4 = 0 AND (${year} - ${k}) % 100 <> 0) OR (${year} - ${k}) % 400 = 0 THEN 29 ELSE 28 END) ELSE ${DAYS_IN_MONTH}[${month}] END THEN ${year} - ${k} END`);
  const validYear = `coalesce(${leapBack.join(", ")})`;
  const classic = `CASE WHEN ${g(1)} <> '' AND ${month} > 0 AND ${day} BETWEEN 1 AND ${DAYS_IN_MONTH}[${month}] AND ${h} <= 23 AND ${mi} <= 59 AND ${s} <= 60 THEN ${rolled(validYear)} END`;
  return `CASE WHEN regexp_matches(${c0}, '^[0-9<]') THEN ${rfc} ELSE ${classic} END`;
}

/** The event time of a row of the `sshd` relation: its syslog header, dated by the file's modification time. */
export const SSHD_TIME = syslogTimeMs("message", "reference_ms");

/** The sshd rows (file_index, line, message, reference_ms) and the skipped lines of syslog files. */
export function sshRelations(files: readonly LocalFile[]): { lines: string; skipped: string } {
  const parts = files.flatMap((f, i) =>
    f.format !== "syslog" ? [] : [`SELECT file_index, line, text, CAST(${f.mtimeMs} AS DOUBLE) AS reference_ms FROM (${linesOf(f, i)}) AS l${i} WHERE NOT (${isBlank("text")})`],
  );
  if (parts.length === 0) {
    return { lines: "SELECT 0 AS file_index, 0 AS line, CAST(0 AS DOUBLE) AS reference_ms, '' AS message WHERE false", skipped: "SELECT 0 AS file_index, 0 AS line, '' AS reason WHERE false" };
  }
  const all = `(${parts.join("\nUNION ALL\n")})`;
  // As readers.ts: comments and JSON lines are skipped, then lines with neither a header nor a program tag.
  const isSyslog = `(regexp_matches(text, ${sqlString(SYSLOG_HEADER_SHAPE.source)}) OR regexp_matches(text, ${sqlString(SYSLOG_TAG.source)}))`;
  const lines = `SELECT file_index, line, reference_ms, text AS message FROM ${all} AS l WHERE substr(text, 1, 1) <> '#' AND NOT ${isJsonObjectLine("text")} AND ${isSyslog}`;
  const skipped = `SELECT file_index, line, CASE WHEN substr(text, 1, 1) = '#' THEN 'comment line (starts with #), not a log line' WHEN ${isJsonObjectLine("text")} THEN ${sqlString(SYSLOG_JSON_LINE)} ELSE ${sqlString(NOT_SYSLOG)} END AS reason FROM ${all} AS l WHERE substr(text, 1, 1) = '#' OR ${isJsonObjectLine("text")} OR NOT ${isSyslog}`;
  return { lines, skipped };
}
