import type { Detection } from "../catalog/detection";
import type { ReplayAlarm, ReplayResult } from "./evaluate";
import { isoTime } from "../engines/windows/event-time";
import { assertNever } from "../assert-never";

/** `replay --json`, one match (docs/design.md contract 5). */
export interface ReportMatch {
  readonly detection: string;
  readonly controls: readonly string[];
  readonly kind: Detection["kind"];
  readonly file: string;
  readonly line: number;
  /** Absent for sshd lines (and for a record without one). */
  readonly eventID?: string;
}

/** `replay --json`, one alarm (docs/design.md contract 5). */
export interface ReportAlarm {
  readonly detection: string;
  readonly controls: readonly string[];
  /** ISO 8601 UTC, inclusive. */
  readonly start: string;
  /** ISO 8601 UTC, exclusive. */
  readonly end: string;
  readonly value: number;
  readonly threshold: number;
  readonly key: Readonly<Record<string, string>>;
}

/** `replay --json`: the whole object (docs/design.md contract 5). */
export interface ReplayReport {
  readonly events: number;
  readonly skipped: readonly { readonly file: string; readonly line: number; readonly reason: string }[];
  readonly matches: readonly ReportMatch[];
  readonly alarms: readonly ReportAlarm[];
}

const reportAlarm = (result: ReplayResult, alarm: ReplayAlarm): ReportAlarm => {
  const d = result.detections[alarm.detection];
  return {
    detection: d.id,
    controls: d.controls,
    start: isoTime(alarm.start),
    end: isoTime(alarm.end),
    value: alarm.value,
    threshold: alarm.threshold,
    key: alarm.key,
  };
};

/** The report as one object; for tests and small inputs (`writeJsonReport` streams it). */
export function toReport(result: ReplayResult): ReplayReport {
  const matches: ReportMatch[] = [];
  for (const m of result.matches) {
    const d = result.detections[m.detection];
    matches.push({
      detection: d.id,
      controls: d.controls,
      kind: d.kind,
      file: m.file,
      line: m.line,
      ...(m.eventID !== undefined ? { eventID: m.eventID } : {}),
    });
  }
  return {
    events: result.events,
    skipped: result.skipped.map(({ file, line, reason }) => ({ file, line, reason })),
    matches,
    alarms: result.alarms.map((a) => reportAlarm(result, a)),
  };
}

/** Writes, awaiting the stream when its buffer is full; rejects when the stream fails (a closed pipe). */
async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (out.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const drained = () => {
      out.off("error", failed);
      resolve();
    };
    const failed = (error: Error) => {
      out.off("drain", drained);
      reject(error);
    };
    out.once("drain", drained);
    out.once("error", failed);
  });
}

const FLUSH_CHARS = 1 << 16;

/**
 * Prints the report as one JSON object, one array element a line (valid JSON that `grep` and
 * `jq` both read), streamed: the matches of a large replay are never one string.
 */
export async function writeJsonReport(result: ReplayResult, out: NodeJS.WritableStream): Promise<void> {
  const list = (items: readonly unknown[]): string => (items.length === 0 ? "[]" : `[\n${items.map((i) => JSON.stringify(i)).join(",\n")}\n]`);
  await write(out, `{"events":${result.events},\n"skipped":${list(result.skipped.map(({ file, line, reason }) => ({ file, line, reason })))},\n"matches":[`);
  // Per detection, the constant part of a match line, computed once.
  const prefixes = result.detections.map(
    (d) => `{"detection":${JSON.stringify(d.id)},"controls":${JSON.stringify(d.controls)},"kind":${JSON.stringify(d.kind)},"file":`,
  );
  let buffer = "";
  let first = true;
  let lastFile: string | undefined;
  let fileJson = "";
  for (const m of result.matches) {
    if (m.file !== lastFile) {
      lastFile = m.file;
      fileJson = JSON.stringify(m.file);
    }
    buffer += `${first ? "\n" : ",\n"}${prefixes[m.detection]}${fileJson},"line":${m.line}${m.eventID !== undefined ? `,"eventID":${JSON.stringify(m.eventID)}` : ""}}`;
    first = false;
    if (buffer.length >= FLUSH_CHARS) {
      await write(out, buffer);
      buffer = "";
    }
  }
  buffer += first ? "]" : "\n]";
  await write(out, `${buffer},\n"alarms":${list(result.alarms.map((a) => reportAlarm(result, a)))}}\n`);
}

/** How many items of a list the text summary shows before "… and N more". */
const LIST_LIMIT = 20;

