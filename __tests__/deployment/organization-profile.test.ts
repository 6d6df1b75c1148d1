/**
 * `replay --accounts DIR` evaluates exactly what the organization deploys (docs/design.md contract 6):
 * the deployment plan's detections, settings, exceptions, twins and schedule, and nothing this
 * version does not deploy.
 */
import { catalog } from "../../modules/catalog";
import { isDeployedByTripline, TUNED_SUFFIX } from "../../modules/deployment/plan";
import type { MetricFilterDetection } from "../../modules/catalog/detection";
import { ReplayEvaluator } from "../../modules/replay/evaluate";
import { replayProfileFor } from "../../modules/deployment/organization-profile";
import { defaultReplayProfile, type ReplayProfile } from "../../modules/deployment/profile";
import { organizationFrom } from "../support/synth";
import { VALID_ORGANIZATION } from "../support/manifest-folder";

const IDS = new Set(catalog.map((d) => d.id));

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

/** Ids of the profile's detections that match one CloudTrail record. */
function matchedIds(profile: ReplayProfile, record: Record<string, unknown>): string[] {
  const replay = new ReplayEvaluator(profile);
  replay.entry({ file: "x.jsonl", line: 1, text: JSON.stringify(record), record, time: Date.parse(record.eventTime as string) });
  return [...replay.finish().matches].map((m) => profile.detections[m.detection].id);
}

const rootSignIn = {
  eventVersion: "1.08",
  userIdentity: { type: "Root", arn: "arn:aws:iam::111122223333:root" },
  eventSource: "signin.amazonaws.com",
  eventName: "ConsoleLogin",
  eventType: "AwsConsoleSignIn",
  responseElements: { ConsoleLogin: "Success" },
  additionalEventData: { MFAUsed: "No" },
  sourceIPAddress: "192.0.2.10",
  eventTime: "2024-05-01T10:00:00Z",
  eventID: "r1",
};

describe("without settings", () => {
  const profile = replayProfileFor(organization());

  test("is what this version deploys, in catalog order, with the default schedule", () => {
    expect(profile.detections.map((d) => d.id)).toEqual(catalog.filter(isDeployedByTripline).map((d) => d.id));
    expect(profile.schedule).toEqual({ days: ["Mon", "Tue", "Wed", "Thu", "Fri"], start: "08:00", end: "18:00", timeZone: "UTC" });
  });

  test("holds the event rules and the SSH detections every account deploys", () => {
    const ids = profile.detections.map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining(["root-console-login", "console-login-without-mfa-event", "security-service-disabled", "baseline-tampered"]));
    expect(ids).toEqual(expect.arrayContaining(["ssh-invalid-user", "ssh-failed-password", "ssh-preauth-disconnect", "ssh-brute-force"]));
  });

  test("a root sign-in matches the deployed metric filter and the deployed event rule", () => {
    expect(matchedIds(profile, rootSignIn)).toEqual(expect.arrayContaining(["root-account-usage", "root-console-login"]));
    expect(matchedIds(defaultReplayProfile(), rootSignIn)).toContain("root-console-login");
  });

  test("an event rule turned off in the organization file is not evaluated", () => {
    const off = replayProfileFor(organization("detections:\n  settings:\n    root-console-login: { enabled: false }\n"));
    expect(matchedIds(off, rootSignIn)).not.toContain("root-console-login");
  });

  test("an event rule's exceptions are evaluated as deployed", () => {
    const excepted = replayProfileFor(organization("detections:\n  exceptions:\n    root-console-login:\n      - { reason: break-glass desk, sourceIps: [192.0.2.0/24] }\n"));
    expect(matchedIds(excepted, rootSignIn)).not.toContain("root-console-login");
    expect(matchedIds(excepted, { ...rootSignIn, sourceIPAddress: "198.51.100.1" })).toContain("root-console-login");
  });
});

describe("settings", () => {
  test("takes the trail owner's numbers over the organization's, and leaves out what is turned off", () => {
    const org = organization(
      [
        "detections:",
        "  schedule: { timeZone: Europe/Berlin }",
        "  settings:",
        "    unauthorized-api-calls: { threshold: 10, periodSeconds: 600 }",
        "    organizations-changes: { enabled: false }",
        "    ssh-failed-password: { threshold: 3 }",
        "",
      ].join("\n"),
      { management: "detections:\n  settings:\n    unauthorized-api-calls: { threshold: 20 }\n" },
    );
    const profile = replayProfileFor(org);
    const replayed = profile.detections.find((d) => d.id === "unauthorized-api-calls") as MetricFilterDetection;
    expect(replayed.alarm).toMatchObject({ threshold: 20, periodSeconds: 600 });
    const ids = profile.detections.map((d) => d.id);
    expect(ids).not.toContain("organizations-changes");
    // SSH detections run in every account: replay takes the organization's settings.
    expect((profile.detections.find((d) => d.id === "ssh-failed-password") as MetricFilterDetection).alarm.threshold).toBe(3);
    expect(profile.schedule.timeZone).toBe("Europe/Berlin");
  });
});

test("evaluates the tuned twins as deployed, side by side", () => {
  const org = organization(
    ["detections:", "  exceptions:", "    root-account-usage:", "      - reason: break-glass drills from the office", "        sourceIps: [192.0.2.0/24]", ""].join("\n"),
  );
  const profile = replayProfileFor(org);
  const ids = profile.detections.map((d) => d.id);
  expect(ids.indexOf(`root-account-usage${TUNED_SUFFIX}`)).toBe(ids.indexOf("root-account-usage") + 1);
  const matched = matchedIds(profile, { ...rootSignIn, eventName: "ListBuckets", eventType: "AwsApiCall" });
  expect(matched).toContain("root-account-usage");
  expect(matched).not.toContain(`root-account-usage${TUNED_SUFFIX}`);
});
