/**
 * What the stream detector runs, fixed at synth time and shipped in the function's package as
 * `config.json` (an environment variable holds at most 4 KB; two patterns of up to 1,024
 * characters and a schedule may not fit). The detections are the deployed records
 * (modules/deployment/plan.ts): exceptions already compiled in, settings applied.
 */
import type { StreamDetection } from "../../modules/catalog/detection";
import type { WorkSchedule } from "../../modules/deployment/profile";

/** A deployed stream detection, without its examples (they stay in the catalog). */
export type DeployedStreamDetection = Omit<StreamDetection, "examples">;

export interface StreamDetectorConfig {
  /** CloudWatch namespace of the per-detection metrics (manifest `detections.namespace`). */
  readonly namespace: string;
  /** Working hours, for `off-hours` detectors. */
  readonly schedule: WorkSchedule;
  readonly detections: readonly DeployedStreamDetection[];
}

/** The config file's name inside the function package, beside `index.js`. */
export const CONFIG_FILE = "config.json";

/** Reads a config written by the construct; throws on a malformed one (a bug of ours, not the user's). */
export function parseConfig(text: string): StreamDetectorConfig {
  const config = JSON.parse(text) as StreamDetectorConfig;
  if (typeof config?.namespace !== "string" || !Array.isArray(config.detections) || typeof config.schedule?.timeZone !== "string") {
    throw new Error("stream detector config.json lacks namespace, schedule or detections");
  }
  return config;
}
