/**
 * The records a replay matched, each with the detections that matched it, read back from the
 * files: what `tripline notify --dry-run` renders. Two passes over the files, so that the match is
 * exactly replay's (the same per-record tests as AWS, docs/design.md contract 6) without holding
 * every record in memory: the first pass replays and keeps only (file, line) → detections; the
 * second streams the files again and yields the matched records.
 */
import type { Detection } from "../catalog/detection";
import type { ReplayProfile } from "../deployment/profile";
import { replayFiles, type ReplayAlarm } from "./evaluate";
import { readLogFile, type CloudTrailRecord, type LogEntry, type SkippedLine } from "./readers";

export interface MatchedRecord {
  readonly file: string;
  readonly line: number;
  /** The parsed CloudTrail record; undefined for an sshd line. */
  readonly record: CloudTrailRecord | undefined;
  readonly text: string;
  readonly detections: readonly Detection[];
}

export interface MatchedRecords {
  readonly events: number;
  readonly skipped: readonly SkippedLine[];
  readonly records: readonly MatchedRecord[];
  /** The alarms replay raised (windows, thresholds), for callers that render them too. */
  readonly alarms: readonly ReplayAlarm[];
}

export async function matchedRecords(files: readonly string[], profile: ReplayProfile): Promise<MatchedRecords> {
  const result = await replayFiles(files, profile);
  const wanted = new Map<string, number[]>();
  try {
    for (const m of result.matches) {
      const key = `${m.file}\u0000${m.line}`;
      const list = wanted.get(key) ?? [];
      if (!list.includes(m.detection)) list.push(m.detection);
      wanted.set(key, list);
    }
  } finally {
    result.matches.dispose();
  }
  const records: MatchedRecord[] = [];
  for (const file of [...new Set(files)]) {
    await readLogFile(file, {
      entry: (entry: LogEntry) => {
        const indexes = wanted.get(`${entry.file}\u0000${entry.line}`);
        if (indexes === undefined) return;
        records.push({ file: entry.file, line: entry.line, record: entry.record, text: entry.text, detections: indexes.map((i) => profile.detections[i]) });
      },
      skip: () => undefined,
    });
  }
  return { events: result.events, skipped: result.skipped, records, alarms: result.alarms };
}
