import type { Detection } from "../catalog/detection";
import { compileContributorRule } from "../engines/contributor-rule";
import { compileEventPattern } from "../engines/event-pattern";
import { compileFilterPattern, toLogEvent, type LogEvent } from "../engines/filter-pattern";
import { periodStart } from "../engines/windows/alarm-window";
import { compileDistinctWindow } from "../engines/windows/distinct-count";
import type { DistinctCountDetector } from "../engines/windows/types";
import { toEventBridgeEvent } from "./eventbridge-envelope";
import { mayMatchEventName, possibleEventNames, possibleEventNamesOfFilter } from "./event-name-prefilter";
import { missingCloudTrailTime } from "../engines/windows/event-time";
import { MatchLog } from "./match-log";
import type { ProgressSource } from "./progress";
import { distinctFiles } from "./distinct-files";
import { compileWorkSchedule } from "../engines/windows/off-hours";
import type { ReplayProfile } from "../deployment/profile";
import { compileTransformedRule } from "./transformed-rule";
import { assertNever } from "../assert-never";
import { isPlainObject } from "../engines/plain-object";
import { MIN_SPLIT_BYTES, planSplit, replayRangeInWorker } from "./workers";
import { readLogFile, readLogRange, splittableFile, type CloudTrailRecord, type LogEntry, type LogSink, type ReadOptions, type SkippedLine } from "./readers";
import { EVIDENCE_LIMIT, newBucket } from "./evidence";
import {
  addContribution,
  addMetricMatch,
  distinctWindow,
  mergeWindowState,
  newWindowState,
  relocateWindowState,
  windowAlarms,
  type DistinctWindowState,
  type WindowAlarm,
  type WindowState,
} from "./window-state";

/**
 * An alarm replay raised (docs/design.md contract 5, `alarms`), times in ms: `detection` is the
 * index in the profile, `key` the contributor's values under their CloudTrail field names (empty
 * for a metric filter's alarm), `evidence` the events that fed it (capped, with their count).
 */
export type ReplayAlarm = WindowAlarm;

/** A matched record that could not be placed in alarm windows: it has no time we can read exactly. */
export interface UnwindowedEvent {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  /** Ids of the windowed detections it matched. */
  readonly detections: string[];
}

/** What a worker thread found in one byte range of a file (`ReplayEvaluator.rangeResult`). */
export interface RangeResult {
  readonly lines: number;
  readonly events: number;
  readonly skipped: readonly SkippedLine[];
  readonly matches: { readonly detections: number[]; readonly lines: number[]; readonly eventIDs: (string | undefined)[] };
  readonly windows: WindowState;
  readonly unwindowed: readonly UnwindowedEvent[];
}

/** Everything a replay found. */
export interface ReplayResult {
  readonly detections: readonly Detection[];
  /** Events evaluated: CloudTrail records and log lines, skipped ones not counted. */
  readonly events: number;
  readonly skipped: readonly SkippedLine[];
  /** Records on which a detection's whole per-record test is true (docs/design.md contract 6). */
  readonly matches: MatchLog;
  /** Sorted by start, then detection order, end and key. */
  readonly alarms: readonly ReplayAlarm[];
  readonly unwindowed: readonly UnwindowedEvent[];
  /** Files by the index evidence references carry. */
  readonly files: readonly string[];
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
  | { readonly kind: "contributor"; readonly index: number; readonly test: (record: unknown) => readonly string[] | undefined; readonly periodSeconds: number }
  | {
      readonly kind: "event";
      readonly index: number;
      readonly test: (event: unknown) => boolean;
      /** The event names the pattern can match, when that is certain: records with others are not wrapped and tested. */
      readonly names: ReadonlySet<string> | undefined;
    };

/**
 * What a detection does once its pattern matched: for a metric filter, count the match in its
 * period; for a stream detection, run the detector. Returns whether the record is a match
 * (docs/design.md contract 6): always for a metric filter, when out of hours for off-hours, never
 * for a distinct count (which has no per-record test, only alarms).
 */
type WindowHook = (record: CloudTrailRecord | undefined, eventID: string | undefined) => boolean;

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
 * - A record is listed as a match when the detection's whole per-record test is true
 *   (docs/design.md contract 6): the pattern, and for off-hours the time of day; a distinct count
 *   has no per-record test and lists none. Windowed detections place the record in alarm windows
 *   (with evidence, `window-state.ts`) when it has a time, and list it in `unwindowed` when not.
 */
export class ReplayEvaluator implements LogSink {
  private readonly cloudTrail: Compiled[] = [];
  /** `cloudTrail` narrowed to the detections that may match an event name, built on first sight of the name. */
  private readonly cloudTrailByName = new Map<string, Compiled[]>();
  /** `cloudTrail` for records without `eventName`. */
  private cloudTrailUnnamed: Compiled[] = [];
  private readonly ssh: Compiled[] = [];
  /** Alarm windows and their evidence, as plain data (a worker's is merged into the main thread's). */
  readonly windows: WindowState = newWindowState();
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
    const eventID = this.matched(c.index, record, undefined);
    const entry = this.current as LogEntry;
    if (entry.time !== undefined) addContribution(this.windows, c.index, periodStart(entry.time, c.periodSeconds), values, this.currentFileIndex, entry.line, eventID);
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

