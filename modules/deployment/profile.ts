import type { Detection } from "../catalog/detection";
import { catalog } from "../catalog";
import { DEFAULT_SCHEDULE, type Schedule } from "../manifest/schema";

/**
 * Working hours: off-hours detections fire on matches outside them. The manifest's `Schedule`
 * (one definition, STYLE §4): `end` earlier than `start` means the shift runs past midnight.
 */
export type WorkSchedule = Schedule;

/**
 * What one replay evaluates: the detections exactly as an organization deploys them (thresholds,
 * exceptions compiled into the patterns, detections turned off left out) and its working hours.
 * docs/design.md contract 6.
 */
export interface ReplayProfile {
  readonly detections: readonly Detection[];
  readonly schedule: WorkSchedule;
}

/** Office hours Monday–Friday 08:00–18:00 UTC (docs/design.md contract 6), from the manifest schema. */
export { DEFAULT_SCHEDULE };

/** Replay without `--accounts`: the whole catalog with its defaults, no exceptions. */
export const defaultReplayProfile = (): ReplayProfile => ({ detections: catalog, schedule: DEFAULT_SCHEDULE });
