/**
 * `tripline notify --dry-run [--accounts DIR] [--format text|slack|teams|webhook|json] FILE...`
 * (docs/design.md contract 2): renders, offline, the message each matched record would send, with
 * the notifier's own code (functions/notifier: the same `buildAlert` and formatters the Lambda
 * runs). Which detection a record matches is replay's answer (the same per-record tests as AWS,
 * docs/design.md contract 6); records that no detection matches send nothing in AWS, so they are
 * skipped and counted on stderr. A distinct-count detection (api-enumeration) alerts once per
 * window, not per record: its messages are replay's alarms, rendered from the alert the stream
 * detector would publish (functions/stream-detector/alert.ts), through the same model. A file holding EventBridge events (an alarm state change, a
 * forwarded CloudTrail event: one JSON object, an array, or JSON Lines) renders each event as it
 * arrives on the bus. `-` reads standard input.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCheckedOrganization } from "../deployment/load-organization";
import { defaultNotifierConfig, notifierConfigFor } from "../deployment/notifier-config";
import { replayProfileFor } from "../deployment/organization-profile";
import { defaultReplayProfile, type ReplayProfile } from "../deployment/profile";
import { EXIT, UserInputError } from "../manifest/problem";
import { matchedRecords } from "../replay/matched-records";
import { checkLogFile, UnreadableFileError } from "../replay/readers";
import type { Detection } from "../catalog/detection";
import type { ReplayAlarm } from "../replay/evaluate";
import { buildAlert, type Alert } from "../../functions/notifier/alert";
import { buildAlert as buildStreamAlert } from "../../functions/stream-detector/alert";
import type { NotifierConfig } from "../../functions/notifier/config";
import { FORMATS, renderAlert, type Format } from "../../functions/notifier/format";
import { routeAlert } from "../../functions/notifier/route";
import type { CommandIo } from "./io";
import { ACCOUNTS_OPTION, readCommandLine, type CommandSpec, type FlagOption, type ValueOption } from "./options";

export const NOTIFY_USAGE = `usage: tripline notify --dry-run [--accounts DIR] [--format ${FORMATS.join("|")}] FILE...`;

/** An EventBridge event file is read whole: a state-change event is a few KB, never a trail's day. */
const MAX_EVENT_FILE_BYTES = 16 * 1024 * 1024;

export const NOTIFY_COMMAND: CommandSpec<{ "dry-run": FlagOption; accounts: ValueOption; format: ValueOption }> = {
  name: "notify",
  usage: NOTIFY_USAGE,
  options: {
    "dry-run": { type: "flag" },
    accounts: ACCOUNTS_OPTION,
    format: { type: "value", valueName: "FORMAT", what: `a format (${FORMATS.join(", ")})`, example: "slack" },
  },
  operands: { missing: "no files given" },
};

/** Option problems the shared parser cannot know: printed like its own, with the usage, exit 1. */
function optionProblem(io: CommandIo, message: string): number {
  io.stderr.write(`tripline notify: ${message}\n${NOTIFY_USAGE}\n`);
  return EXIT.invalidInput;
}

const isFormat = (value: string): value is Format => (FORMATS as readonly string[]).includes(value);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isBusEvent = (v: unknown): boolean => isObject(v) && ("detail-type" in v || v.source === "tripline.stream-detector");

/** The events of an EventBridge event file, or undefined when the file is something else (CloudTrail records). */
function readBusEvents(file: string): unknown[] | undefined {
  const text = readFileSync(file, "utf8");
  if (text.length > MAX_EVENT_FILE_BYTES) return undefined;
  try {
    const whole: unknown = JSON.parse(text);
    if (isBusEvent(whole)) return [whole];
    if (Array.isArray(whole) && whole.length > 0 && whole.every(isBusEvent)) return whole;
    return undefined;
  } catch {
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    try {
      const events = lines.map((l) => JSON.parse(l) as unknown);
      return events.length > 0 && events.every(isBusEvent) ? events : undefined;
    } catch {
      return undefined;
    }
  }
}

interface Rendered {
  readonly place: string;
  readonly alert: Alert;
}

export interface NotifyDependencies {
  /** `--accounts DIR` → the organization's replay profile and notifier config; throws UserInputError for invalid manifests. */
  readonly loadOrganization?: (dir: string) => { profile: ReplayProfile; config: NotifierConfig };
  /** Standard input, for `-`. */
  readonly stdin?: () => Buffer;
}

const defaultLoad = (dir: string) => {
  const loaded = loadCheckedOrganization(dir);
  if (!loaded.ok) throw new UserInputError(loaded.problems);
  return { profile: replayProfileFor(loaded.value), config: notifierConfigFor(loaded.value) };
};

/** A distinct-count detection has no per-record alert: the stream detector alerts once per key and window. */
const alertsPerWindow = (d: Detection): boolean => d.kind === "stream" && d.detector.type === "distinct-count";

