/** A synth output → the summary: per stack, then the organization; with a base, what changed. */
import { countByType, stackResources, type StackResources } from "./resources";
import { stackDetections } from "./detections";
import { stackCost, totalUsd } from "./cost";
import { diffOutputs } from "./diff";
import type { Assumptions } from "./prices";
import { SUMMARY_FORMAT, type StackSummary, type Summary } from "./report";
import type { SynthOutput } from "./synth-output";

/** What the estimate leaves out, said in every summary. */
export const COST_NOTES = [
  "Estimated before free tiers, at the prices and volumes below; your bill depends on your traffic.",
  "Not estimated: the organization trail itself (its first copy of management events is free), S3 storage and requests of the trail archive, SNS deliveries, KMS requests, data transfer.",
];

export interface SummaryInput {
  readonly resources: readonly StackResources[];
  readonly stacks: readonly StackSummary[];
}

/** Every stack of a synth output, summarized. */
export function summarizeOutput(output: SynthOutput, assumptions: Assumptions): SummaryInput {
  const resources = output.stacks.map(stackResources);
  const organizationAccounts = new Set(resources.flatMap((r) => r.accounts)).size;
  const stacks = resources.map((r): StackSummary => {
    const cost = stackCost(r, { assumptions, organizationAccounts });
    return {
      name: r.stack,
      file: r.file,
      accounts: [...r.accounts],
      regions: [...r.regions],
      resources: r.resources.length,
      resourcesByType: countByType(r.resources),
      detections: stackDetections(r),
      cost,
      monthlyUsd: totalUsd(cost),
    };
  });
  return { resources, stacks };
}

export function summarize(head: SynthOutput, assumptions: Assumptions, base?: SynthOutput): Summary {
  const summary = summarizeOutput(head, assumptions);
  const { stacks, resources } = summary;
  return {
    format: SUMMARY_FORMAT,
    out: head.dir,
    organization: {
      stacks: stacks.length,
      accounts: new Set(stacks.flatMap((s) => s.accounts)).size,
      regions: [...new Set(stacks.flatMap((s) => s.regions))].sort(),
      resources: stacks.reduce((n, s) => n + s.resources, 0),
      resourcesByType: countByType(resources.flatMap((r) => r.resources)),
      detections: stacks.reduce((n, s) => n + s.detections.length, 0),
      monthlyUsd: stacks.reduce((n, s) => n + s.monthlyUsd, 0),
    },
    stacks: [...stacks],
    assumptions: { prices: { ...assumptions.prices }, volumes: assumptions.volumes, notes: COST_NOTES },
    changes: base ? diffOutputs(summarizeOutput(base, assumptions), summary, base.dir) : undefined,
  };
}
