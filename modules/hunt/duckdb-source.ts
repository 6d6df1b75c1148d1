/**
 * The relations DuckDB hunts over, built from local files: `cloudtrail` (the Athena table's
 * columns, `docs/aws-facts.md o2`, read with explicit types) and `sshd` (one row per line), each
 * with `file_index`, `line` (1-based line, or record index in a `{"Records":[…]}` file, as replay
 * numbers them) and `t_ms` (the event time replay reads, NULL when it cannot be read exactly).
 * https://duckdb.org/docs/stable/data/json/json_functions#json_transform
 */
import { duckdbDialect as d } from "./dialect-duckdb";
import { sqlString } from "./dialect";
import type { LocalFile } from "./local-files";
import { rfc3339Ms } from "./sql-time";
import { CLOUDTRAIL_COLUMNS, columnName, type ColumnType } from "./table-layout";

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

/** Records passed through Logstash carry only `@timestamp` (replay falls back to it; the archive never needs to). */
const RECORD_TYPE = JSON.stringify({ ...Object.fromEntries(CLOUDTRAIL_COLUMNS.map((c) => [c.name, transformType(c.type)])), "@timestamp": "VARCHAR" });

const LF = "chr(10)";
/** One trailing CR removed, as replay's line splitter does. */
const stripCr = (text: string): string => `CASE WHEN suffix(${text}, chr(13)) THEN substr(${text}, 1, length(${text}) - 1) ELSE ${text} END`;

/** Lines of one file: file_index, line, text. */
function linesOf(file: LocalFile, index: number): string {
  return `SELECT ${index} AS file_index, CAST(n AS INTEGER) AS line, ${stripCr("raw")} AS text
FROM (SELECT unnest(lines) AS raw, unnest(range(1, len(lines) + 1)) AS n FROM (SELECT string_split(content, ${LF}) AS lines FROM read_text(${sqlString(file.path)})))`;
}

/** Records of one `{"Records":[…]}` file (or plain JSON array): file_index, line (record index), text. */
function recordsOf(file: LocalFile, index: number): string {
  const path = file.format === "cloudtrail-records" ? "'$.Records'" : "'$'";
  return `SELECT ${index} AS file_index, CAST(n AS INTEGER) AS line, CAST(element AS VARCHAR) AS text
FROM (SELECT unnest(elements) AS element, unnest(range(1, len(elements) + 1)) AS n
      FROM (SELECT CAST(json_extract(content, ${path}) AS JSON[]) AS elements FROM read_text(${sqlString(file.path)}) WHERE json_valid(content)))`;
}

const isBlank = (text: string): string => `trim(${text}, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)) = ''`;
/** A line whose first non-blank character opens a JSON object (readers.ts `isJsonObjectLine`). */
const isJsonObjectLine = (text: string): string => `regexp_matches(${text}, '^[ \\t]*\\{')`;

