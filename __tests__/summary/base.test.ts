/**
 * `--base`: the synth outputs of real manifest changes, built from manifest folders with the app,
 * show exactly those changes and nothing else.
 */
import { DEFAULT_ASSUMPTIONS, DEFAULT_PRICES } from "../../modules/summary/prices";
import { summaryMarkdown } from "../../modules/summary/markdown";
import type { Changes } from "../../modules/summary/report";
import { summarize } from "../../modules/summary/summarize";
import { readSynthOutput } from "../../modules/summary/synth-output";
import { VALID_ORGANIZATION, type ManifestFiles } from "../support/manifest-folder";
import { synthManifests } from "../support/synth-output";

const ORG = VALID_ORGANIZATION["organization.yaml"] as string;
const baseDir = synthManifests();

function changesFor(files: ManifestFiles) {
  const summary = summarize(readSynthOutput(synthManifests(files)), DEFAULT_ASSUMPTIONS, readSynthOutput(baseDir));
  return { summary, changes: withoutNotifierPackage(summary.changes as Changes), markdown: summaryMarkdown(summary) };
}

/**
 * The notifier in the security stack carries the deployed detections and the account names in its
 * package (modules/deployment/notifier-config.ts), so a detection, exception or account change also
 * changes that one function's package: where that is the security stack's only change, it is set
 * aside so each test states the rest exactly.
 */
function withoutNotifierPackage(changes: Changes): Changes {
  const security = changes.stacks.find((s) => s.stack === "security");
  if (security === undefined) return changes;
  const onlyTheNotifierPackage =
    JSON.stringify(security.resources.map((r) => [r.change, r.type, r.name])) === JSON.stringify([["changed", "aws_lambda_function", "tripline-notifier"]]) &&
    security.regions.added.length === 0 &&
    security.regions.removed.length === 0;
  if (!onlyTheNotifierPackage) return changes;
  return { ...changes, changedStacks: changes.changedStacks.filter((s) => s !== "security"), stacks: changes.stacks.filter((s) => s !== security) };
}

const noDetectionChanges = { on: [], off: [], changed: [] };
const noExceptionChanges = { added: [], removed: [] };

