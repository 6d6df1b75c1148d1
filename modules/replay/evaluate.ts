import type { Detection } from "../catalog/detection";
import { compileContributorRule } from "../engines/contributor-rule";
import { compileEventPattern } from "../engines/event-pattern";
import { compileFilterPattern, toLogEvent, type LogEvent } from "../engines/filter-pattern";
import { PeriodCounter } from "../engines/windows/alarm-window";
import { ContributorCounter, keyFieldName } from "../engines/windows/contributor-window";
import { compileDistinctCount, MemoryWindowStore } from "../engines/windows/distinct-count";
import { toEventBridgeEvent } from "./eventbridge-envelope";
import { mayMatchEventName, possibleEventNames, possibleEventNamesOfFilter } from "./event-name-prefilter";
import { missingCloudTrailTime } from "../engines/windows/event-time";
import { MatchLog } from "./match-log";
import { compileWorkSchedule } from "../engines/windows/off-hours";
import type { ReplayProfile } from "../deployment/profile";
import { compileTransformedRule } from "./transformed-rule";
import { readLogFile, type CloudTrailRecord, type LogEntry, type LogSink, type ReadOptions, type SkippedLine } from "./readers";
import { assertNever } from "../assert-never";
import { isPlainObject } from "../engines/plain-object";

/** An alarm replay raised (docs/design.md contract 5, `alarms`), times in ms. */
export interface ReplayAlarm {
  /** Index of the detection in the profile. */
  readonly detection: number;
  readonly start: number;
  readonly end: number;
  readonly value: number;
  readonly threshold: number;
  /** The contributor's values under their CloudTrail field names; empty for a metric filter's alarm. */
  readonly key: Readonly<Record<string, string>>;
}

/** A matched record that could not be placed in alarm windows: it has no time we can read exactly. */
export interface UnwindowedEvent {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  /** Ids of the windowed detections it matched. */
  readonly detections: string[];
}

/** Everything a replay found. */
export interface ReplayResult {
  readonly detections: readonly Detection[];
  /** Events evaluated: CloudTrail records and log lines, skipped ones not counted. */
  readonly events: number;
  readonly skipped: readonly SkippedLine[];
  readonly matches: MatchLog;
  /** Sorted by start, then detection order. */
  readonly alarms: readonly ReplayAlarm[];
  readonly unwindowed: readonly UnwindowedEvent[];
}

type FilterPredicate = (event: LogEvent) => boolean;

/** One detection compiled once; the loop only calls these. */
type Compiled =
  | {
      readonly kind: "filter";
      readonly index: number;
      readonly test: FilterPredicate;
      /** See `names` below; for CloudTrail records only. */
      readonly names: ReadonlySet<string> | undefined;
      readonly window?: WindowHook;
    }
  | { readonly kind: "contributor"; readonly index: number; readonly test: (record: unknown) => readonly string[] | undefined; readonly counter: ContributorCounter }
  | {
      readonly kind: "event";
      readonly index: number;
      readonly test: (event: unknown) => boolean;
      /** The event names the pattern can match, when that is certain: records with others are not wrapped and tested. */
      readonly names: ReadonlySet<string> | undefined;
    };

/** What a windowed detection does with a timed match. */
type WindowHook = (timeMs: number, record: CloudTrailRecord | undefined) => void;

const OFF_HOURS_KEY = "userIdentity.arn";
const MAX_CACHED_EVENT_NAMES = 50_000;

/**
 * Evaluates every detection of a profile over log entries, as a `LogSink` for the readers.
 *
 * - Each detection is compiled once into a predicate; per event the loop only calls predicates
 *   (and, on a match, adds to a window).
 * - `cloudtrail` detections see CloudTrail records only, `ssh` detections syslog lines only.
 * - Metric-filter and stream patterns run on the event's text as found: the JSON Lines line, the
 *   record's slice of a `{"Records":[...]}` file, or the raw syslog line (what the CloudWatch
 *   agent ships). For JSON the record parsed by the reader is passed along, not parsed again, and
 *   a pattern that names its event names is only tried on records with one of them
 *   (`event-name-prefilter.ts`).
 * - Contributor Insights rules run on the parsed record; a Contributor Insights rule on the `ssh`
 *   source would need a CLF field map and matches nothing here.
 * - Event rules run on the record as EventBridge would deliver it (`toEventBridgeEvent`), and only
 *   when EventBridge delivers it to a rule without extra opt-in (`deliveredByDefault`: e.g. not the
 *   read-only management events, which AWS sends only to rules on a trail's opt-in); a record
 *   EventBridge never shows a default rule cannot fire one in AWS either. Records whose
 *   `eventName` the pattern cannot match are not wrapped at all (`possibleEventNames`).
 * - Every match is listed; matches of windowed detections are also placed in alarm windows when
 *   the event has a time, and listed in `unwindowed` when not.
 */
