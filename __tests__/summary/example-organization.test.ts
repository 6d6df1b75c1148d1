/**
 * The summary of the example organization (accounts/) and of the standalone example, checked
 * against the synthesized JSON itself and against the deployment plan the stacks were built from.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eventRulePlacement } from "../../modules/deployment/event-rule-regions";
import { loadCheckedOrganization } from "../../modules/deployment/load-organization";
import { sshDetections, trailDetections } from "../../modules/deployment/plan";
import { summaryMarkdown } from "../../modules/summary/markdown";
import { DEFAULT_ASSUMPTIONS, DEFAULT_PRICES } from "../../modules/summary/prices";
import type { Summary } from "../../modules/summary/report";
import { summarize } from "../../modules/summary/summarize";
import { readSynthOutput } from "../../modules/summary/synth-output";
import { synthFolder } from "../support/synth-output";

type Json = { resource?: Record<string, Record<string, Record<string, unknown>>>; provider?: { aws?: { region: string }[] } };
const stackJson = (dir: string, name: string): Json => JSON.parse(readFileSync(join(dir, "stacks", name, "cdk.tf.json"), "utf8")) as Json;
const countsOf = (json: Json) => Object.fromEntries(Object.entries(json.resource ?? {}).map(([type, byId]) => [type, Object.keys(byId).length]));
const line = (summary: Summary, stack: string, item: string) => summary.stacks.find((s) => s.name === stack)?.cost.find((c) => c.item === item);

describe.each([
  ["accounts", "management"],
  ["examples/standalone", "startup"],
])("the summary of %s", (accountsDir, trailOwner) => {
  const loaded = loadCheckedOrganization(accountsDir);
  if (!loaded.ok) throw new Error(`${accountsDir} has problems`);
  const model = loaded.value;
  const dir = synthFolder(accountsDir);
  const summary = summarize(readSynthOutput(dir), DEFAULT_ASSUMPTIONS);
  const owner = summary.stacks.find((s) => s.name === trailOwner)!;

  test("one entry per stack, each with the resources of its JSON by type, and the Regions of its providers", () => {
    expect(summary.stacks.map((s) => s.name)).toEqual(model.accounts.map((a) => a.name).sort());
    for (const s of summary.stacks) {
      const json = stackJson(dir, s.name);
      expect(s.resourcesByType).toEqual(countsOf(json));
      expect(s.resources).toBe(Object.values(countsOf(json)).reduce((a, b) => a + b, 0));
      expect(s.regions).toEqual((json.provider?.aws ?? []).map((p) => p.region));
      expect(s.accounts).toEqual([model.accounts.find((a) => a.name === s.name)!.id]);
    }
    expect(summary.organization.accounts).toBe(model.accounts.length);
    expect(summary.organization.resources).toBe(summary.stacks.reduce((n, s) => n + s.resources, 0));
  });

  test("the trail owner's detections are the plan's, with their thresholds, periods, topics and exceptions", () => {
    const planned = trailDetections(model);
    const byId = new Map(owner.detections.map((d) => [d.id, d]));
    for (const p of planned) {
      const shown = byId.get(p.detection.id);
      expect(shown).toMatchObject({ account: model.trailOwner.id, region: model.homeRegion });
      if (p.detection.kind === "metric-filter" || p.detection.kind === "contributor-insights") {
        expect(shown).toMatchObject({ threshold: p.detection.alarm.threshold, periodSeconds: p.detection.alarm.periodSeconds, evaluationPeriods: p.detection.alarm.evaluationPeriods });
      }
      // A stream detection pages through its function; its alarm only records, on the compliance topic.
      expect(shown?.notifies).toEqual([p.detection.kind === "stream" || p.notify === "compliance" ? "tripline-compliance" : "tripline-alerts"]);
      expect(shown?.exceptions.map((e) => e.reason)).toEqual(p.exceptions.map((e) => e.reason));
    }
    // Resources named for their role (the stream detector's queue alarm, the topics) are not detections.
    expect(byId.has("stream-detector-dlq")).toBe(false);
  });

  test("every stack's detections are exactly the plan's: the trail's in the home Region, the SSH ones in each SSH Region, the event rules where they are placed", () => {
    for (const account of model.accounts) {
      const expected = [
        ...(account.id === model.trailOwner.id ? trailDetections(model).map((p) => `${model.homeRegion} ${p.detection.id}`) : []),
        ...(account.ssh?.regions ?? []).flatMap((region) => sshDetections(model, account).map((p) => `${region} ${p.detection.id}`)),
        ...eventRulePlacement(model, account).flatMap((r) => r.detections.map((d) => `${r.region} ${d.id}`)),
      ].sort();
      const shown = summary.stacks.find((s) => s.name === account.name)!.detections.map((d) => `${d.region} ${d.id}`).sort();
      expect(shown).toEqual(expected);
    }
  });

  test("cost lines count what the JSON holds at the stated prices", () => {
    const json = stackJson(dir, trailOwner);
    const counts = countsOf(json);
    expect(line(summary, trailOwner, "CloudWatch alarms")).toMatchObject({ quantity: counts.aws_cloudwatch_metric_alarm, monthlyUsd: counts.aws_cloudwatch_metric_alarm * DEFAULT_PRICES.alarm.usd });
    expect(line(summary, trailOwner, "KMS keys")).toMatchObject({ quantity: counts.aws_kms_key, monthlyUsd: counts.aws_kms_key * DEFAULT_PRICES.kmsKey.usd });
    expect(line(summary, trailOwner, "Contributor Insights rules")).toMatchObject({ quantity: counts.aws_cloudwatch_contributor_insight_rule ?? 0 });
    const filters = Object.values(json.resource?.aws_cloudwatch_log_metric_filter ?? {}).map((f) => (f.metric_transformation as { name: string }).name);
    expect(line(summary, trailOwner, "Custom metrics")?.quantity).toBeGreaterThanOrEqual(new Set(filters).size);
    // The trail's log group carries every account's events.
    const ingestion = line(summary, trailOwner, "Log ingestion")!;
    expect(ingestion.quantity).toBeGreaterThanOrEqual(DEFAULT_ASSUMPTIONS.volumes.trailGbPerAccount * model.accounts.length);
    expect(ingestion.basis).toContain(`× ${model.accounts.length} account`);
    for (const s of summary.stacks) expect(s.monthlyUsd).toBeCloseTo(s.cost.reduce((n, c) => n + c.monthlyUsd, 0), 10);
    expect(summary.organization.monthlyUsd).toBeCloseTo(summary.stacks.reduce((n, s) => n + s.monthlyUsd, 0), 10);
  });

  test("the Markdown shows stacks, detections, exceptions with their reasons, cost lines and the assumptions with dates and sources", () => {
    const md = summaryMarkdown(summary);
    for (const s of summary.stacks) expect(md).toContain(`| \`${s.name}\` | \`${s.accounts[0]}\` |`);
    for (const d of owner.detections) expect(md).toContain(`| \`${d.id}\` | \`${d.region}\` |`);
    for (const d of owner.detections) for (const e of d.exceptions) expect(md).toContain(e.reason);
    expect(md).toMatch(/\| KMS keys \| \d+ \| `kmsKey` \| \$\d+\.00 \|/);
    expect(md).toContain(`| \`alarm\` | 0.1 | standard-resolution alarm metric per month | ${DEFAULT_PRICES.alarm.asOf} | https://aws.amazon.com/cloudwatch/pricing/ |`);
    expect(md).toContain(`estimated **$`);
  });
});

test("the example organization's exceptions are shown with their reasons, as the manifest gives them", () => {
  const summary = summarize(readSynthOutput(synthFolder("accounts")), DEFAULT_ASSUMPTIONS);
  const management = summary.stacks.find((s) => s.name === "management")!;
  expect(management.detections.find((d) => d.id === "console-brute-force")?.exceptions).toEqual([{ reason: "the office's shared egress address, where a failed sign-in is a person", sourceIps: ["198.51.100.7"] }]);
  expect(management.detections.find((d) => d.id === "unauthorized-api-calls-tuned")?.exceptions).toEqual([
    { reason: "the security team's inventory scanner probes permissions by design", principals: ["arn:aws:iam::222222222222:role/inventory-scanner"] },
  ]);
  // The exact twin keeps the control's pattern: no exceptions, and it notifies the compliance topic.
  expect(management.detections.find((d) => d.id === "unauthorized-api-calls")).toMatchObject({ exceptions: [], notifies: ["tripline-compliance"], threshold: 5 });
});
