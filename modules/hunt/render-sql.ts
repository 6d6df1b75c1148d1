/**
 * The IR → SQL, one dialect at a time. Two statements per source relation:
 *
 * - `hits`: one scan of the relation; per detection a boolean `m<i>` (its whole per-record test),
 *   and the values its window needs; only rows where some test holds are kept;
 * - `alarms`: over `hits`, per windowed detection, CloudWatch's aligned periods and runs
 *   (`modules/engines/windows/alarm-window.ts`), the top contributor per period
 *   (`contributor-window.ts`), distinct values per key and window (`distinct-count.ts`).
 *
 * The relation has the table's columns plus `file_index`, `line` and `t_ms` (event time, epoch ms,
 * NULL when it cannot be read exactly). Every literal from a pattern goes through `sqlString`.
 */
import type { Dialect } from "./dialect";
import { sqlString } from "./dialect";
import type { Expr, HuntQuery, TextTest, ValueRef } from "./ir";
import { workingTime } from "./sql-time";

/** Keys per alarm row; Contributor Insights allows at most 4. */
export const MAX_KEYS = 4;

/** `t` as SQL text when it is a string or a number (NULL otherwise). */
function textOf(d: Dialect, ref: ValueRef, stringsOnly: boolean): string {
  switch (ref.kind) {
    case "text":
      return ref.path.join(".");
    case "json": {
      const path = d.jsonPath(ref.path);
      return stringsOnly ? d.jsonStringText(ref.column, path) : d.jsonStringOrNumberText(ref.column, path);
    }
    case "message":
      return "message";
    case "eventbridge-source":
      // `iam.amazonaws.com` → `aws.iam`; another dotted source → `aws.` + its first label (eventbridge-envelope.ts).
      return `('aws.' || (CASE WHEN length(eventsource) >= 14 AND substr(eventsource, length(eventsource) - 13) = '.amazonaws.com' THEN nullif(substr(eventsource, 1, length(eventsource) - 14), '') ELSE nullif(split_part(eventsource, '.', 1), '') END))`;
  }
}

function present(d: Dialect, ref: ValueRef): string {
  if (ref.kind === "json") return `(${d.jsonValue(ref.column, d.jsonPath(ref.path))} IS NOT NULL)`;
  return `(${textOf(d, ref, false)} IS NOT NULL)`;
}

function scalar(d: Dialect, ref: ValueRef): string {
  if (ref.kind === "json") return d.jsonIsScalar(ref.column, d.jsonPath(ref.path));
  return `(${textOf(d, ref, false)} IS NOT NULL)`;
}

function textTest(d: Dialect, t: string, test: TextTest): string {
  switch (test.kind) {
    case "equals":
      return `${t} = ${sqlString(test.text)}`;
    case "contains":
      return `strpos(${t}, ${sqlString(test.text)}) > 0`;
    // Lengths in SQL characters (code points), not JavaScript's UTF-16 units.
    case "prefix":
      return `substr(${t}, 1, length(${sqlString(test.text)})) = ${sqlString(test.text)}`;
    case "suffix":
      return `(length(${t}) >= length(${sqlString(test.text)}) AND substr(${t}, length(${t}) - length(${sqlString(test.text)}) + 1) = ${sqlString(test.text)})`;
    case "regex":
      return d.regexSearch(t, test.source);
  }
}

/** NUMBER_TEXT of the filter-pattern parser: what a string must be to compare as a number. */
const NUMBER_TEXT = "[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?";

const numberLiteral = (n: number): string => (Number.isInteger(n) ? `${n}.0` : `${n}`).replace(/^(-?)(\d+)e/, "$1$2.0e");

/** The boolean SQL of an IR expression; never NULL (every leaf is guarded and coalesced). */
export function renderExpr(d: Dialect, e: Expr): string {
  switch (e.kind) {
    case "constant":
      return e.value ? "true" : "false";
    case "and":
    case "or":
      return `(${e.operands.map((o) => renderExpr(d, o)).join(e.kind === "and" ? " AND " : " OR ")})`;
    case "not":
      return `(NOT ${renderExpr(d, e.operand)})`;
    case "present":
      return present(d, e.value);
    case "scalar":
      return scalar(d, e.value);
    case "json-literal":
      if (e.value.kind !== "json") return "false";
      return d.jsonIsLiteral(e.value.column, d.jsonPath(e.value.path), e.literal);
    case "text": {
      const t = textOf(d, e.value, e.stringsOnly === true);
      const test = textTest(d, t, e.test);
      return `coalesce(${t} IS NOT NULL AND ${e.negate ? `NOT (${test})` : `(${test})`}, false)`;
    }
    case "number": {
      const t = textOf(d, e.value, false);
      const isNumber = d.regexFull(t, NUMBER_TEXT);
      const compare = `${d.tryDouble(t)} ${e.operator === "!=" ? "<>" : e.operator} ${numberLiteral(e.number)}`;
      const body = e.operator === "!=" ? `(NOT ${isNumber} OR ${compare})` : `${isNumber} AND ${compare}`;
      return `coalesce(${t} IS NOT NULL AND ${body}, false)`;
    }
  }
}

