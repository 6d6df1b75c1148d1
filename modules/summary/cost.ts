/**
 * The estimated monthly cost of one stack, line by line, from its resources and the stated
 * assumptions (modules/summary/prices.ts). Resources without a running cost of their own (roles,
 * policies, topics, aliases, buckets' settings) have no line; what is left out is said in the
 * summary's notes.
 */
import { z } from "zod";
import { TRAIL_LOG_GROUP_NAME } from "../deployment/names";
import { referencedResource, type StackResource, type StackResources } from "./resources";
import type { Assumptions, PriceName } from "./prices";

export const CostLine = z.object({
  item: z.string().describe("What is charged"),
  quantity: z.number().describe("How many units per month"),
  price: z.string().describe("The price it is charged at (a key of assumptions.prices)"),
  monthlyUsd: z.number(),
  basis: z.string().describe("How the quantity was found"),
});
export type CostLine = z.infer<typeof CostLine>;

export interface CostContext {
  readonly assumptions: Assumptions;
  /** Accounts whose events the organization trail delivers (every account of the synth output). */
  readonly organizationAccounts: number;
}

const byType = (stack: StackResources, type: string): StackResource[] => stack.resources.filter((r) => r.type === type);

export function stackCost(stack: StackResources, context: CostContext): CostLine[] {
  const { prices, volumes } = context.assumptions;
  const lines: CostLine[] = [];
  const add = (item: string, quantity: number, price: PriceName, basis: string) => {
    if (quantity > 0) lines.push({ item, quantity, price, monthlyUsd: quantity * prices[price].usd, basis });
  };

  const alarms = byType(stack, "aws_cloudwatch_metric_alarm");
  add("CloudWatch alarms", alarms.length, "alarm", `${alarms.length} alarm${alarms.length === 1 ? "" : "s"}`);

  const metrics = new Set<string>();
  for (const f of byType(stack, "aws_cloudwatch_log_metric_filter")) {
    const t = f.attributes.metric_transformation as { name?: unknown; namespace?: unknown } | undefined;
    if (typeof t?.namespace === "string" && !t.namespace.startsWith("AWS/")) metrics.add(`${f.region}\u0000${t.namespace}\u0000${String(t.name)}`);
  }
  for (const a of alarms) {
    const { namespace, metric_name: metric } = a.attributes;
    if (typeof namespace === "string" && !namespace.startsWith("AWS/")) metrics.add(`${a.region}\u0000${namespace}\u0000${String(metric)}`);
  }
  add("Custom metrics", metrics.size, "customMetric", "distinct metrics published by metric filters or functions, per Region");

  const rules = byType(stack, "aws_cloudwatch_contributor_insight_rule");
  add("Contributor Insights rules", rules.length, "contributorInsightsRule", `${rules.length} rule${rules.length === 1 ? "" : "s"}`);
  add("Contributor Insights matched events", rules.length * volumes.contributorInsightsMatchedMillions, "contributorInsightsEvents", `${volumes.contributorInsightsMatchedMillions} M events per rule`);

  const keys = byType(stack, "aws_kms_key");
  add("KMS keys", keys.length, "kmsKey", `${keys.length} key${keys.length === 1 ? "" : "s"}`);

  let ingestedGb = 0;
  let storedGb = 0;
  for (const group of byType(stack, "aws_cloudwatch_log_group")) {
    const gb = logGroupGb(group, context);
    const retention = group.attributes.retention_in_days;
    const months = typeof retention === "number" && retention > 0 ? retention / 30 : volumes.neverExpireMonths;
    ingestedGb += gb;
    storedGb += gb * months;
  }
  add("Log ingestion", ingestedGb, "logIngestion", logBasis(stack, context));
  add("Log storage", storedGb, "logStorage", "steady state: monthly volume × retention, uncompressed (AWS bills compressed: an upper bound)");

  const crossAccount = byType(stack, "aws_cloudwatch_event_target").filter((t) => isOtherAccountsBus(stack, t.attributes.arn));
  add("EventBridge cross-account events", crossAccount.length * volumes.crossAccountEventsMillions, "eventBridgeCrossAccount", `${crossAccount.length} rule target${crossAccount.length === 1 ? "" : "s"} on another account's bus × ${volumes.crossAccountEventsMillions} M events`);

  const functions = byType(stack, "aws_lambda_function");
  add("Lambda invocations", functions.length * volumes.lambdaInvocationsMillions, "lambdaRequests", `${functions.length} function${functions.length === 1 ? "" : "s"} × ${volumes.lambdaInvocationsMillions} M invocations`);
  for (const arch of ["arm64", "x86_64"] as const) {
    const gbSeconds = functions
      .filter((f) => (Array.isArray(f.attributes.architectures) && f.attributes.architectures.includes("arm64") ? "arm64" : "x86_64") === arch)
      .reduce((sum, f) => sum + volumes.lambdaInvocationsMillions * 1e6 * (volumes.lambdaAverageMs / 1000) * ((typeof f.attributes.memory_size === "number" ? f.attributes.memory_size : 128) / 1024), 0);
    add(`Lambda compute (${arch})`, gbSeconds, arch === "arm64" ? "lambdaArmGbSecond" : "lambdaX86GbSecond", `${volumes.lambdaAverageMs} ms per invocation at each function's memory`);
  }

  const tables = byType(stack, "aws_dynamodb_table").filter((t) => t.attributes.billing_mode === "PAY_PER_REQUEST");
  add("DynamoDB writes", tables.length * volumes.dynamodbWritesMillions, "dynamodbWrites", `${tables.length} on-demand table${tables.length === 1 ? "" : "s"} × ${volumes.dynamodbWritesMillions} M writes`);
  add("DynamoDB reads", tables.length * volumes.dynamodbReadsMillions, "dynamodbReads", `${tables.length} on-demand table${tables.length === 1 ? "" : "s"} × ${volumes.dynamodbReadsMillions} M reads`);
  add("DynamoDB storage", byType(stack, "aws_dynamodb_table").length * volumes.dynamodbGb, "dynamodbStorage", `${volumes.dynamodbGb} GB per table`);

  const queues = byType(stack, "aws_sqs_queue");
  add("SQS requests", queues.length * volumes.sqsRequestsMillions, "sqsRequests", `${queues.length} queue${queues.length === 1 ? "" : "s"} × ${volumes.sqsRequestsMillions} M requests`);
  return lines;
}

