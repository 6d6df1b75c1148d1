/**
 * The words of a detection every Lambda's config.json carries (who reads an alert reads these), as
 * zod fields: each function's config schema spreads them, so the two cannot drift.
 */
import { z } from "zod";
import { SEVERITIES } from "../modules/catalog/detection";

export const DETECTION_TEXT_FIELDS = {
  id: z.string().min(1),
  title: z.string(),
  why: z.string(),
  runbook: z.string(),
  severity: z.enum(SEVERITIES),
};
