/**
 * `tripline hunt --engine athena`: the same IR rendered for Athena over the deployed CloudTrail
 * table, pruned to the accounts, Regions and days asked for (partition projection, docs/aws-facts.md
 * o6, o7). The day folder is the date a file was delivered, not the event's (o1): the range takes
 * one more day at the end, and `eventtime` is filtered as well.
 */
import type { HuntReport } from "./hunt-report";
import { athenaDialect } from "./dialect-athena";
import { sqlString } from "./dialect";
import { huntReport, type AlarmRow, type MatchRow } from "./hunt-report";
import type { HuntPlan, HuntQuery, Refusal } from "./ir";
import { MAX_KEYS, renderAlarms, renderHits, renderMatches } from "./render-sql";
import { rfc3339Ms } from "./sql-time";
import type { AthenaClient } from "@aws-sdk/client-athena";
import { athenaCostUsd, runAthenaQuery, type PollOptions } from "./athena-client";

export interface AthenaScope {
  readonly database: string;
  readonly table: string;
  readonly workGroup: string;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  /** Epoch ms, inclusive / exclusive. */
  readonly sinceMs: number;
  readonly untilMs: number;
}

const DAY_MS = 86_400_000;
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, "/");
const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The table's rows in scope, with `file_index`, `line` (Athena has no record position: 0) and `event_ms`. */
export function athenaRelation(scope: AthenaScope): string {
  const t = rfc3339Ms(athenaDialect, "eventtime");
  const list = (values: readonly string[]) => values.map(sqlString).join(", ");
  const where = [
    scope.accounts.length > 0 ? `account IN (${list(scope.accounts)})` : undefined,
    scope.regions.length > 0 ? `region IN (${list(scope.regions)})` : undefined,
    `"timestamp" BETWEEN ${sqlString(day(scope.sinceMs))} AND ${sqlString(day(scope.untilMs + DAY_MS))}`,
  ].filter((w): w is string => w !== undefined);
  return `(SELECT * FROM (SELECT 0 AS file_index, 0 AS line, ${t} AS event_ms, * FROM ${quoted(scope.database)}.${quoted(scope.table)} WHERE ${where.join(" AND ")}) AS scoped WHERE event_ms >= ${scope.sinceMs} AND event_ms < ${scope.untilMs}) AS cloudtrail`;
}

/** Only CloudTrail detections run on Athena: the archive holds the trail, not sshd logs. */
export function athenaPlan(plan: HuntPlan): HuntPlan {
  const refusals: Refusal[] = [...plan.refusals];
  const queries: HuntQuery[] = [];
  for (const q of plan.queries) {
    if (q.source === "cloudtrail") queries.push(q);
    else refusals.push({ detection: q.detection.id, reason: "sshd logs are in CloudWatch Logs, not in the trail archive Athena reads" });
  }
  return { queries, refusals };
}

export interface AthenaStatements {
  readonly matches: string;
  readonly alarms: string | undefined;
}

export function athenaStatements(plan: HuntPlan, scope: AthenaScope): AthenaStatements {
  const hits = `WITH hits AS (${renderHits(athenaDialect, plan.queries, athenaRelation(scope), "eventid", "event_ms")})\n`;
  const alarms = renderAlarms(plan.queries, "hits");
  return { matches: `${hits}${renderMatches(plan.queries, "hits")}`, alarms: alarms === undefined ? undefined : `${hits}${alarms}` };
}

export interface AthenaHunt {
  readonly report: HuntReport;
  readonly bytesScanned: number;
  readonly costUsd: number;
}

export async function huntAthena(client: AthenaClient, plan: HuntPlan, scope: AthenaScope, options: PollOptions = {}): Promise<AthenaHunt> {
  const statements = athenaStatements(plan, scope);
  const run = (sql: string) => runAthenaQuery(client, { sql, workGroup: scope.workGroup, database: scope.database }, options);
  const matchesResult = await run(statements.matches);
  const alarmsResult = statements.alarms === undefined ? undefined : await run(statements.alarms);
  const file = `${scope.database}.${scope.table}`;
  const matches: MatchRow[] = matchesResult.rows.map((r) => ({ d: Number(r[0]), file, line: Number(r[2]), eventId: r[3] }));
  const alarms: AlarmRow[] = (alarmsResult?.rows ?? []).map((r) => ({
    d: Number(r[0]),
    startMs: Number(r[1]),
    endMs: Number(r[2]),
    value: Number(r[3]),
    keys: Array.from({ length: MAX_KEYS }, (_, i) => r[4 + i] ?? null),
  }));
  const bytesScanned = matchesResult.bytesScanned + (alarmsResult?.bytesScanned ?? 0);
  return {
    report: huntReport(plan, 0, [], matches, alarms),
    bytesScanned,
    costUsd: athenaCostUsd(matchesResult.bytesScanned) + (alarmsResult === undefined ? 0 : athenaCostUsd(alarmsResult.bytesScanned)),
  };
}
