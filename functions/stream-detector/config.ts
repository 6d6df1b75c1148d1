/**
 * What the stream detector runs, fixed at synth time and shipped in the function's package as
 * `config.json` (an environment variable holds at most 4 KB; two patterns of up to 1,024
 * characters and a schedule may not fit). The detections are the deployed records
 * (modules/deployment/plan.ts): exceptions already compiled in, settings applied. Parsed with
 * zod at start-up: a malformed file is a bug of ours, and fails the container before any event.
 */
import { z } from "zod";
import { DETECTION_TEXT_FIELDS } from "../detection-text";
import { LOG_SOURCES, type StreamDetection } from "../../modules/catalog/detection";
import type { WorkSchedule } from "../../modules/engines/windows/types";
import { Schedule } from "../../modules/manifest/schema";

/** A deployed stream detection, without what only people read (examples, references, false positives). */
export type DeployedStreamDetection = Omit<StreamDetection, "examples" | "references" | "falsePositives">;

export interface StreamDetectorConfig {
  /** CloudWatch namespace of the per-detection metrics (manifest `detections.namespace`). */
  readonly namespace: string;
  /** Working hours, for `off-hours` detectors. */
  readonly schedule: WorkSchedule;
  readonly detections: readonly DeployedStreamDetection[];
}

/** The config file's name inside the function package, beside `index.js`. */
export const CONFIG_FILE = "config.json";

const Detector = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("distinct-count"),
    keyFields: z.array(z.string()).min(1),
    valueFields: z.array(z.string()).min(1),
    windowSeconds: z.number().int().positive(),
    threshold: z.number().int().positive(),
  }),
  z.object({ type: z.literal("off-hours") }),
]);

const ConfigFile = z.object({
  namespace: z.string().min(1),
  schedule: Schedule,
  detections: z.array(
    z.object({
      ...DETECTION_TEXT_FIELDS,
      controls: z.array(z.string()),
      mitre: z.string(),
      source: z.enum(LOG_SOURCES),
      kind: z.literal("stream"),
      pattern: z.string().min(1),
      detector: Detector,
    }),
  ),
});

/** Reads a config written by the construct; throws on a malformed one (a bug of ours, not the user's). */
export function parseConfig(text: string): StreamDetectorConfig {
  const parsed = ConfigFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`stream detector config.json is malformed: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