describe("tripline summary --base", () => {
  test("the same manifests: no change", () => {
    const { changes, markdown } = changesFor({});
    expect(changes.stacks).toEqual([]);
    expect(changes.monthlyUsdAfter).toBe(changes.monthlyUsdBefore);
    expect(markdown).toContain("no change");
  });

  test("a detection turned off: its filter and alarm removed, the detection off, the cost down by one alarm and one metric", () => {
    const { changes, markdown } = changesFor({ "organization.yaml": `${ORG}detections:\n  settings:\n    root-account-usage:\n      enabled: false\n` });
    expect(changes.changedStacks).toEqual(["management"]);
    const [stack] = changes.stacks;
    expect(stack.detections).toEqual({ ...noDetectionChanges, off: [{ id: "root-account-usage", account: "111111111111", region: "us-east-1" }] });
    expect(stack.exceptions).toEqual(noExceptionChanges);
    expect(stack.regions).toEqual({ added: [], removed: [] });
    expect(stack.resources.map((r) => [r.change, r.type, r.name])).toEqual([
      ["removed", "aws_cloudwatch_log_metric_filter", "tripline-root-account-usage"],
      ["removed", "aws_cloudwatch_metric_alarm", "tripline-root-account-usage"],
    ]);
    expect(stack.monthlyUsdAfter - stack.monthlyUsdBefore).toBeCloseTo(-(DEFAULT_PRICES.alarm.usd + DEFAULT_PRICES.customMetric.usd), 10);
    expect(markdown).toContain("- Detections turned off: `root-account-usage` in `us-east-1`");
    expect(markdown).toContain("(**−$0.40**)");
  });

  test("an exception added: the rule's filters shown as a diff, the exception with its reason, nothing else", () => {
    const { changes, markdown } = changesFor({
      "organization.yaml": `${ORG}detections:\n  exceptions:\n    console-brute-force:\n      - reason: "the VPN's egress"\n        sourceIps: [203.0.113.9]\n`,
    });
    expect(changes.changedStacks).toEqual(["management"]);
    const [stack] = changes.stacks;
    expect(stack.detections).toEqual(noDetectionChanges);
    expect(stack.exceptions).toEqual({
      added: [{ id: "console-brute-force", account: "111111111111", region: "us-east-1", exception: { reason: "the VPN's egress", sourceIps: ["203.0.113.9"] } }],
      removed: [],
    });
    expect(stack.resources).toHaveLength(1);
    const [rule] = stack.resources;
    expect(rule).toMatchObject({ change: "changed", type: "aws_cloudwatch_contributor_insight_rule", name: "tripline-console-brute-force" });
    expect(rule.attributes).toHaveLength(1);
    expect(rule.attributes[0].path).toBe("rule_definition");
    expect(rule.attributes[0].diff?.filter((l) => l.startsWith("+") || l.startsWith("-")).join("\n")).toMatch(/^\+.*"Match": "\$\.sourceIPAddress"/m);
    expect(rule.attributes[0].diff?.some((l) => l.startsWith("+") && l.includes("203.0.113.9"))).toBe(true);
    expect(rule.attributes[0].diff?.some((l) => l.startsWith("-"))).toBe(false);
    expect(stack.monthlyUsdAfter).toBe(stack.monthlyUsdBefore);
    expect(markdown).toContain("- Exception added to `console-brute-force` in `us-east-1`: the VPN's egress (source IPs `203.0.113.9`)");
    expect(markdown).toMatch(/```diff\n[\s\S]*\+ *"203\.0\.113\.9"/);
  });

  test("an exception on a Security Hub control: its tuned twin turns on with the exception, the exact twin moves to the compliance topic", () => {
    const { changes } = changesFor({
      "organization.yaml": `${ORG}detections:\n  exceptions:\n    root-account-usage:\n      - reason: break-glass drill\n        userAgents: ["drill/*"]\n`,
    });
    const [stack] = changes.stacks;
    expect(changes.changedStacks).toEqual(["management"]);
    expect(stack.detections.on).toEqual([{ id: "root-account-usage-tuned", account: "111111111111", region: "us-east-1" }]);
    expect(stack.detections.off).toEqual([]);
    expect(stack.detections.changed).toEqual([{ id: "root-account-usage", account: "111111111111", region: "us-east-1", fields: [{ field: "notifies", before: ["tripline-alerts"], after: ["tripline-compliance"] }] }]);
    expect(stack.exceptions.added.map((e) => [e.id, e.exception.reason])).toEqual([["root-account-usage-tuned", "break-glass drill"]]);
    expect(stack.resources.map((r) => [r.change, r.type, r.name])).toEqual(
      expect.arrayContaining([
        ["added", "aws_cloudwatch_log_metric_filter", "tripline-root-account-usage-tuned"],
        ["added", "aws_cloudwatch_metric_alarm", "tripline-root-account-usage-tuned"],
        ["changed", "aws_cloudwatch_metric_alarm", "tripline-root-account-usage"],
      ]),
    );
    expect(stack.resources).toHaveLength(3);
  });

  test("an account added: its stack, and the trail's log volume that grows with it; nothing else", () => {
    const { changes, markdown } = changesFor({ "web.yaml": 'name: web\nid: "555555555555"\nrole: workload\nemail: web@example.com\n' });
    const added = changes.stacks.find((s) => s.stack === "web");
    // Its Regions, and the sign-in Regions its sign-in rules go to (modules/deployment/event-rule-regions.ts).
    expect(added).toMatchObject({ status: "added", regions: { added: ["us-east-1", "eu-west-1", "us-east-2", "eu-north-1", "ap-southeast-2"], removed: [] }, monthlyUsdBefore: 0 });
    for (const r of added!.resources) expect(r.change).toBe("added");
    // The other stacks hold the same resources; only the trail owner's estimate follows the account count.
    const others = changes.stacks.filter((s) => s.stack !== "web");
    expect(others.map((s) => s.stack)).toEqual([]);
    expect(changes.monthlyUsdAfter - changes.monthlyUsdBefore).toBeCloseTo(added!.monthlyUsdAfter + DEFAULT_ASSUMPTIONS.volumes.trailGbPerAccount * (DEFAULT_PRICES.logIngestion.usd + DEFAULT_PRICES.logStorage.usd * (365 / 30)), 6);
    expect(markdown).toContain("### `web`: added");
  });

  test("a Region added: each stack that deploys to every Region gains it, and whatever is added is in that Region", () => {
    const { changes, markdown } = changesFor({ "organization.yaml": ORG.replace("regions: [us-east-1, eu-west-1]", "regions: [us-east-1, eu-west-1, eu-central-1]") });
    // app.yaml names its own Regions. (Not a sign-in Region: every stack already has those.)
    expect(changes.changedStacks).toEqual(["log-archive", "management", "security"]);
    // The trail's archive deploys before the trail that writes into it.
    expect(changes.deployWaves).toEqual([["log-archive"], ["management", "security"]]);
    for (const stack of changes.stacks) {
      expect(stack.regions).toEqual({ added: ["eu-central-1"], removed: [] });
      expect(stack.detections.off).toEqual([]);
      expect(stack.detections.changed).toEqual([]);
      for (const d of stack.detections.on) expect(d.region).toBe("eu-central-1");
      for (const r of stack.resources) expect([r.change, r.region]).toEqual(["added", "eu-central-1"]);
    }
    expect(markdown).toContain("- Regions added: `eu-central-1`");
  });

  test("a threshold changed: the alarm's threshold before → after and the detection's, nothing else", () => {
    const { changes, markdown } = changesFor({ "organization.yaml": `${ORG}detections:\n  settings:\n    iam-policy-changes:\n      threshold: 3\n` });
    expect(changes.changedStacks).toEqual(["management"]);
    const [stack] = changes.stacks;
    expect(stack.resources).toEqual([
      { address: expect.stringMatching(/^aws_cloudwatch_metric_alarm\./), type: "aws_cloudwatch_metric_alarm", name: "tripline-iam-policy-changes", region: "us-east-1", change: "changed", attributes: [{ path: "threshold", before: 1, after: 3 }] },
    ]);
    expect(stack.detections).toEqual({ ...noDetectionChanges, changed: [{ id: "iam-policy-changes", account: "111111111111", region: "us-east-1", fields: [{ field: "threshold", before: 1, after: 3 }] }] });
    expect(stack.exceptions).toEqual(noExceptionChanges);
    expect(markdown).toContain("- `iam-policy-changes` in `us-east-1`: threshold `1` → `3`");
    expect(markdown).toContain("- `threshold`: `1` → `3`");
  });
});