const flag = (q: HuntQuery): string => `m${q.index}`;
const keyColumn = (q: HuntQuery, i: number): string => `k${q.index}_${i}`;
const valueColumn = (q: HuntQuery): string => `v${q.index}`;

/** The window's key and value expressions, as text. */
function windowColumns(d: Dialect, q: HuntQuery): string[] {
  const w = q.window;
  const columns: string[] = [];
  if (w.kind === "contributor" || w.kind === "distinct") w.keys.forEach((k, i) => columns.push(`${textOf(d, k.value, false)} AS ${keyColumn(q, i)}`));
  if (w.kind === "instant") columns.push(`${textOf(d, w.key.value, false)} AS ${keyColumn(q, 0)}`);
  if (w.kind === "distinct") {
    columns.push(`${w.values.map((v) => `coalesce(${textOf(d, v, false)}, '')`).join(" || ':' || ")} AS ${valueColumn(q)}`);
    columns.push(`(${w.values.map((v) => `${textOf(d, v, false)} IS NOT NULL`).join(" AND ")}) AS ${valueColumn(q)}_ok`);
  }
  return columns;
}

/**
 * One scan: the rows any detection's test holds on, with a flag per detection. The tests filter
 * first; the event time (`timeExpr`, over the relation's columns) and the off-hours test are
 * computed only for the rows that passed, which is where a scan's time would otherwise go.
 */
export function renderHits(d: Dialect, queries: readonly HuntQuery[], relation: string, eventIdColumn: string, timeExpr: string): string {
  const tests = queries.map((q) => `(${renderExpr(d, q.test)})`);
  const flags = queries.map((q, i) => {
    const passed = `p${q.index}`;
    void i;
    return q.outsideHours === undefined
      ? `${passed} AS ${flag(q)}`
      : `(CASE WHEN ${passed} AND t_ms IS NOT NULL THEN NOT coalesce(${workingTime(d, "t_ms", q.outsideHours)}, false) ELSE false END) AS ${flag(q)}`;
  });
  const extras = queries.flatMap((q) => windowColumns(d, q));
  const passedColumns = queries.map((q, i) => `${tests[i]} AS p${q.index}`);
  const filtered = `SELECT *, ${timeExpr} AS t_ms FROM (SELECT *, ${passedColumns.join(", ") || "false AS p_none"} FROM ${relation}) AS tested WHERE ${queries.map((q) => `p${q.index}`).join(" OR ") || "false"}`;
  const outer = ["file_index", "line", `${eventIdColumn} AS event_id`, "t_ms", ...flags, ...extras].join(",\n  ");
  return `SELECT\n  ${outer}\nFROM (${filtered}) AS hit`;
}

/** The listed matches, in the order replay finds them (file, line, detection). */
export function renderMatches(queries: readonly HuntQuery[], hits: string): string {
  const listed = queries.filter((q) => q.listsMatches);
  if (listed.length === 0) return `SELECT 0 AS d, 0 AS file_index, 0 AS line, CAST(NULL AS VARCHAR) AS event_id WHERE false`;
  return `${listed.map((q) => `SELECT ${q.index} AS d, file_index, line, event_id FROM ${hits} WHERE ${flag(q)}`).join("\nUNION ALL\n")}\nORDER BY file_index, line, d`;
}

const period = (ms: number): string => `CAST(floor(t_ms / ${ms}.0) AS BIGINT) * ${ms}`;
const nullKeys = (from: number): string[] => Array.from({ length: MAX_KEYS - from }, (_, i) => `CAST(NULL AS VARCHAR) AS k${from + i + 1}`);
const breaching = (value: string, comparison: string, threshold: number): string => `${value} ${comparison === "GreaterThanThreshold" ? ">" : ">="} ${threshold}`;

