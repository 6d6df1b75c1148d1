/**
 * Rows from either engine → the replay report (docs/design.md contract 5), so that every tool
 * reading `replay --json` reads `hunt --json`.
 */
import type { ReplayReport, ReportAlarm, ReportMatch } from "../replay/report";

/**
 * An alarm as hunt reports it: replay's, without `evidence` (the SQL returns windows, not the rows
 * that fed them; tools that read evidence read replay's report).
 */
export type HuntAlarm = Omit<ReportAlarm, "evidence">;

/** `tripline hunt --json`: the replay report (docs/design.md contract 5) with `HuntAlarm`s. */
export type HuntReport = Omit<ReplayReport, "alarms"> & { readonly alarms: readonly HuntAlarm[] };
import { isoTime } from "../engines/windows/event-time";
import { sortAlarms } from "../replay/window-state";
import type { HuntPlan, HuntQuery } from "./ir";

export interface MatchRow {
  readonly d: number;
  readonly file: string;
  readonly line: number;
  readonly eventId: string | null;
}

export interface AlarmRow {
  readonly d: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly value: number;
  readonly keys: readonly (string | null)[];
}

/** The key's field names, in key column order. */
function keyNames(q: HuntQuery): string[] {
  const w = q.window;
  if (w.kind === "contributor" || w.kind === "distinct") return w.keys.map((k) => k.name);
  if (w.kind === "instant") return [w.key.name];
  return [];
}

function threshold(q: HuntQuery): number {
  const w = q.window;
  if (w.kind === "period-count" || w.kind === "contributor") return w.alarm.threshold;
  if (w.kind === "distinct") return w.threshold;
  return 1;
}

export function huntReport(
  plan: HuntPlan,
  events: number,
  skipped: ReplayReport["skipped"],
  matches: readonly MatchRow[],
  alarms: readonly AlarmRow[],
): HuntReport {
  const byIndex = new Map(plan.queries.map((q) => [q.index, q]));
  const query = (d: number): HuntQuery => {
    const q = byIndex.get(d);
    if (q === undefined) throw new Error(`internal: no hunt query ${d}`);
    return q;
  };
  const reportMatches: ReportMatch[] = matches.map((m) => {
    const { detection } = query(m.d);
    return {
      detection: detection.id,
      controls: detection.controls,
      kind: detection.kind,
      file: m.file,
      line: m.line,
      ...(m.eventId !== null ? { eventID: m.eventId } : {}),
    };
  });
  const keyed = alarms.map((a) => {
    const q = query(a.d);
    const key: Record<string, string> = {};
    keyNames(q).forEach((name, i) => {
      const v = a.keys[i];
      if (v !== null && v !== undefined) key[name] = v;
    });
    return { row: a, q, detection: a.d, start: a.startMs, end: a.endMs, key };
  });
  const reportAlarms: HuntAlarm[] = sortAlarms(keyed).map(({ row, q, key }) => ({
    detection: q.detection.id,
    controls: q.detection.controls,
    start: isoTime(row.startMs),
    end: isoTime(row.endMs),
    value: row.value,
    threshold: threshold(q),
    key,
  }));
  return { events, skipped, matches: reportMatches, alarms: reportAlarms };
}
