/**
 * Replay's matches under docs/design.md contract 6 as it now reads (issue 14): a match is a record on
 * which the detection's whole per-record test is true. Until that change is merged, replay still
 * lists every record that passed an off-hours detection's subscription pattern and every record a
 * distinct-count detection looked at; this keeps only the records the new contract lists: for
 * off-hours, those with a readable time outside working hours; for distinct counts, none. Once
 * replay lists exactly these itself, the filter changes nothing (it is idempotent), and the lead can
 * drop it.
 */
import type { Detection } from "../../modules/catalog/detection";
import type { WorkSchedule } from "../../modules/deployment/profile";
import { compileWorkSchedule } from "../../modules/engines/windows/off-hours";
import { readLogFile, type LogEntry } from "../../modules/replay/readers";
import type { ReportMatch } from "../../modules/replay/report";

/** Event times of every entry of these files, by `file:line`, as replay reads them. */
export async function eventTimes(files: readonly string[]): Promise<Map<string, number | undefined>> {
  const times = new Map<string, number | undefined>();
  for (const file of files) {
    await readLogFile(file, { entry: (e: LogEntry) => times.set(`${e.file}:${e.line}`, e.time), skip: () => undefined });
  }
  return times;
}

export function perRecordMatches(
  matches: readonly ReportMatch[],
  detections: readonly Detection[],
  schedule: WorkSchedule,
  times: ReadonlyMap<string, number | undefined>,
): ReportMatch[] {
  const byId = new Map(detections.map((d) => [d.id, d]));
  const isWorkingTime = compileWorkSchedule(schedule);
  return matches.filter((m) => {
    const d = byId.get(m.detection);
    if (d?.kind !== "stream") return true;
    if (d.detector.type === "distinct-count") return false;
    const time = times.get(`${m.file}:${m.line}`);
    return time !== undefined && !isWorkingTime(time);
  });
}
