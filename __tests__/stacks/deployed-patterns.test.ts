/**
 * What is deployed is what is tested: every event pattern is read back out of the synthesized
 * JSON of the example organization and the standalone example, and run with the event-pattern
 * engine over the catalog's examples and the public corpus, each record wrapped as EventBridge
 * delivers it. The expectation comes from the catalog's own pattern and the exceptions'
 * specification (`isExcepted`), not from the compiled text; and replay --accounts evaluates the
 * very pattern the organization's stacks deploy.
 */
import { readdirSync, readFileSync } from "node:fs";
import { catalog } from "../../modules/catalog";
import type { EventRuleDetection, ExampleEvent } from "../../modules/catalog/detection";
import { loadCheckedOrganization } from "../../modules/deployment/load-organization";
import { replayProfileFor } from "../../modules/deployment/organization-profile";
import { sshDetections } from "../../modules/deployment/plan";
import { compileEventPattern } from "../../modules/engines/event-pattern";
import type { AccountModel, OrganizationModel } from "../../modules/manifest/model";
import type { DetectionException } from "../../modules/manifest/schema";
import { toEventBridgeEvent } from "../../modules/replay/eventbridge-envelope";
import { corpusPath } from "../corpus-path";
import { isExcepted } from "../support/exception-spec";
import { synthOrganization } from "../support/synth";

type Json = Record<string, unknown>;

const corpus: Json[] = readdirSync(corpusPath("cloudtrail"))
  .filter((f) => f.endsWith(".jsonl"))
  .flatMap((f) =>
    readFileSync(corpusPath("cloudtrail", f), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Json),
  );

/** An event rule as deployed: read from the stack's JSON, Terraform's escapes undone. */
interface DeployedRule {
  readonly account: AccountModel;
  readonly region: string;
  readonly name: string;
  readonly pattern: Json;
}