export const totalUsd = (lines: readonly CostLine[]): number => lines.reduce((sum, l) => sum + l.monthlyUsd, 0);

/** The trail's log group receives every account's events; other groups the stated default. */
function logGroupGb(group: StackResource, { assumptions: { volumes }, organizationAccounts }: CostContext): number {
  const name = group.name ?? "";
  if (Object.hasOwn(volumes.logGroupGb, name)) return volumes.logGroupGb[name];
  return name === TRAIL_LOG_GROUP_NAME ? volumes.trailGbPerAccount * organizationAccounts : volumes.otherLogGroupGb;
}

function logBasis(stack: StackResources, { assumptions: { volumes }, organizationAccounts }: CostContext): string {
  const trail = stack.resources.some((r) => r.type === "aws_cloudwatch_log_group" && r.name === TRAIL_LOG_GROUP_NAME);
  const others = `${volumes.otherLogGroupGb} GB per other log group`;
  return trail ? `the trail's group: ${volumes.trailGbPerAccount} GB × ${organizationAccounts} account${organizationAccounts === 1 ? "" : "s"}; ${others}` : others;
}

/** A target ARN naming an event bus of an account the stack is not pinned to. */
function isOtherAccountsBus(stack: StackResources, arn: unknown): boolean {
  if (referencedResource(stack, arn) || typeof arn !== "string") return false;
  const match = /^arn:[^:]+:events:[^:]*:(\d{12}):event-bus\//.exec(arn);
  return match !== null && !stack.accounts.includes(match[1]);
}
