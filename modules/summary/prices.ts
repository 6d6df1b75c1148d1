/**
 * The prices and usage the cost estimate assumes, in one place, each with its date and source.
 * AWS publishes these on its pricing pages, which no machine here reaches: the rates below are
 * the commonly quoted us-east-1 figures (docs/aws-facts.md pricing: only the free tier was
 * verified there), stated in every summary as assumptions, and
 * overridable with `tripline summary --assumptions FILE`. Free tiers are left out: an
 * organization has one free tier for all its accounts, so the estimate is the price before it.
 */
import { z } from "zod";

export const Price = z.strictObject({
  usd: z.number().nonnegative().describe("Price in US dollars per unit"),
  unit: z.string().describe("What one unit is"),
  asOf: z.string().describe("When the figure was recorded (YYYY-MM)"),
  source: z.string().describe("Where it is published"),
});
export type Price = z.infer<typeof Price>;

const CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";
const AS_OF = "2026-12";

export const DEFAULT_PRICES = {
  alarm: { usd: 0.1, unit: "standard-resolution alarm metric per month", asOf: AS_OF, source: CLOUDWATCH },
  customMetric: { usd: 0.3, unit: "custom metric per month (first 10,000)", asOf: AS_OF, source: CLOUDWATCH },
  contributorInsightsRule: { usd: 0.5, unit: "Contributor Insights rule per month", asOf: AS_OF, source: CLOUDWATCH },
  contributorInsightsEvents: { usd: 0.02, unit: "million log events matched by a rule", asOf: AS_OF, source: CLOUDWATCH },
  logIngestion: { usd: 0.5, unit: "GB ingested (Standard log class)", asOf: AS_OF, source: CLOUDWATCH },
  logStorage: { usd: 0.03, unit: "GB-month archived", asOf: AS_OF, source: CLOUDWATCH },
  kmsKey: { usd: 1, unit: "customer managed key per month", asOf: AS_OF, source: "https://aws.amazon.com/kms/pricing/" },
  eventBridgeCrossAccount: { usd: 1, unit: "million events delivered to another account's bus", asOf: AS_OF, source: "https://aws.amazon.com/eventbridge/pricing/" },
  lambdaRequests: { usd: 0.2, unit: "million invocations", asOf: AS_OF, source: "https://aws.amazon.com/lambda/pricing/" },
  lambdaArmGbSecond: { usd: 0.0000133334, unit: "GB-second on arm64", asOf: AS_OF, source: "https://aws.amazon.com/lambda/pricing/" },
  lambdaX86GbSecond: { usd: 0.0000166667, unit: "GB-second on x86_64", asOf: AS_OF, source: "https://aws.amazon.com/lambda/pricing/" },
  dynamodbWrites: { usd: 0.625, unit: "million on-demand write request units", asOf: AS_OF, source: "https://aws.amazon.com/dynamodb/pricing/on-demand/" },
  dynamodbReads: { usd: 0.125, unit: "million on-demand read request units", asOf: AS_OF, source: "https://aws.amazon.com/dynamodb/pricing/on-demand/" },
  dynamodbStorage: { usd: 0.25, unit: "GB-month stored", asOf: AS_OF, source: "https://aws.amazon.com/dynamodb/pricing/on-demand/" },
  sqsRequests: { usd: 0.4, unit: "million standard-queue requests", asOf: AS_OF, source: "https://aws.amazon.com/sqs/pricing/" },
} as const satisfies Record<string, Price>;

export type PriceName = keyof typeof DEFAULT_PRICES;
export type Prices = Record<PriceName, Price>;

/** Usage the estimate assumes: none of it is in the Terraform JSON. */
export const Volumes = z.strictObject({
  trailGbPerAccount: z.number().nonnegative().describe("GB of CloudTrail events each account adds to the trail's log group per month"),
  otherLogGroupGb: z.number().nonnegative().describe("GB per month ingested by every other log group (functions, SSH logs)"),
  logGroupGb: z.record(z.string(), z.number().nonnegative()).describe("GB per month for named log groups, overriding the two above"),
  neverExpireMonths: z.number().positive().describe("Months of logs kept by a log group without retention, for its storage"),
  contributorInsightsMatchedMillions: z.number().nonnegative().describe("Million log events each Contributor Insights rule matches per month"),
  crossAccountEventsMillions: z.number().nonnegative().describe("Million events each rule sends to another account's bus per month"),
  lambdaInvocationsMillions: z.number().nonnegative().describe("Million invocations of each function per month"),
  lambdaAverageMs: z.number().nonnegative().describe("Average duration of an invocation, in milliseconds"),
  dynamodbWritesMillions: z.number().nonnegative().describe("Million write request units per table per month"),
  dynamodbReadsMillions: z.number().nonnegative().describe("Million read request units per table per month"),
  dynamodbGb: z.number().nonnegative().describe("GB stored per table"),
  sqsRequestsMillions: z.number().nonnegative().describe("Million requests per queue per month"),
});
export type Volumes = z.infer<typeof Volumes>;

export const DEFAULT_VOLUMES: Volumes = {
  trailGbPerAccount: 1,
  otherLogGroupGb: 0.05,
  logGroupGb: {},
  neverExpireMonths: 12,
  contributorInsightsMatchedMillions: 0.1,
  crossAccountEventsMillions: 0.01,
  lambdaInvocationsMillions: 0.5,
  lambdaAverageMs: 100,
  dynamodbWritesMillions: 0.5,
  dynamodbReadsMillions: 0.5,
  dynamodbGb: 0.1,
  sqsRequestsMillions: 0.01,
};

export interface Assumptions {
  readonly prices: Prices;
  readonly volumes: Volumes;
}

export const DEFAULT_ASSUMPTIONS: Assumptions = { prices: DEFAULT_PRICES, volumes: DEFAULT_VOLUMES };

/** What `--assumptions FILE` may hold: any subset of the prices and volumes. */
export const AssumptionOverrides = z.strictObject({
  prices: z.strictObject(Object.fromEntries(Object.keys(DEFAULT_PRICES).map((k) => [k, Price.partial().optional()])) as Record<PriceName, z.ZodOptional<ReturnType<typeof Price.partial>>>).optional(),
  volumes: Volumes.partial().optional(),
});
export type AssumptionOverrides = z.infer<typeof AssumptionOverrides>;

export function withOverrides(overrides: AssumptionOverrides): Assumptions {
  const prices = { ...DEFAULT_PRICES } as Prices;
  for (const [name, price] of Object.entries(overrides.prices ?? {}) as [PriceName, Partial<Price> | undefined][]) {
    if (price) prices[name] = { ...prices[name], ...price };
  }
  return { prices, volumes: { ...DEFAULT_VOLUMES, ...overrides.volumes, logGroupGb: { ...DEFAULT_VOLUMES.logGroupGb, ...overrides.volumes?.logGroupGb } } };
}