  /**
   * What this evaluator found in one byte range of one file, as plain data for the thread that
   * merges it (`mergeRange`); `lines` is how many lines the range holds.
   */
  rangeResult(lines: number): RangeResult {
    const matches: RangeResult["matches"] = { detections: [], lines: [], eventIDs: [] };
    for (const m of this.matchLog) {
      matches.detections.push(m.detection);
      matches.lines.push(m.line);
      matches.eventIDs.push(m.eventID);
    }
    this.matchLog.dispose();
    return { lines, events: this.eventCount, skipped: this.skippedLines, matches, windows: this.windows, unwindowed: this.unwindowedEvents };
  }

  /**
   * Adds what another evaluator found in the next byte range of `file` (its lines numbered from 1),
   * whose first line is line `lineOffset + 1` of the file: the result is exactly what reading the
   * range here would have given (`window-state.ts` merges the windows in reading order).
   */
  mergeRange(file: string, range: RangeResult, lineOffset: number): void {
    if (file !== this.currentFile) {
      this.currentFile = file;
      this.currentFileIndex = this.matchLog.addFile(file);
    }
    const fileIndex = this.currentFileIndex;
    this.eventCount += range.events;
    for (const s of range.skipped) this.skippedLines.push({ file, line: s.line + lineOffset, reason: s.reason });
    const { detections, lines, eventIDs } = range.matches;
    for (let i = 0; i < lines.length; i++) this.matchLog.add(detections[i], fileIndex, lines[i] + lineOffset, eventIDs[i]);
    for (const u of range.unwindowed) this.unwindowedEvents.push({ ...u, file, line: u.line + lineOffset });
    relocateWindowState(range.windows, () => fileIndex, lineOffset);
    mergeWindowState(this.windows, range.windows);
  }

  /** Closes the windows and returns what the replay found. */
  finish(): ReplayResult {
    return {
      detections: this.profile.detections,
      events: this.eventCount,
      skipped: this.skippedLines,
      matches: this.matchLog,
      alarms: windowAlarms(this.windows, this.profile.detections),
      unwindowed: this.unwindowedEvents,
      files: this.matchLog.fileList,
    };
  }

