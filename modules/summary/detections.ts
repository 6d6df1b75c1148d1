/**
 * Detections as deployed, found in a stack's resources by the naming contract (docs/design.md
 * contract 8): a metric filter, alarm, Contributor Insights rule or EventBridge rule named
 * `tripline-<id>` (a suffix may follow, and the Region where names must differ). The Terraform
 * JSON is the only source: what the summary shows is what `terraform apply` would create.
 */
import { z } from "zod";
import { catalog } from "../catalog/index";
import { RESOURCE_PREFIX } from "../deployment/names";
import { referencedResource, type StackResource, type StackResources } from "./resources";

/** Resource types that carry one detection each, and the argument holding what it matches. */
export const DETECTION_TYPES: Readonly<Record<string, string | undefined>> = {
  aws_cloudwatch_log_metric_filter: "pattern",
  aws_cloudwatch_contributor_insight_rule: "rule_definition",
  aws_cloudwatch_event_rule: "event_pattern",
  aws_cloudwatch_metric_alarm: undefined,
};

export const ExceptionView = z.object({
  reason: z.string(),
  principals: z.array(z.string()).optional(),
  sourceIps: z.array(z.string()).optional(),
  userAgents: z.array(z.string()).optional(),
});
export type ExceptionView = z.infer<typeof ExceptionView>;

export const DetectionView = z.object({
  id: z.string().describe("The detection id from the resource names (`tripline-<id>`)"),
  account: z.string().optional().describe("Account id the stack's providers are pinned to"),
  region: z.string().optional(),
  resources: z.array(z.string()).describe("Terraform addresses of the resources that make it"),
  threshold: z.number().optional(),
  comparison: z.string().optional(),
  periodSeconds: z.number().optional(),
  evaluationPeriods: z.number().optional(),
  notifies: z.array(z.string()).describe("Where its alarm or rule sends: topic, bus or function names"),
  patterns: z.record(z.string(), z.string()).describe("What it matches, by resource type"),
  exceptions: z.array(ExceptionView).describe("Exceptions compiled into its pattern, with their reasons"),
});
export type DetectionView = z.infer<typeof DetectionView>;

const CATALOG_IDS = catalog.map((d) => d.id).sort((a, b) => b.length - a.length);

/** The detection id a resource name carries, or undefined for a resource named for its role. */
export function detectionIdOf(resource: StackResource): string | undefined {
  if (!(resource.type in DETECTION_TYPES) || !resource.name?.startsWith(RESOURCE_PREFIX)) return undefined;
  let id = resource.name.slice(RESOURCE_PREFIX.length);
  if (resource.region && id.endsWith(`-${resource.region}`)) id = id.slice(0, -resource.region.length - 1);
  if (CATALOG_IDS.some((known) => id === known || id.startsWith(`${known}-`))) return id;
  // A detection the catalog does not know (a newer or older tripline): its metric is ours.
  const namespace = resource.type === "aws_cloudwatch_metric_alarm" ? resource.attributes.namespace : metricNamespace(resource);
  return typeof namespace === "string" && !namespace.startsWith("AWS/") ? id : undefined;
}

const metricNamespace = (r: StackResource): unknown => (r.attributes.metric_transformation as { namespace?: unknown } | undefined)?.namespace;

const ExceptionRecord = z.object({ tripline: z.object({ exceptions: z.array(ExceptionView) }) });

export function stackDetections(stack: StackResources): DetectionView[] {
  const account = stack.accounts.length === 1 ? stack.accounts[0] : undefined;
  const byKey = new Map<string, { id: string; region?: string; resources: StackResource[] }>();
  for (const resource of stack.resources) {
    const id = detectionIdOf(resource);
    if (id === undefined) continue;
    const key = `${resource.region ?? ""}\u0000${id}`;
    const entry = byKey.get(key) ?? { id, region: resource.region, resources: [] };
    entry.resources.push(resource);
    byKey.set(key, entry);
  }
  const targets = eventTargetsByRule(stack);
  return [...byKey.values()]
    .map(({ id, region, resources }) => {
      const alarm = resources.find((r) => r.type === "aws_cloudwatch_metric_alarm");
      const a = alarm?.attributes ?? {};
      const query = Array.isArray(a.metric_query) ? (a.metric_query as { period?: unknown }[]).find((q) => typeof q.period === "number") : undefined;
      const notifies = [
        ...(Array.isArray(a.alarm_actions) ? a.alarm_actions : []).map((action) => destinationName(stack, action)),
        ...resources.flatMap((r) => (r.type === "aws_cloudwatch_event_rule" ? (targets.get(r.address) ?? []) : [])),
      ];
      const patterns: Record<string, string> = {};
      for (const r of resources) {
        const argument = DETECTION_TYPES[r.type];
        if (argument && typeof r.attributes[argument] === "string") patterns[r.type] = r.attributes[argument];
      }
      const records = resources.flatMap((r) => {
        if (r.comment?.tripline === undefined) return [];
        const parsed = ExceptionRecord.safeParse(r.comment);
        return parsed.success ? parsed.data.tripline.exceptions : [];
      });
      return {
        id,
        account,
        region,
        resources: resources.map((r) => r.address),
        threshold: numberOrUndefined(a.threshold),
        comparison: typeof a.comparison_operator === "string" ? a.comparison_operator : undefined,
        periodSeconds: numberOrUndefined(a.period) ?? numberOrUndefined(query?.period),
        evaluationPeriods: numberOrUndefined(a.evaluation_periods),
        notifies: [...new Set(notifies)].sort(),
        patterns,
        exceptions: records,
      } satisfies DetectionView;
    })
    .sort((x, y) => (x.region ?? "").localeCompare(y.region ?? "") || x.id.localeCompare(y.id));
}

const numberOrUndefined = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

/** Rule address → where its targets deliver. */
function eventTargetsByRule(stack: StackResources): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const target of stack.resources) {
    if (target.type !== "aws_cloudwatch_event_target") continue;
    const rule = referencedResource(stack, target.attributes.rule);
    const key = rule?.address ?? String(target.attributes.rule);
    out.set(key, [...(out.get(key) ?? []), destinationName(stack, target.attributes.arn)]);
  }
  return out;
}

/**
 * A destination as a reviewer reads it: a resource of the stack by its name (`tripline-alerts`),
 * an ARN by its resource part and, when it is another account's, that account.
 */
export function destinationName(stack: StackResources, value: unknown): string {
  const resource = referencedResource(stack, value);
  if (resource) return resource.name ?? resource.address;
  if (typeof value !== "string") return JSON.stringify(value);
  const arn = /^arn:[^:]+:([^:]+):([^:]*):(\d*):(.+)$/.exec(value);
  if (!arn) return value;
  const [, service, , accountId, rest] = arn;
  const name = rest.replace(/^(event-bus|function|topic|role)[/:]/, "");
  const mine = stack.accounts.includes(accountId);
  return `${service} ${name}${accountId && !mine ? ` (account ${accountId})` : ""}`;
}
