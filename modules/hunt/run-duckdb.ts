/**
 * `tripline hunt` on DuckDB (embedded, `@duckdb/node-api`): local files → the relations of
 * `duckdb-source.ts` → one scan per source into a temporary `hits` table → matches and alarms.
 * https://duckdb.org/docs/stable/clients/node_neo/overview
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { HuntReport } from "./hunt-report";
import { duckdbDialect } from "./dialect-duckdb";
import { CLOUDTRAIL_TIME, cloudTrailRelations, SSHD_TIME, sshRelations } from "./duckdb-source";
import { huntReport, type AlarmRow, type MatchRow } from "./hunt-report";
import type { HuntPlan, HuntQuery } from "./ir";
import { prepareLocalFiles, type LocalFile } from "./local-files";
import { usedColumns } from "./used-columns";
import { MAX_KEYS, renderAlarms, renderHits, renderMatches } from "./render-sql";

/** The statements one DuckDB hunt runs, in order: for `--sql` and for the run itself. */
export interface DuckdbStatements {
  readonly setup: readonly string[];
  readonly matches: string;
  readonly alarms: string | undefined;
  readonly events: string;
  readonly skipped: string;
}

/** `--since`/`--until`, epoch ms: only events with a readable time in [since, until) are hunted. */
export interface TimeRange {
  readonly sinceMs?: number;
  readonly untilMs?: number;
}

const inRange = (time: string, range: TimeRange): string =>
  [range.sinceMs !== undefined ? `${time} >= ${Math.floor(range.sinceMs)}` : undefined, range.untilMs !== undefined ? `${time} < ${Math.floor(range.untilMs)}` : undefined]
    .filter((c): c is string => c !== undefined)
    .join(" AND ") || "true";

export function duckdbStatements(plan: HuntPlan, files: readonly LocalFile[], range: TimeRange = {}): DuckdbStatements {
  const ct = cloudTrailRelations(files, usedColumns(plan));
  const ssh = sshRelations(files);
  const bySource = (source: HuntQuery["source"]) => plan.queries.filter((q) => q.source === source);
  const ranged = (relation: string, time: string): string =>
    range.sinceMs === undefined && range.untilMs === undefined ? relation : `(SELECT * FROM ${relation} WHERE ${inRange(time, range)}) AS ${relation}_in_range`;
  const setup = [
    "SET TimeZone = 'UTC'",
    ...(ct.parsed === undefined ? [] : [`CREATE OR REPLACE TEMP TABLE parsed_cloudtrail AS ${ct.parsed}`]),
    `CREATE OR REPLACE TEMP VIEW cloudtrail AS ${ct.records}`,
    `CREATE OR REPLACE TEMP VIEW sshd AS ${ssh.lines}`,
    `CREATE OR REPLACE TEMP TABLE hits_cloudtrail AS ${renderHits(duckdbDialect, bySource("cloudtrail"), ranged("cloudtrail", CLOUDTRAIL_TIME), "eventid", CLOUDTRAIL_TIME)}`,
    `CREATE OR REPLACE TEMP TABLE hits_ssh AS ${renderHits(duckdbDialect, bySource("ssh"), ranged("sshd", SSHD_TIME), "CAST(NULL AS VARCHAR)", SSHD_TIME)}`,
  ];
  const union = (make: (queries: readonly HuntQuery[], hits: string) => string | undefined): string | undefined => {
    const parts = (["cloudtrail", "ssh"] as const).map((s) => make(bySource(s), `hits_${s}`)).filter((p): p is string => p !== undefined);
    return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join("\nUNION ALL\n");
  };
  const matches = `SELECT * FROM (${union(renderMatches)}) AS m ORDER BY file_index, line, d`;
  const alarmsUnion = union(renderAlarms);
  return {
    setup,
    matches,
    alarms: alarmsUnion === undefined ? undefined : `SELECT * FROM (${alarmsUnion}) AS a ORDER BY start_ms, d, end_ms, seq`,
    events: "SELECT (SELECT count(*) FROM cloudtrail) + (SELECT count(*) FROM sshd) AS n",
    skipped: `SELECT * FROM (${ct.skipped} UNION ALL ${ssh.skipped}) AS s ORDER BY file_index, line`,
  };
}

const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : Number(v));
const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const TIMING = process.env.TRIPLINE_HUNT_TIMING === "1";

async function rows(connection: DuckDBConnection, sql: string): Promise<unknown[][]> {
  const started = Date.now();
  const reader = await connection.runAndReadAll(sql);
  if (TIMING) process.stderr.write(`${Date.now() - started} ms: ${sql.slice(0, 60).replace(/\s+/g, " ")}\n`);
  return reader.getRows();
}

/** Runs a hunt over local files and returns the replay report. */
export async function huntLocalFiles(plan: HuntPlan, names: readonly string[], range: TimeRange = {}): Promise<HuntReport> {
  const { files, dispose } = await prepareLocalFiles(names);
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const statements = duckdbStatements(plan, files, range);
    for (const sql of statements.setup) await rows(connection, sql);
    const fileName = (index: unknown): string => files[num(index)].name;
    const matches: MatchRow[] = (await rows(connection, statements.matches)).map((r) => ({ d: num(r[0]), file: fileName(r[1]), line: num(r[2]), eventId: textOrNull(r[3]) }));
    const alarms: AlarmRow[] =
      statements.alarms === undefined
        ? []
        : (await rows(connection, statements.alarms)).map((r) => ({
            d: num(r[0]),
            startMs: num(r[1]),
            endMs: num(r[2]),
            value: num(r[3]),
            keys: Array.from({ length: MAX_KEYS }, (_, i) => textOrNull(r[4 + i])),
          }));
    const events = num((await rows(connection, statements.events))[0][0]);
    const skipped = (await rows(connection, statements.skipped)).map((r) => ({ file: fileName(r[0]), line: num(r[1]), reason: String(r[2]) }));
    return huntReport(plan, events, skipped, matches, alarms);
  } finally {
    connection.closeSync();
    instance.closeSync();
    await dispose();
  }
}
