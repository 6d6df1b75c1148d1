/**
 * What `tripline summary` reports, as one zod schema: the TypeScript types, the `--format json`
 * output and its JSON Schema (`schema/summary.schema.json`, written by `npm run docs`) are this.
 */
import { z } from "zod";
import { CostLine } from "./cost";
import { DetectionView, ExceptionView } from "./detections";
import { Price, Volumes } from "./prices";

export const SUMMARY_FORMAT = "tripline-summary/1";

export const StackSummary = z.object({
  name: z.string(),
  file: z.string(),
  accounts: z.array(z.string()),
  regions: z.array(z.string()),
  resources: z.number().int().nonnegative(),
  resourcesByType: z.record(z.string(), z.number().int().nonnegative()),
  detections: z.array(DetectionView),
  cost: z.array(CostLine),
  monthlyUsd: z.number(),
});
export type StackSummary = z.infer<typeof StackSummary>;

export const AttributeChange = z.object({
  path: z.string().describe("The argument, e.g. `threshold` or `metric_transformation.name`"),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  diff: z.array(z.string()).optional().describe("A changed pattern, line by line, each line starting with ' ', '-' or '+'"),
});

export const ResourceChange = z.object({
  address: z.string(),
  type: z.string(),
  name: z.string().optional(),
  region: z.string().optional(),
  change: z.enum(["added", "removed", "changed"]),
  attributes: z.array(AttributeChange).describe("For a changed resource: each argument that changed"),
});
export type ResourceChange = z.infer<typeof ResourceChange>;

export const DetectionRef = z.object({ id: z.string(), account: z.string().optional(), region: z.string().optional() });

export const StackChange = z.object({
  stack: z.string(),
  status: z.enum(["added", "removed", "changed"]),
  regions: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }),
  resources: z.array(ResourceChange),
  detections: z.object({
    on: z.array(DetectionRef),
    off: z.array(DetectionRef),
    changed: z.array(DetectionRef.extend({ fields: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })) })),
  }),
  exceptions: z.object({
    added: z.array(DetectionRef.extend({ exception: ExceptionView })),
    removed: z.array(DetectionRef.extend({ exception: ExceptionView })),
  }),
  monthlyUsdBefore: z.number(),
  monthlyUsdAfter: z.number(),
});
export type StackChange = z.infer<typeof StackChange>;

export const Changes = z.object({
  base: z.string().describe("The base synth output"),
  stacks: z.array(StackChange).describe("Only the stacks that changed"),
  changedStacks: z.array(z.string()),
  deployWaves: z.array(z.array(z.string())).describe("Changed stacks (not removed ones) in deploy order: the trail's archive first, then the rest"),
  monthlyUsdBefore: z.number(),
  monthlyUsdAfter: z.number(),
});
export type Changes = z.infer<typeof Changes>;

export const Summary = z.object({
  format: z.literal(SUMMARY_FORMAT),
  out: z.string().describe("The synth output summarized"),
  organization: z.object({
    stacks: z.number().int().nonnegative(),
    accounts: z.number().int().nonnegative(),
    regions: z.array(z.string()),
    resources: z.number().int().nonnegative(),
    resourcesByType: z.record(z.string(), z.number().int().nonnegative()),
    detections: z.number().int().nonnegative(),
    monthlyUsd: z.number(),
  }),
  stacks: z.array(StackSummary),
  assumptions: z.object({
    prices: z.record(z.string(), Price),
    volumes: Volumes,
    notes: z.array(z.string()),
  }),
  changes: Changes.optional().describe("With --base: what changed against the base synth output"),
});
export type Summary = z.infer<typeof Summary>;

/** The JSON Schema of `tripline summary --format json`. */
export function summaryJsonSchema(): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(Summary, { io: "output", unrepresentable: "any" });
  return { $schema, $id: "https://github.com/tripline/tripline/schema/summary.schema.json", title: "tripline summary --format json", ...schema };
}