/** What the stream detector publishes for a replayed window: the key's fields stand in for the record that fired. */
function streamAlertOf(d: Detection, alarm: ReplayAlarm): unknown {
  const record: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(alarm.key)) {
    const steps = path.split(".");
    let node = record;
    for (const step of steps.slice(0, -1)) node = (node[step] ??= {}) as Record<string, unknown>;
    node[steps[steps.length - 1]] = value;
  }
  const detector = d.kind === "stream" && d.detector.type === "distinct-count" ? d.detector : undefined;
  return buildStreamAlert({
    detection: { id: d.id, title: d.title, severity: d.severity, runbook: d.runbook },
    record,
    what: detector ? `${detector.threshold} distinct ${detector.valueFields.join(":")} within ${detector.windowSeconds} s` : d.title,
    start: alarm.start,
    end: alarm.end,
    key: alarm.key,
  });
}

export async function runNotify(argv: readonly string[], io: CommandIo, deps: NotifyDependencies = {}): Promise<number> {
  const line = readCommandLine(NOTIFY_COMMAND, argv, io);
  if (typeof line === "number") return line;
  if (line.options["dry-run"] !== true) return optionProblem(io, "only --dry-run is offered: the notifier itself sends from AWS, this command shows what it would send");
  const format = line.options.format ?? "text";
  if (!isFormat(format)) return optionProblem(io, `--format ${JSON.stringify(format)} is not one of ${FORMATS.join(", ")}`);
  const options = { accounts: line.options.accounts, format, files: line.operands };
  let stdinDir: string | undefined;
  try {
    const files = options.files.map((file) => {
      if (file !== "-") return file;
      stdinDir ??= mkdtempSync(join(tmpdir(), "tripline-notify-"));
      const path = join(stdinDir, "stdin");
      writeFileSync(path, (deps.stdin ?? (() => readFileSync(0)))());
      return path;
    });
    const shownName = (file: string) => (stdinDir !== undefined && file.startsWith(stdinDir) ? "-" : file);
    const unreadable: string[] = [];
    for (const file of files) {
      const reason = await checkLogFile(file);
      if (reason !== undefined) unreadable.push(`${shownName(file)}: ${reason}`);
    }
    if (unreadable.length > 0) {
      io.stderr.write(`${unreadable.join("\n")}\n`);
      return EXIT.invalidInput;
    }
    const { profile, config } = options.accounts !== undefined ? (deps.loadOrganization ?? defaultLoad)(options.accounts) : { profile: defaultReplayProfile(), config: defaultNotifierConfig() };

    const rendered: Rendered[] = [];
    const recordFiles: string[] = [];
    let busEvents = 0;
    for (const file of files) {
      const events = readBusEvents(file);
      if (events === undefined) {
        recordFiles.push(file);
        continue;
      }
      events.forEach((event, index) => rendered.push({ place: `${shownName(file)}:${index + 1}`, alert: buildAlert(event, { config }) }));
      busEvents += events.length;
    }
    let records = 0;
    let skippedLines = 0;
    if (recordFiles.length > 0) {
      const matched = await matchedRecords(recordFiles, profile);
      records = matched.events;
      skippedLines = matched.skipped.length;
      for (const m of matched.records) {
        for (const d of m.detections) {
          if (!alertsPerWindow(d)) rendered.push({ place: `${shownName(m.file)}:${m.line}`, alert: buildAlert(m.record ?? m.text, { config, detectionId: d.id }) });
        }
      }
      for (const alarm of matched.alarms) {
        const d = profile.detections[alarm.detection];
        if (alertsPerWindow(d)) rendered.push({ place: `${d.id} window ${new Date(alarm.start).toISOString()}`, alert: buildAlert(streamAlertOf(d, alarm), { config }) });
      }
    }
    io.stdout.on("error", () => undefined);
    for (const { place, alert } of rendered) {
      if (options.format === "text") {
        const channels = routeAlert(alert, config.channels, config.routing).map((c) => c.name);
        io.stdout.write(`=== ${place} ${alert.detection.id} → ${channels.length > 0 ? channels.join(", ") : "(no channels configured)"}\n`);
      }
      io.stdout.write(renderAlert(alert, options.format));
      if (options.format === "text") io.stdout.write("\n");
    }
    const matchedCount = rendered.length - busEvents;
    io.stderr.write(
      `tripline notify: ${rendered.length} ${rendered.length === 1 ? "message" : "messages"}` +
        (recordFiles.length > 0 ? ` from ${records} records (${matchedCount} detection ${matchedCount === 1 ? "match" : "matches"}; records no detection matches send nothing and are skipped)` : "") +
        (busEvents > 0 ? `${recordFiles.length > 0 ? " and" : " from"} ${busEvents} bus ${busEvents === 1 ? "event" : "events"}` : "") +
        (skippedLines > 0 ? `; ${skippedLines} unreadable ${skippedLines === 1 ? "line" : "lines"} (tripline replay lists them)` : "") +
        "\n",
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UserInputError || error instanceof UnreadableFileError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.invalidInput;
    }
    io.stderr.write(`tripline notify: internal error, a bug in tripline; please report it with this trace:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.internal;
  } finally {
    if (stdinDir !== undefined) rmSync(stdinDir, { recursive: true, force: true });
  }
}