export class ReplayEvaluator implements LogSink {
  private readonly cloudTrail: Compiled[] = [];
  /** `cloudTrail` narrowed to the detections that may match an event name, built on first sight of the name. */
  private readonly cloudTrailByName = new Map<string, Compiled[]>();
  /** `cloudTrail` for records without `eventName`. */
  private cloudTrailUnnamed: Compiled[] = [];
  private readonly ssh: Compiled[] = [];
  private readonly metricCounters: { index: number; counter: PeriodCounter }[] = [];
  private readonly contributorCounters: { index: number; counter: ContributorCounter }[] = [];
  private readonly instantAlarms: ReplayAlarm[] = [];
  private readonly distinctFirings: { index: number; threshold: number; windowKey: string; start: number; end: number; key: Readonly<Record<string, string>> }[] = [];
  private readonly store = new MemoryWindowStore();
  private readonly matchLog = new MatchLog();
  private readonly skippedLines: SkippedLine[] = [];
  private readonly unwindowedEvents: UnwindowedEvent[] = [];
  private eventCount = 0;
  private currentFile: string | undefined;
  private currentFileIndex = -1;
  /** The entry being evaluated, for window hooks. */
  private current: LogEntry | undefined;

  constructor(readonly profile: ReplayProfile) {
    const isWorkingTime = compileWorkSchedule(profile.schedule);
    profile.detections.forEach((detection, index) => {
      try {
        const compiled = this.compile(detection, index, isWorkingTime);
        if (compiled !== undefined) (detection.source === "ssh" ? this.ssh : this.cloudTrail).push(compiled);
      } catch (error) {
        throw new Error(`cannot compile detection "${detection.id}": ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    });
    this.cloudTrailUnnamed = this.cloudTrail.filter((c) => c.kind === "contributor" || c.names === undefined);
  }

  /** Events evaluated so far (for progress). */
  get events(): number {
    return this.eventCount;
  }

  entry(entry: LogEntry): void {
    this.eventCount++;
    if (entry.file !== this.currentFile) {
      this.currentFile = entry.file;
      this.currentFileIndex = this.matchLog.addFile(entry.file);
    }
    this.current = entry;
    const record = entry.record;
    if (record !== undefined) {
      const name = record.eventName;
      const compiled = typeof name === "string" ? this.forEventName(name) : name === undefined ? this.cloudTrailUnnamed : this.cloudTrail;
      if (compiled.length === 0) return;
      const logEvent: LogEvent = { message: entry.text, json: record };
      let envelope: ReturnType<typeof toEventBridgeEvent> | undefined;
      for (let i = 0; i < compiled.length; i++) {
        const c = compiled[i];
        if (c.kind === "filter") {
          if (c.test(logEvent)) this.matched(c.index, record, c.window);
        } else if (c.kind === "contributor") {
          this.contributed(c, record, record);
        } else {
          envelope ??= toEventBridgeEvent(record);
          if (envelope.deliveredByDefault && c.test(envelope.event)) this.matched(c.index, record, undefined);
        }
      }
    } else {
      const compiled = this.ssh;
      if (compiled.length === 0) return;
      const logEvent = toLogEvent(entry.text);
      for (let i = 0; i < compiled.length; i++) {
        const c = compiled[i];
        if (c.kind === "filter" && c.test(logEvent)) this.matched(c.index, undefined, c.window);
        else if (c.kind === "contributor") this.contributed(c, entry.text, undefined);
      }
    }
  }

  /** A contributor rule on a record, or on a line through its transformer (`transformed-rule.ts`). */
  private contributed(c: Extract<Compiled, { kind: "contributor" }>, input: unknown, record: CloudTrailRecord | undefined): void {
    const values = c.test(input);
    if (values === undefined) return;
    this.matched(c.index, record, undefined);
    const time = (this.current as LogEntry).time;
    if (time !== undefined) c.counter.add(time, values);
    else this.unwindowed(c.index);
  }

  /** The CloudTrail detections, in profile order, that may match a record with this event name. */
  private forEventName(name: string): Compiled[] {
    let list = this.cloudTrailByName.get(name);
    if (list === undefined) {
      list = this.cloudTrail.filter((c) => c.kind === "contributor" || c.names === undefined || mayMatchEventName(c.names, name));
      // AWS has some 15,000 API names; a file of made-up names must not grow the cache without end.
      if (this.cloudTrailByName.size < MAX_CACHED_EVENT_NAMES) this.cloudTrailByName.set(name, list);
    }
    return list;
  }

  skip(skipped: SkippedLine): void {
    this.skippedLines.push(skipped);
  }

  /** Closes the windows and returns what the replay found. */
  finish(): ReplayResult {
    const alarms: ReplayAlarm[] = [...this.instantAlarms];
    for (const { index, counter } of this.metricCounters) {
      for (const run of counter.alarms()) {
        alarms.push({ detection: index, start: run.start, end: run.end, value: run.value, threshold: counter.spec.threshold, key: {} });
      }
    }
    for (const { index, counter } of this.contributorCounters) {
      const detection = this.profile.detections[index];
      const names = detection.kind === "contributor-insights" ? detection.rule.keys.map(keyFieldName) : [];
      for (const a of counter.alarms()) {
        const key: Record<string, string> = {};
        names.forEach((name, i) => {
          key[name] = a.values[i];
        });
        alarms.push({ detection: index, start: a.start, end: a.end, value: a.value, threshold: counter.spec.threshold, key });
      }
    }
    for (const f of this.distinctFirings) {
      alarms.push({ detection: f.index, start: f.start, end: f.end, value: this.store.size(f.windowKey), threshold: f.threshold, key: f.key });
    }
    alarms.sort((a, b) => a.start - b.start || a.detection - b.detection || a.end - b.end);
    return {
      detections: this.profile.detections,
      events: this.eventCount,
      skipped: this.skippedLines,
      matches: this.matchLog,
      alarms,
      unwindowed: this.unwindowedEvents,
    };
  }

  private matched(index: number, record: CloudTrailRecord | undefined, window: WindowHook | undefined): void {
    const entry = this.current as LogEntry;
    const eventID = record !== undefined && typeof record.eventID === "string" ? record.eventID : undefined;
    this.matchLog.add(index, this.currentFileIndex, entry.line, eventID);
    if (window === undefined) return;
    if (entry.time !== undefined) window(entry.time, record);
    else this.unwindowed(index);
  }

  private unwindowed(index: number): void {
    const entry = this.current as LogEntry;
    const id = this.profile.detections[index].id;
    const last = this.unwindowedEvents[this.unwindowedEvents.length - 1];
    if (last !== undefined && last.file === entry.file && last.line === entry.line) {
      last.detections.push(id);
      return;
    }
    const reason = entry.record !== undefined ? missingCloudTrailTime(entry.record) : "no timestamp in the line's header that can be read";
    this.unwindowedEvents.push({ file: entry.file, line: entry.line, reason, detections: [id] });
  }

  private compile(detection: Detection, index: number, isWorkingTime: (timeMs: number) => boolean): Compiled | undefined {
    switch (detection.kind) {
      case "metric-filter": {
        const counter = new PeriodCounter(detection.alarm);
        this.metricCounters.push({ index, counter });
        return {
          kind: "filter",
          index,
          test: compileFilterPattern(detection.pattern),
          names: possibleEventNamesOfFilter(detection.pattern),
          window: (time) => counter.add(time),
        };
      }
      case "contributor-insights": {
        // A rule on sshd lines reads the fields its transformer gives them; without one it has none.
        const transformed = detection.source === "ssh" && detection.transformer !== undefined;
        if (detection.source !== "cloudtrail" && !transformed) return undefined;
        const counter = new ContributorCounter(detection.alarm);
        this.contributorCounters.push({ index, counter });
        const test = transformed ? compileTransformedRule(detection) : compileContributorRule(detection.rule);
        return { kind: "contributor", index, test, counter };
      }
      case "event-rule":
        if (detection.source !== "cloudtrail") return undefined;
        return { kind: "event", index, test: compileEventPattern(detection.eventPattern), names: possibleEventNames(detection.eventPattern) };
      case "stream": {
        const test = compileFilterPattern(detection.pattern);
        const names = possibleEventNamesOfFilter(detection.pattern);
        const detector = detection.detector;
        switch (detector.type) {
          case "distinct-count": {
            const observe = compileDistinctCount(detection.id, detector);
            const window: WindowHook = (time, record) => {
              if (record === undefined) return; // fields of a syslog line are not addressable
              const firing = observe(this.store, record, time);
              if (firing !== undefined) this.distinctFirings.push({ index, threshold: detector.threshold, ...firing });
            };
            return { kind: "filter", index, test, names, window };
          }
          case "off-hours": {
            const window: WindowHook = (time, record) => {
              if (isWorkingTime(time)) return;
              const identity = record?.userIdentity;
              const value = isPlainObject(identity) ? identity.arn : undefined;
              const key: Record<string, string> = typeof value === "string" ? { [OFF_HOURS_KEY]: value } : {};
              this.instantAlarms.push({ detection: index, start: time, end: time + 1000, value: 1, threshold: 1, key });
            };
            return { kind: "filter", index, test, names, window };
          }
          default:
            return assertNever(detector, "detector type");
        }
      }
      default:
        return assertNever(detection, "detection kind");
    }
  }
}

/** Progress of a replay, for a progress line. */
export interface ReplayProgress {
  readonly file: string;
  readonly events: () => number;
}

/**
 * Replays log files in the given order over a profile. Rejects only when a file cannot be
 * opened; everything unreadable inside files is in `skipped`.
 */
export async function replayFiles(
  files: readonly string[],
  profile: ReplayProfile,
  options: ReadOptions & { readonly onFile?: (progress: ReplayProgress) => void } = {},
): Promise<ReplayResult> {
  const evaluator = new ReplayEvaluator(profile);
  for (const file of files) {
    options.onFile?.({ file, events: () => evaluator.events });
    await readLogFile(file, evaluator, options);
  }
  return evaluator.finish();
}