  /**
   * A detection's pattern matched the current entry: the window hook (if any) decides whether the
   * record is a match, and matches are listed. Returns the record's eventID.
   */
  private matched(index: number, record: CloudTrailRecord | undefined, window: WindowHook | undefined): string | undefined {
    const entry = this.current as LogEntry;
    const eventID = record !== undefined && typeof record.eventID === "string" ? record.eventID : undefined;
    if (window === undefined || window(record, eventID)) this.matchLog.add(index, this.currentFileIndex, entry.line, eventID);
    return eventID;
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

  /** Distinct calls per identity: no per-record test, the record only feeds its identity's window (docs/design.md contract 6). */
  private distinctCountWindow(index: number, detectionId: string, detector: DistinctCountDetector): WindowHook {
    const { locate, keyOf } = compileDistinctWindow(detectionId, detector);
    // Consecutive calls mostly come from one identity in one window: `locate` then returns the
    // same key string, and the window is not looked up again.
    let lastKey = "";
    let last: DistinctWindowState | undefined;
    return (record, eventID) => {
      if (record === undefined) return false; // fields of a syslog line are not addressable
      const entry = this.current as LogEntry;
      if (entry.time === undefined) {
        this.unwindowed(index);
        return false;
      }
      const observed = locate(record, entry.time);
      if (observed === undefined) return false;
      let w = last;
      if (w === undefined || observed.windowKey !== lastKey) {
        const { start, end } = observed;
        w = distinctWindow(this.windows, index, observed.windowKey, () => ({ start, end, key: keyOf(record), values: new Set(), bucket: newBucket() }));
        lastKey = observed.windowKey;
        last = w;
      }
      w.values.add(observed.value);
      w.bucket.count++;
      if (w.bucket.refs.length < EVIDENCE_LIMIT) w.bucket.refs.push({ fileIndex: this.currentFileIndex, line: entry.line, eventID });
      return false;
    };
  }

  /** Off-hours: the record is a match when it happened outside working hours; each is an alarm. */
  private offHoursWindow(index: number, isWorkingTime: (timeMs: number) => boolean): WindowHook {
    return (record, eventID) => {
      const entry = this.current as LogEntry;
      if (entry.time === undefined) {
        this.unwindowed(index);
        return false;
      }
      if (isWorkingTime(entry.time)) return false;
      const identity = record?.userIdentity;
      const value = isPlainObject(identity) ? identity.arn : undefined;
      const key: Record<string, string> = typeof value === "string" ? { [OFF_HOURS_KEY]: value } : {};
      this.windows.instant.push({ detection: index, time: entry.time, key, ref: { fileIndex: this.currentFileIndex, line: entry.line, eventID } });
      return true;
    };
  }

  private compile(detection: Detection, index: number, isWorkingTime: (timeMs: number) => boolean): Compiled | undefined {
    switch (detection.kind) {
      case "metric-filter": {
        const periodSeconds = detection.alarm.periodSeconds;
        const window: WindowHook = (_record, eventID) => {
          const entry = this.current as LogEntry;
          if (entry.time !== undefined) addMetricMatch(this.windows, index, periodStart(entry.time, periodSeconds), this.currentFileIndex, entry.line, eventID);
          else this.unwindowed(index);
          return true;
        };
        return { kind: "filter", index, test: compileFilterPattern(detection.pattern), names: possibleEventNamesOfFilter(detection.pattern), window };
      }
      case "contributor-insights": {
        // A rule on sshd lines reads the fields its transformer gives them; without one it has none.
        const transformed = detection.source === "ssh" && detection.transformer !== undefined;
        if (detection.source !== "cloudtrail" && !transformed) return undefined;
        const test = transformed ? compileTransformedRule(detection) : compileContributorRule(detection.rule);
        return { kind: "contributor", index, test, periodSeconds: detection.alarm.periodSeconds };
      }
      case "event-rule":
        if (detection.source !== "cloudtrail") return undefined;
        return { kind: "event", index, test: compileEventPattern(detection.eventPattern), names: possibleEventNames(detection.eventPattern) };
      case "stream": {
        const test = compileFilterPattern(detection.pattern);
        const names = possibleEventNamesOfFilter(detection.pattern);
        const detector = detection.detector;
        switch (detector.type) {
          case "distinct-count":
            return { kind: "filter", index, test, names, window: this.distinctCountWindow(index, detection.id, detector) };
          case "off-hours":
            return { kind: "filter", index, test, names, window: this.offHoursWindow(index, isWorkingTime) };
          default:
            return assertNever(detector, "detector type");
        }
      }
      default:
        return assertNever(detection, "detection kind");
    }
  }
}


/**
 * Replays log files in the given order over a profile. Rejects only when a file cannot be
 * opened; everything unreadable inside files is in `skipped`.
 */
export async function replayFiles(
  files: readonly string[],
  profile: ReplayProfile,
  options: ReadOptions & {
    readonly onFile?: (progress: ProgressSource) => void;
    /** A file given again under another (or the same) name: it is read once. */
    readonly onRepeatedFile?: (file: string, first: string) => void;
    /**
     * Threads for large files of lines (`workers.ts`): each reads a byte range and the ranges'
     * findings are merged into exactly what one thread finds. Default 1.
     */
    readonly workers?: number;
    /** Files smaller than this are read by one thread (default `MIN_SPLIT_BYTES`). */
    readonly minSplitBytes?: number;
  } = {},
): Promise<ReplayResult> {
  const evaluator = new ReplayEvaluator(profile);
  const workers = options.workers ?? 1;
  const distinct = await distinctFiles(files, options.onRepeatedFile);
  for (const [i, file] of distinct.entries()) {
    options.onFile?.({ file, fileNumber: i + 1, fileCount: distinct.length, events: () => evaluator.events });
    const splittable = workers > 1 ? await splittableFile(file) : undefined;
    if (splittable === undefined || splittable.size < (options.minSplitBytes ?? MIN_SPLIT_BYTES)) {
      await readLogFile(file, evaluator, options);
      continue;
    }
    // This thread reads the first range into its own windows while workers read the others;
    // their findings are then merged in file order.
    const [first, ...rest] = await planSplit(file, splittable.size, workers);
    const referenceTime = options.referenceTime ?? splittable.mtimeMs;
    const others = rest.map(({ start, end }) =>
      replayRangeInWorker({ file, format: splittable.format, start, end, profile, referenceTime, maxLineBytes: options.maxLineBytes }),
    );
    others.forEach((p) => p.catch(() => undefined)); // awaited below; a rejection must not go unhandled meanwhile
    let lineOffset = await readLogRange(file, splittable.format, first.start, first.end, evaluator, { ...options, referenceTime });
    for (const [k, pending] of others.entries()) {
      const range = await pending;
      options.onBytes?.(rest[k].end - rest[k].start);
      evaluator.mergeRange(file, range, lineOffset);
      lineOffset += range.lines;
    }
  }
  return evaluator.finish();
}
