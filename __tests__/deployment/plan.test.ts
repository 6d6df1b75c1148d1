/**
 * The deployment plan: settings per organization and account, detections turned off, exceptions
 * compiled in, tuned twins for Security Hub controls, and which detections this version deploys.
 * The replay profile built from it: __tests__/deployment/organization-profile.test.ts.
 */
import { catalog } from "../../modules/catalog";
import type { Detection, MetricFilterDetection } from "../../modules/catalog/detection";
import { isDeployedByTripline, sshDetections, planDeployment, subscriptionPattern, trailDetections, TUNED_SUFFIX } from "../../modules/deployment/plan";
import { compileFilterPattern, toLogEvent } from "../../modules/engines/filter-pattern";
import { organizationFrom } from "../support/synth";
import { VALID_ORGANIZATION } from "../support/manifest-folder";

const IDS = new Set(catalog.map((d) => d.id));
const byId = (id: string): Detection => catalog.find((d) => d.id === id) as Detection;

/** The example organization with YAML appended to organization.yaml and to account files. */
const organization = (orgYaml = "", accounts: Record<string, string> = {}) =>
  organizationFrom(
    {
      "organization.yaml": `${VALID_ORGANIZATION["organization.yaml"]}${orgYaml}`,
      ...Object.fromEntries(Object.entries(accounts).map(([name, yaml]) => [`${name}.yaml`, `${VALID_ORGANIZATION[`${name}.yaml`]}${yaml}`])),
    },
    undefined,
    IDS,
  );

describe("without settings", () => {
  const org = organization();

  test("the trail owner deploys every CloudTrail detection CloudWatch Logs evaluates, as the catalog writes it", () => {
    const deployed = trailDetections(org);
    expect(deployed.map((d) => d.detection.id)).toEqual(catalog.filter((d) => d.source === "cloudtrail" && d.kind !== "event-rule").map((d) => d.id));
    for (const d of deployed) {
      expect(d.detection).toBe(byId(d.catalogId));
      expect(d).toMatchObject({ namespace: "tripline", notify: "alerts", exceptionsAt: [] });
      expect(d.twin).toBeUndefined();
    }
  });

  test("this version deploys every detection: the trail's, the SSH detections and the event rules", () => {
    const ssh = sshDetections(org, org.accounts[0]).map((d) => d.detection.id);
    expect(ssh).toEqual(["ssh-invalid-user", "ssh-failed-password", "ssh-preauth-disconnect", "ssh-brute-force"]);
    const eventRules = catalog.filter((d) => d.kind === "event-rule").map((d) => d.id);
    expect(eventRules).toEqual(expect.arrayContaining(["root-console-login", "console-login-without-mfa-event", "security-service-disabled", "baseline-tampered"]));
    expect(catalog.filter(isDeployedByTripline).map((d) => d.id).sort()).toEqual([...trailDetections(org).map((d) => d.detection.id), ...ssh, ...eventRules].sort());
    expect(catalog.filter((d) => !isDeployedByTripline(d))).toEqual([]);
  });
});

describe("settings", () => {
  test("the organization's settings apply; the trail owner's override them field by field", () => {
    const org = organization(
      [
        "detections:",
        "  namespace: Security/tripline",
        "  settings:",
        "    unauthorized-api-calls: { threshold: 10, periodSeconds: 600 }",
        "    console-brute-force: { threshold: 8 }",
        "    api-enumeration: { threshold: 50, periodSeconds: 600 }",
        "    organizations-changes: { enabled: false }",
        "",
      ].join("\n"),
      { management: "detections:\n  settings:\n    unauthorized-api-calls: { threshold: 20 }\n" },
    );
    const deployed = new Map(trailDetections(org).map((d) => [d.detection.id, d]));
    expect(deployed.get("unauthorized-api-calls")?.detection).toMatchObject({ alarm: { threshold: 20, periodSeconds: 600, evaluationPeriods: 1 } });
    expect(deployed.get("console-brute-force")?.detection).toMatchObject({ alarm: { threshold: 8, periodSeconds: 60 } });
    expect(deployed.get("api-enumeration")?.detection).toMatchObject({ detector: { threshold: 50, windowSeconds: 600 } });
    expect(deployed.has("organizations-changes")).toBe(false);
    expect(deployed.get("root-account-usage")?.namespace).toBe("Security/tripline");
  });

  test("an account's namespace applies to that account's deployment", () => {
    const org = organization("", { management: "detections:\n  namespace: Mgmt\n" });
    expect(trailDetections(org)[0].namespace).toBe("Mgmt");
    expect(planDeployment(org, org.accounts.find((a) => a.name === "app")).detections[0].namespace).toBe("tripline");
  });

  test.each([
    ["off-hours-console-login", "threshold: 2", "fires on each sign-in outside working hours; it has no threshold"],
    ["api-enumeration", "evaluationPeriods: 2", "has no evaluation periods"],
    ["security-service-disabled", "periodSeconds: 60", "is an EventBridge rule"],
  ])("rejects a setting %s cannot take", (id, setting, message) => {
    const org = organization(`detections:\n  settings:\n    ${id}: { ${setting} }\n`);
    const plan = planDeployment(org);
    expect(plan.issues).toEqual([expect.objectContaining({ file: expect.stringMatching(/organization\.yaml$/), path: ["detections", "settings", id, setting.split(":")[0]], message: expect.stringContaining(message) })]);
  });
});

