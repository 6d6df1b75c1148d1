/**
 * Which deployed detection an input is. A forwarded CloudTrail event is tried against the event
 * rules' own patterns (the forwarding rules run exactly those, docs/design.md contract 8), then
 * against the filter patterns of the trail detections, with the engines replay and the stream
 * detector run; an alarm is named `tripline-<id>` with an optional suffix (contract 8).
 */
import { compileEventPattern } from "../../modules/engines/event-pattern";
import { compileFilterPattern } from "../../modules/engines/filter-pattern";
import type { NotifierDetection } from "./config";

type Test = { readonly detection: NotifierDetection; readonly test: (event: unknown, text: string) => boolean };

const compiledLists = new WeakMap<readonly NotifierDetection[], readonly Test[]>();

/** Compiles each detection's pattern once per list (the Lambda's config, the dry-run's profile). */
function compiled(detections: readonly NotifierDetection[]): readonly Test[] {
  const cached = compiledLists.get(detections);
  if (cached) return cached;
  const tests: Test[] = [];
  for (const detection of detections) {
    try {
      if (detection.eventPattern) {
        const matches = compileEventPattern(detection.eventPattern);
        tests.push({ detection, test: (envelope) => matches(envelope) });
      } else if (detection.pattern) {
        const matches = compileFilterPattern(detection.pattern);
        tests.push({ detection, test: (envelope, text) => matches({ message: text, json: (envelope as { detail?: unknown }).detail }) });
      }
    } catch {
      // A pattern the engines cannot compile matches nothing here; validate reports it at synth.
    }
  }
  compiledLists.set(detections, tests);
  return tests;
}

const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * The detections whose pattern matches a CloudTrail record (in its EventBridge envelope when it
 * came in one), best first: event rules (what forwards an event to the bus) before filter
 * patterns, then the most severe.
 */
export function detectionsForEvent(detections: readonly NotifierDetection[], record: unknown, envelope: object | undefined): NotifierDetection[] {
  if (record === null || typeof record !== "object") return [];
  const source = (record as { eventSource?: unknown }).eventSource;
  const event = envelope ?? { source: typeof source === "string" ? `aws.${source.split(".")[0]}` : undefined, detail: record };
  let text: string;
  try {
    text = JSON.stringify(record);
  } catch {
    return [];
  }
  const eventWithDetail = { ...event, detail: record };
  return compiled(detections)
    .filter((t) => {
      try {
        return t.test(eventWithDetail, text);
      } catch {
        return false;
      }
    })
    .map((t) => t.detection)
    .sort((a, b) => Number(!a.eventPattern) - Number(!b.eventPattern) || (SEVERITY_RANK[a.severity] ?? 4) - (SEVERITY_RANK[b.severity] ?? 4));
}

/** The detection an alarm serves: the longest detection id that `tripline-<id>[-suffix]` starts with. */
export function detectionForAlarm(detections: readonly NotifierDetection[], alarmName: string | undefined): NotifierDetection | undefined {
  if (alarmName === undefined || !alarmName.startsWith("tripline-")) return undefined;
  const rest = alarmName.slice("tripline-".length);
  let best: NotifierDetection | undefined;
  for (const d of detections) {
    if ((rest === d.id || rest.startsWith(`${d.id}-`)) && (best === undefined || d.id.length > best.id.length)) best = d;
  }
  return best;
}