const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** `10:01:00Z` when the end is on the start's day, the full time otherwise. */
const windowText = (alarm: ReplayAlarm): string => {
  const start = isoTime(alarm.start);
  const end = isoTime(alarm.end);
  return `${start} – ${end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end}`;
};

/** `5 matches`, or for an alarm over several periods `peak 21 matches per period` (the value is the busiest period's). */
const valueText = (alarm: ReplayAlarm, periodSeconds: number, unit: string, units: string): string => {
  const what = `${alarm.value} ${alarm.value === 1 ? unit : units}`;
  return alarm.end - alarm.start > periodSeconds * 1000 ? `peak ${what} per period` : what;
};

const comparisonText = (comparison: string): string => (comparison === "GreaterThanThreshold" ? ">" : "≥");

const thresholdText = (d: Detection, alarm: ReplayAlarm): string => {
  switch (d.kind) {
    case "metric-filter":
      return `${valueText(alarm, d.alarm.periodSeconds, "match", "matches")} (alarm at ${comparisonText(d.alarm.comparison)} ${alarm.threshold} per ${d.alarm.periodSeconds} s${d.alarm.evaluationPeriods > 1 ? ` for ${d.alarm.evaluationPeriods} periods` : ""})`;
    case "contributor-insights":
      return `top contributor ${valueText(alarm, d.alarm.periodSeconds, "event", "events")} (alarm at ${comparisonText(d.alarm.comparison)} ${alarm.threshold} per ${d.alarm.periodSeconds} s)`;
    case "stream":
      switch (d.detector.type) {
        case "distinct-count":
          return `${alarm.value} distinct (alarm at ${alarm.threshold} per ${d.detector.windowSeconds} s)`;
        case "off-hours":
          return "outside working hours";
        default:
          return assertNever(d.detector, "detector type");
      }
    case "event-rule":
      return `${alarm.value}`;
    default:
      return assertNever(d, "detection kind");
  }
};

const keyText = (key: Readonly<Record<string, string>>): string =>
  Object.entries(key)
    .map(([name, value]) => `${name}=${value}`)
    .join(" ");

const limited = <T>(items: readonly T[], line: (item: T) => string): string[] => {
  const lines = items.slice(0, LIST_LIMIT).map(line);
  if (items.length > LIST_LIMIT) lines.push(`  … and ${items.length - LIST_LIMIT} more (--json lists all)`);
  return lines;
};

/** The readable summary `tripline replay` prints without `--json`. */
export function formatTextSummary(result: ReplayResult, files: readonly string[]): string {
  const out: string[] = [];
  out.push(`Replayed ${count(result.events, "event")} from ${count(files.length, "file")}: ${count(result.matches.length, "match", "matches")}, ${count(result.alarms.length, "alarm")}, ${count(result.skipped.length, "line")} skipped.`);
  const alarmsBy = new Map<number, ReplayAlarm[]>();
  for (const a of result.alarms) alarmsBy.set(a.detection, [...(alarmsBy.get(a.detection) ?? []), a]);
  const quiet: string[] = [];
  const width = Math.max(0, ...result.detections.map((d) => d.id.length));
  result.detections.forEach((d, index) => {
    const matches = result.matches.countFor(index);
    const alarms = alarmsBy.get(index) ?? [];
    if (matches === 0 && alarms.length === 0) {
      quiet.push(d.id);
      return;
    }
    if (out.length === 1) out.push("");
    const controls = d.controls.length > 0 ? `  [${d.controls.join(", ")}]` : "";
    out.push(`${d.id.padEnd(width)}  ${count(matches, "match", "matches").padStart(13)}  ${count(alarms.length, "alarm").padStart(9)}  ${d.kind}${controls}`);
    out.push(
      ...limited(alarms, (a) => {
        const key = keyText(a.key);
        return `  ALARM ${windowText(a)}  ${thresholdText(d, a)}${key ? `  ${key}` : ""}`;
      }),
    );
  });
  if (quiet.length > 0) out.push("", `No match: ${quiet.join(", ")}.`);
  if (result.unwindowed.length > 0) {
    out.push("", `Matched but not placed in alarm windows, no usable event time (${count(result.unwindowed.length, "event")}):`);
    out.push(...limited(result.unwindowed, (u) => `  ${u.file}:${u.line}: ${u.reason} (${u.detections.join(", ")})`));
  }
  if (result.skipped.length > 0) {
    out.push("", `Skipped (${count(result.skipped.length, "line")}):`);
    out.push(...limited(result.skipped, (s) => `  ${s.file}:${s.line}: ${s.reason}`));
  }
  return `${out.join("\n")}\n`;
}