describe("exceptions and tuned twins", () => {
  const org = organization(
    [
      "detections:",
      "  exceptions:",
      "    root-account-usage:",
      "      - reason: break-glass drills from the office",
      "        sourceIps: [192.0.2.0/24]",
      "    console-auth-failure:",
      "      - reason: the password-reset kiosk",
      "        sourceIps: [198.51.100.7]",
      "    console-brute-force:",
      "      - reason: the corporate NAT",
      "        sourceIps: [203.0.113.1]",
      "",
    ].join("\n"),
    { management: "detections:\n  exceptions:\n    root-account-usage:\n      - reason: AWS Support case 123\n        userAgents: ['support.amazonaws.com']\n" },
  );
  const deployed = trailDetections(org);
  const get = (id: string) => deployed.find((d) => d.detection.id === id);

  test("a detection with a Security Hub control keeps its exact pattern and gets a tuned twin", () => {
    const original = byId("root-account-usage") as MetricFilterDetection;
    const exact = get("root-account-usage");
    const tuned = get(`root-account-usage${TUNED_SUFFIX}`);
    expect(exact).toMatchObject({ twin: "exact", notify: "compliance", detection: { pattern: original.pattern, controls: original.controls } });
    expect(tuned).toMatchObject({ twin: "tuned", notify: "alerts", catalogId: "root-account-usage", detection: { controls: [], title: `${original.title} (tuned)` } });
    const pattern = (tuned?.detection as MetricFilterDetection).pattern;
    expect(pattern).toContain('$.sourceIPAddress != "192.0.2.*"');
    expect(pattern).toContain('$.userAgent != "support.amazonaws.com"');
    expect(tuned?.exceptionsAt.map((p) => p.file.split("/").pop())).toEqual(["organization.yaml", "management.yaml"]);
    // The twins sit side by side, in catalog order.
    const ids = deployed.map((d) => d.detection.id);
    expect(ids.indexOf(`root-account-usage${TUNED_SUFFIX}`)).toBe(ids.indexOf("root-account-usage") + 1);
  });

  test("a detection without such a control takes its exceptions in place", () => {
    expect(get("console-auth-failure")).toMatchObject({ notify: "alerts", detection: { controls: [] } });
    expect(get("console-auth-failure")?.twin).toBeUndefined();
    expect((get("console-auth-failure")?.detection as MetricFilterDetection).pattern).toContain('$.sourceIPAddress != "198.51.100.7"');
    expect(get("console-brute-force")?.detection).toMatchObject({ rule: { filters: expect.arrayContaining([{ Match: "$.sourceIPAddress", NotIn: ["203.0.113.1"] }]) } });
  });

  test("exceptions on EventBridge rules compile into their event pattern; on SSH detections they are rejected with a reason", () => {
    const org = organization(
      "detections:\n  exceptions:\n    security-service-disabled:\n      - { reason: x, sourceIps: [192.0.2.1] }\n    ssh-invalid-user:\n      - { reason: y, sourceIps: [192.0.2.1] }\n",
    );
    const plan = planDeployment(org);
    expect(plan.issues.map((i) => [i.path.join("."), i.message])).toEqual([["detections.exceptions.ssh-invalid-user.0", expect.stringContaining("reads sshd log lines")]]);
    const rule = plan.detections.find((d) => d.detection.id === "security-service-disabled");
    expect(rule?.detection).toMatchObject({ eventPattern: { detail: { sourceIPAddress: [{ exists: false }, { "anything-but": "192.0.2.1" }] } } });
  });

  test("an exception EventBridge cannot express is rejected at its value", () => {
    const bad = organization("detections:\n  exceptions:\n    root-console-login:\n      - { reason: v6 office, sourceIps: ['2001:db8::/32'] }\n");
    expect(planDeployment(bad).issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["detections.exceptions.root-console-login.0.sourceIps.0", expect.stringContaining("IPv6 blocks cannot be matched exactly")],
    ]);
  });
});

test("the subscription filter's pattern matches what any stream detection's pattern matches", () => {
  const streams = catalog.filter((d) => d.kind === "stream");
  const pattern = subscriptionPattern(streams) as string;
  const any = compileFilterPattern(pattern);
  const each = streams.map((d) => compileFilterPattern((d as { pattern: string }).pattern));
  for (const d of catalog) {
    for (const example of [...d.examples.match, ...d.examples.miss]) {
      const event = toLogEvent(typeof example === "string" ? example : JSON.stringify(example));
      expect(any(event)).toBe(each.some((test) => test(event)));
    }
  }
  expect(subscriptionPattern([])).toBeUndefined();
});