/** One detection's alarms: d, start_ms, end_ms, value, k1…k4, seq (replay's order among ties); undefined when it has no window. */
export function renderAlarm(q: HuntQuery, hits: string): string | undefined {
  const w = q.window;
  const where = `${flag(q)} AND t_ms IS NOT NULL`;
  switch (w.kind) {
    case "none":
      return undefined;
    case "period-count": {
      const p = w.alarm.periodSeconds * 1000;
      return `SELECT ${q.index} AS d, min(ps) AS start_ms, max(ps) + ${p} AS end_ms, max(v) AS value, ${nullKeys(0).join(", ")}, 0 AS seq
FROM (SELECT ps, v, ps - ${p} * row_number() OVER (ORDER BY ps) AS grp
      FROM (SELECT ${period(p)} AS ps, count(*) AS v FROM ${hits} WHERE ${where} GROUP BY 1) AS periods
      WHERE ${breaching("v", w.alarm.comparison, w.alarm.threshold)}) AS breaching
GROUP BY grp HAVING count(*) >= ${w.alarm.evaluationPeriods}`;
    }
    case "contributor": {
      const p = w.alarm.periodSeconds * 1000;
      const keys = w.keys.map((_, i) => keyColumn(q, i));
      const ks = keys.join(", ");
      return `SELECT ${q.index} AS d, s AS start_ms, e AS end_ms, v AS value, ${keys.map((k, i) => `${k} AS k${i + 1}`).join(", ")}${w.keys.length < MAX_KEYS ? `, ${nullKeys(w.keys.length).join(", ")}` : ""}, 0 AS seq
FROM (SELECT ps, v, ${ks},
        min(ps) OVER (PARTITION BY grp) AS s, max(ps) OVER (PARTITION BY grp) + ${p} AS e, count(*) OVER (PARTITION BY grp) AS n,
        row_number() OVER (PARTITION BY grp ORDER BY v DESC, ps) AS peak
      FROM (SELECT ps, v, ${ks}, ps - ${p} * row_number() OVER (ORDER BY ps) AS grp
            FROM (SELECT ps, cnt AS v, ${ks}, row_number() OVER (PARTITION BY ps ORDER BY cnt DESC, first_seen) AS rank_in_period
                  FROM (SELECT ${period(p)} AS ps, ${ks}, count(*) AS cnt, min(file_index * 4294967296 + line) AS first_seen
                        FROM ${hits} WHERE ${where} GROUP BY 1, ${ks}) AS contributions) AS ranked
            WHERE rank_in_period = 1 AND ${breaching("v", w.alarm.comparison, w.alarm.threshold)}) AS breaching) AS runs
WHERE peak = 1 AND n >= ${w.alarm.evaluationPeriods}`;
    }
    case "distinct": {
      // Replay fires on the record that brings the count to the threshold: ties are in that record's order.
      const ms = w.windowSeconds * 1000;
      const keys = w.keys.map((_, i) => keyColumn(q, i));
      const ks = keys.join(", ");
      const v = valueColumn(q);
      return `SELECT ${q.index} AS d, ws AS start_ms, ws + ${ms} AS end_ms, count(*) AS value, ${keys.map((k, i) => `${k} AS k${i + 1}`).join(", ")}${w.keys.length < MAX_KEYS ? `, ${nullKeys(w.keys.length).join(", ")}` : ""}, max(CASE WHEN nth = ${w.threshold} THEN first_seen END) AS seq
FROM (SELECT ws, ${ks}, ${v}, first_seen, row_number() OVER (PARTITION BY ws, ${ks} ORDER BY first_seen) AS nth
      FROM (SELECT ${period(ms)} AS ws, ${ks}, ${v}, min(file_index * 4294967296 + line) AS first_seen
            FROM ${hits} WHERE ${where} AND ${keys.map((k) => `${k} IS NOT NULL`).join(" AND ")} AND ${v}_ok GROUP BY 1, ${ks}, ${v}) AS firsts) AS observed
GROUP BY ws, ${ks} HAVING count(*) >= ${w.threshold}`;
    }
    case "instant":
      return `SELECT ${q.index} AS d, t_ms AS start_ms, t_ms + 1000 AS end_ms, 1 AS value, ${keyColumn(q, 0)} AS k1, ${nullKeys(1).join(", ")}, file_index * 4294967296 + line AS seq FROM ${hits} WHERE ${where}`;
  }
}

/** Every windowed detection's alarms in one statement, sorted as replay sorts them. */
export function renderAlarms(queries: readonly HuntQuery[], hits: string): string | undefined {
  const parts = queries.map((q) => renderAlarm(q, hits)).filter((s): s is string => s !== undefined);
  if (parts.length === 0) return undefined;
  return `SELECT * FROM (\n${parts.map((p) => `(${p})`).join("\nUNION ALL\n")}\n) AS alarms ORDER BY start_ms, d, end_ms, seq`;
}