function deployedRules(organization: OrganizationModel): DeployedRule[] {
  const stacks = synthOrganization(organization);
  return organization.accounts.flatMap((account) =>
    // Rules on the default bus: the notifier's rule on the central bus is not a detection's.
    Object.values(stacks[account.name].tf.resource?.aws_cloudwatch_event_rule ?? {}).filter((rule) => rule.event_bus_name === undefined).map((rule) => ({
      account,
      region: String(rule.provider).replace(/^aws\./, ""),
      name: String(rule.name),
      pattern: JSON.parse(String(rule.event_pattern).replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{")) as Json,
    })),
  );
}

const exceptionsFor = (organization: OrganizationModel, account: AccountModel, id: string): DetectionException[] => [
  ...(organization.detections.exceptions?.[id] ?? []),
  ...(account.detections.exceptions?.[id] ?? []),
];

const asEvent = (record: ExampleEvent): Json => toEventBridgeEvent(record as Json).event;

describe.each([
  ["the example organization", "accounts"],
  ["the standalone example", "examples/standalone"],
])("%s", (_name, dir) => {
  const loaded = loadCheckedOrganization(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const organization = loaded.value;
  const rules = deployedRules(organization);
  const detectionRules = rules.filter((r) => r.name !== "tripline-alarm-state-changes");
  // One check per distinct (account, pattern): the same rule repeats in every Region.
  const distinct = [...new Map(detectionRules.map((r) => [`${r.account.name} ${r.name} ${JSON.stringify(r.pattern)}`, r])).values()];

  test("every event-rule detection is deployed, and the rules read back are what the tests below run", () => {
    const deployedIds = new Set(detectionRules.map((r) => r.name.replace(/^tripline-/, "")));
    expect([...deployedIds].sort()).toEqual(catalog.filter((d) => d.kind === "event-rule").map((d) => d.id).sort());
    expect(distinct.length).toBeGreaterThanOrEqual(deployedIds.size);
  });

  test.each(distinct.map((r) => [`${r.account.name} ${r.name}`, r] as const))("%s: fires on its examples and stays quiet on its near misses, exceptions applied", (_label, rule) => {
    const detection = catalog.find((d) => `tripline-${d.id}` === rule.name) as EventRuleDetection;
    const deployed = compileEventPattern(rule.pattern);
    const exceptions = exceptionsFor(organization, rule.account, detection.id);
    const excepted = (record: ExampleEvent) => exceptions.some((e) => isExcepted(e, record as Json));
    for (const record of detection.examples.match) expect([JSON.stringify(record), deployed(asEvent(record))]).toEqual([JSON.stringify(record), !excepted(record)]);
    for (const record of detection.examples.miss) expect([JSON.stringify(record), deployed(asEvent(record))]).toEqual([JSON.stringify(record), false]);
  });

  test.each(distinct.map((r) => [`${r.account.name} ${r.name}`, r] as const))("%s: over the corpus, matches what the catalog's pattern matches minus what the exceptions except", (_label, rule) => {
    const detection = catalog.find((d) => `tripline-${d.id}` === rule.name) as EventRuleDetection;
    const deployed = compileEventPattern(rule.pattern);
    const original = compileEventPattern(detection.eventPattern);
    const exceptions = exceptionsFor(organization, rule.account, detection.id);
    const disagreements = corpus.filter((record) => {
      const event = asEvent(record);
      return deployed(event) !== (original(event) && !exceptions.some((e) => isExcepted(e, record)));
    });
    expect(disagreements).toEqual([]);
  });

  test("the corpus exercises the deployed rules: root sign-ins, trail tampering, an attempt to leave the organization, a web ACL taken off", () => {
    const matched = new Set(detectionRules.flatMap((rule) => (corpus.some((record) => compileEventPattern(rule.pattern)(asEvent(record))) ? [rule.name] : [])));
    expect([...matched]).toEqual(expect.arrayContaining(["tripline-root-console-login", "tripline-security-service-disabled", "tripline-security-service-blinded"]));
  });

  test("replay --accounts evaluates the pattern each account without its own exceptions deploys", () => {
    const profile = replayProfileFor(organization);
    for (const rule of detectionRules) {
      const id = rule.name.replace(/^tripline-/, "");
      if (Object.keys(rule.account.detections.exceptions ?? {}).includes(id)) continue;
      const replayed = profile.detections.find((d) => d.id === id);
      expect(replayed?.kind === "event-rule" && replayed.eventPattern).toEqual(rule.pattern);
    }
  });

  test("the alarm rule forwards tripline's alarms going to ALARM, and nothing else", () => {
    const alarmRules = rules.filter((r) => r.name === "tripline-alarm-state-changes");
    // The trail owner's home Region, and every SSH Region where an account deploys SSH detections.
    const expected = [
      [organization.trailOwner.name, organization.homeRegion],
      ...organization.accounts.flatMap((a) => (a.ssh && sshDetections(organization, a).length > 0 ? a.ssh.regions.map((region) => [a.name, region]) : [])),
    ];
    const places = new Set(expected.map(([a, r]) => `${a} ${r}`));
    expect(alarmRules.map((r) => `${r.account.name} ${r.region}`).sort()).toEqual([...places].sort());
    const test = compileEventPattern(alarmRules[0].pattern);
    // Shape of the CloudWatch User Guide's sample (docs/aws-facts.md l1-l3).
    const change = (alarmName: string, value: string, source = "aws.cloudwatch", detailType = "CloudWatch Alarm State Change") => ({
      version: "0",
      id: "c4c1c1c9-6542-e61b-6ef0-8c4d36933a92",
      "detail-type": detailType,
      source,
      account: organization.trailOwner.id,
      time: "2024-05-01T10:05:00Z",
      region: organization.homeRegion,
      resources: [`arn:aws:cloudwatch:${organization.homeRegion}:${organization.trailOwner.id}:alarm:${alarmName}`],
      detail: { alarmName, state: { value, reason: "Threshold Crossed", timestamp: "2024-05-01T10:05:00.000+0000" }, previousState: { value: "OK" } },
    });
    expect(test(change("tripline-root-account-usage", "ALARM"))).toBe(true);
    expect(test(change("tripline-root-account-usage", "OK"))).toBe(false);
    expect(test(change("tripline-root-account-usage", "INSUFFICIENT_DATA"))).toBe(false);
    expect(test(change("team-latency", "ALARM"))).toBe(false);
    expect(test(change("tripline-root-account-usage", "ALARM", "aws.cloudwatch", "CloudWatch Alarm Configuration Change"))).toBe(false);
  });
});