/** The CloudTrail rows and the skipped lines of the CloudTrail files. */
export function cloudTrailRelations(files: readonly LocalFile[]): { records: string; skipped: string } {
  const parts = files.flatMap((f, i) => (f.format === "syslog" ? [] : [f.format === "cloudtrail-json-lines" ? linesOf(f, i) : recordsOf(f, i)]));
  if (parts.length === 0) {
    return {
      records: `SELECT 0 AS file_index, 0 AS line, NULL AS t_ms, ${CLOUDTRAIL_COLUMNS.map((c) => `NULL AS ${columnName(c.name)}`).join(", ")} WHERE false`,
      skipped: "SELECT 0 AS file_index, 0 AS line, '' AS reason WHERE false",
    };
  }
  const raw = `(${parts.join("\nUNION ALL\n")})`;
  const candidates = `(SELECT file_index, line, text, json_valid(text) AS valid FROM ${raw} AS raw WHERE NOT (${isBlank("text")}))`;
  const columns = CLOUDTRAIL_COLUMNS.map((c) => `j.${c.name} AS ${columnName(c.name)}`).join(", ");
  const time = `coalesce(${rfc3339Ms(d, "j.eventTime")}, ${rfc3339Ms(d, 'j."@timestamp"')})`;
  const records = `SELECT file_index, line, ${time} AS t_ms, ${columns}
FROM (SELECT file_index, line, json_transform(text, ${sqlString(RECORD_TYPE)}) AS j FROM ${candidates} AS c WHERE valid AND json_type(text) = 'OBJECT') AS parsed`;
  const skipped = `SELECT file_index, line, CASE WHEN valid THEN 'not a JSON object' ELSE 'invalid JSON' END AS reason FROM ${candidates} AS c WHERE NOT valid OR json_type(text) <> 'OBJECT'`;
  return { records, skipped };
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
function syslogTimeMs(text: string, referenceMs: number): string {
  const c0 = `substr(${text}, 1, 1)`;
  const token = `regexp_extract(${text}, '^(<[0-9]{1,3}>[0-9]{1,2} )?([^ ]*)', 2)`;
  const rfc = `CASE WHEN ${c0} = '<' AND NOT regexp_matches(${text}, '^<[0-9]{1,3}>[0-9]{1,2} ') THEN NULL ELSE ${rfc3339Ms(d, token, true)} END`;
  const g = (n: number) => `regexp_extract(${text}, '${CLASSIC}', ${n})`;
  const month = `list_position(${MONTHS}, ${g(1)})`;
  const day = `CAST(${g(2)} AS INTEGER)`;
  const h = `CAST(${g(3)} AS BIGINT)`;
  const mi = `CAST(${g(4)} AS BIGINT)`;
  const s = `CAST(${g(5)} AS BIGINT)`;
  const referenceYear = new Date(referenceMs).getUTCFullYear();
  const clock = `${h} * 3600000 + ${mi} * 60000 + ${s} * 1000`;
  // Date.UTC rolls 29 February of a common year over to 1 March: so does first-of-month + days.
  const rolled = (year: string) => `CAST(date_diff('day', DATE '1970-01-01', make_date(${year}, ${month}, 1) + (${day} - 1)) AS BIGINT) * 86400000 + ${clock}`;
  const year = `(CASE WHEN ${rolled(String(referenceYear))} > ${Math.floor(referenceMs) + CLOCK_SLACK_MS} THEN ${referenceYear - 1} ELSE ${referenceYear} END)`;
  const leapBack = Array.from({ length: 9 }, (_, k) => `CASE WHEN ${day} <= CASE WHEN ${month} = 2 THEN (CASE WHEN ((${year} - ${k}) % 4 = 0 AND (${year} - ${k}) % 100 <> 0) OR (${year} - ${k}) % 400 = 0 THEN 29 ELSE 28 END) ELSE ${DAYS_IN_MONTH}[${month}] END THEN ${year} - ${k} END`);
  const validYear = `coalesce(${leapBack.join(", ")})`;
  const classic = `CASE WHEN ${g(1)} <> '' AND ${month} > 0 AND ${day} BETWEEN 1 AND ${DAYS_IN_MONTH}[${month}] AND ${h} <= 23 AND ${mi} <= 59 AND ${s} <= 60 THEN ${rolled(validYear)} END`;
  return `CASE WHEN regexp_matches(${c0}, '^[0-9<]') THEN ${rfc} ELSE ${classic} END`;
}

/** The sshd rows (file_index, line, t_ms, message) and the skipped lines of syslog files. */
export function sshRelations(files: readonly LocalFile[]): { lines: string; skipped: string } {
  const parts = files.flatMap((f, i) =>
    f.format !== "syslog" ? [] : [`SELECT file_index, line, text, ${syslogTimeMs("text", f.mtimeMs)} AS t_ms FROM (${linesOf(f, i)}) AS l${i} WHERE NOT (${isBlank("text")})`],
  );
  if (parts.length === 0) {
    return { lines: "SELECT 0 AS file_index, 0 AS line, NULL AS t_ms, '' AS message WHERE false", skipped: "SELECT 0 AS file_index, 0 AS line, '' AS reason WHERE false" };
  }
  const all = `(${parts.join("\nUNION ALL\n")})`;
  const lines = `SELECT file_index, line, t_ms, text AS message FROM ${all} AS l WHERE substr(text, 1, 1) <> '#' AND NOT ${isJsonObjectLine("text")}`;
  const skipped = `SELECT file_index, line, CASE WHEN substr(text, 1, 1) = '#' THEN 'comment line (starts with #), not a log line' ELSE 'JSON object in a file read as sshd/syslog text (told by its first lines); not evaluated' END AS reason FROM ${all} AS l WHERE substr(text, 1, 1) = '#' OR ${isJsonObjectLine("text")}`;
  return { lines, skipped };
}
