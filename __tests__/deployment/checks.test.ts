/**
 * `tripline validate` (loadOrganization with the deployment checks) rejects, with file:line, what
 * AWS would reject once settings and exceptions are compiled.
 */
import { basename } from "node:path";
import { catalog } from "../../modules/catalog";
import type { Detection, MetricFilterDetection } from "../../modules/catalog/detection";
import { checkDeployment, deploymentChecks, MAX_METRIC_FILTERS_PER_LOG_GROUP } from "../../modules/deployment/checks";
import { loadOrganization } from "../../modules/manifest/model";
import { problemsOf } from "../../modules/result";
import { formatProblem } from "../../modules/manifest/problem";
import { manifestFolder, VALID_ORGANIZATION } from "../support/manifest-folder";
import { organizationFrom } from "../support/synth";

const IDS = new Set(catalog.map((d) => d.id));

/** Problems of the example organization with `detections` YAML in organization.yaml (and accounts), as `file:line:col field: message`. */
function problems(orgDetections: string, accounts: Record<string, string> = {}): string[] {
  const dir = manifestFolder({
    "organization.yaml": `${VALID_ORGANIZATION["organization.yaml"]}${orgDetections}`,
    ...Object.fromEntries(Object.entries(accounts).map(([name, yaml]) => [`${name}.yaml`, `${VALID_ORGANIZATION[`${name}.yaml`]}${yaml}`])),
  });
  const result = loadOrganization(dir, IDS, deploymentChecks);
  return problemsOf(result).map((p) => formatProblem({ ...p, file: basename(p.file) }));
}

test("accepts exceptions that compile within AWS's limits", () => {
  expect(
    problems(
      [
        "detections:",
        "  exceptions:",
        "    root-account-usage:",
        "      - reason: break-glass drills",
        "        sourceIps: [192.0.2.0/24, 10.1.0.0/16]",
        "        principals: ['arn:aws:iam::*:role/break-glass']",
        "    console-brute-force:",
        "      - reason: corporate NAT",
        "        sourceIps: [203.0.113.1]",
        "    api-enumeration:",
        "      - reason: the inventory scanner",
        "        principals: ['arn:aws:iam::111111111111:role/inventory']",
        "",
      ].join("\n"),
    ),
  ).toEqual([]);
});

test("rejects a pattern over 1,024 characters, at the detection's exceptions", () => {
  const agents = Array.from({ length: 30 }, (_, i) => `"agent-number-${i}"`).join(", ");
  expect(problems(`detections:\n  exceptions:\n    unauthorized-api-calls:\n      - reason: noisy tools\n        userAgents: [${agents}]\n`)).toEqual([
    expect.stringMatching(/^organization\.yaml:\d+:5 detections\.exceptions\.unauthorized-api-calls: with its exceptions, the pattern of tripline-unauthorized-api-calls-tuned is \d+ characters; AWS allows 1024/),
  ]);
});

test("rejects more than 2 regexes in one pattern", () => {
  const yaml = [
    "detections:",
    "  exceptions:",
    "    console-auth-failure:",
    "      - { reason: a, userAgents: ['a*b*c'] }",
    "      - { reason: b, principals: ['arn:aws:iam::*:user/*-admin*'], userAgents: ['x*y*z'] }",
    "      - { reason: c, sourceIps: [192.0.2.1], principals: ['arn:aws:sts::*:assumed-role/*/ci'] }",
    "",
  ].join("\n");
  expect(problems(yaml)).toEqual([expect.stringContaining("detections.exceptions.console-auth-failure: with its exceptions, the pattern of tripline-console-auth-failure holds 4 regexes; AWS allows 2 per pattern")]);
});

test("rejects more than 5 regex patterns on the trail's log group", () => {
  const ids = ["root-account-usage", "unauthorized-api-calls", "console-login-without-mfa", "iam-policy-changes", "cloudtrail-config-changes", "console-auth-failure"];
  const yaml = ["detections:", "  exceptions:", ...ids.map((id) => `    ${id}:\n      - { reason: scanners, userAgents: ['scan*er*'] }`), ""].join("\n");
  const found = problems(yaml);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatch(/^organization\.yaml:\d+:\d+ detections\.exceptions\.console-auth-failure: 6 filter patterns on the organization trail's log group hold a regex .*AWS allows 5/);
});

test("rejects a Contributor Insights filter over its budget, in the account file that added it", () => {
  const many = Array.from({ length: 11 }, (_, i) => `192.0.2.${i}`).join(", ");
  expect(problems("", { management: `detections:\n  exceptions:\n    console-brute-force:\n      - reason: office\n        sourceIps: [${many}]\n` })).toEqual([
    "management.yaml:8:9 detections.exceptions.console-brute-force[0]: 11 values to except on sourceIPAddress; a Contributor Insights filter holds at most 10",
  ]);
});

test("rejects values that cannot be compiled exactly, each at its own line", () => {
  const yaml = [
    "detections:",
    "  exceptions:",
    "    console-brute-force:",
    "      - reason: office",
    "        sourceIps: [10.0.0.0/8]",
    "    root-account-usage:",
    "      - reason: typo",
    "        sourceIps:",
    "          - 10.0.0.1",
    "          - 10.0.0",
    "    security-service-disabled:",
    "      - reason: the platform team",
    "        sourceIps: ['2001:db8::/32']",
    "",
  ].join("\n");
  const found = problems(yaml);
  const base = String(VALID_ORGANIZATION["organization.yaml"]).split("\n").length - 1;
  expect(found).toEqual([
    `organization.yaml:${base + 5}:21 detections.exceptions.console-brute-force[0].sourceIps[0]: "10.0.0.0/8" is a CIDR block; Contributor Insights compares exact values only (NotIn), list addresses`,
    `organization.yaml:${base + 10}:13 detections.exceptions.root-account-usage[0].sourceIps[1]: "10.0.0" is not an IP address or CIDR block`,
    expect.stringMatching(new RegExp(`^organization\\.yaml:${base + 13}:21 detections\\.exceptions\\.security-service-disabled\\[0\\]\\.sourceIps\\[0\\]: "2001:db8::/32": IPv6 blocks cannot be matched exactly`)),
  ]);
});

test("rejects more than 100 metric filters on one log group", () => {
  const org = organizationFrom({}, undefined, IDS);
  const template = catalog.find((d) => d.id === "console-auth-failure") as MetricFilterDetection;
  const many: Detection[] = Array.from({ length: MAX_METRIC_FILTERS_PER_LOG_GROUP + 1 }, (_, i) => ({ ...template, id: `filter-${i}` }));
  expect(checkDeployment(org, many).map((p) => `${basename(p.file)} ${p.field}: ${p.message}`)).toEqual([
    "organization.yaml detections: 101 metric filters on the organization trail's log group; AWS allows 100 per log group (turn detections off or drop twins' exceptions)",
  ]);
  expect(checkDeployment(org, many.slice(0, MAX_METRIC_FILTERS_PER_LOG_GROUP))).toEqual([]);
});

test("rejects settings a detection cannot take", () => {
  expect(problems("detections:\n  settings:\n    api-enumeration: { threshold: 2.5 }\n")).toEqual([
    expect.stringContaining("detections.settings.api-enumeration.threshold: api-enumeration counts distinct values: its threshold is a whole number, not 2.5"),
  ]);
});

test("rejects settings and exceptions of the trail's detections in an account that does not own the trail", () => {
  expect(problems("", { app: "detections:\n  settings:\n    root-account-usage: { enabled: false }\n    ssh-invalid-user: { threshold: 10 }\n" })).toEqual([
    "app.yaml:8:5 detections.settings.root-account-usage: root-account-usage runs once, on the organization trail's log group in management's account; set its settings in the organization file or in management's",
  ]);
});

describe("alarm spans CloudWatch cannot evaluate", () => {
  test("rejects more than a day of periods under an hour, at the settings that made it", () => {
    expect(problems("detections:\n  settings:\n    root-account-usage:\n      periodSeconds: 600\n      evaluationPeriods: 145\n")).toEqual([
      "organization.yaml:10:5 detections.settings.root-account-usage: periodSeconds × evaluationPeriods is 600 × 145 = 87000 s; CloudWatch evaluates at most 86400 s (one day, or seven days for periods of an hour or more)",
    ]);
  });

  test("accepts up to seven days of hour-long periods", () => {
    expect(problems("detections:\n  settings:\n    root-account-usage:\n      periodSeconds: 3600\n      evaluationPeriods: 168\n")).toEqual([]);
  });

  test("blames the trail owner's file when its settings make the span too long", () => {
    expect(problems("", { management: "detections:\n  settings:\n    console-brute-force:\n      evaluationPeriods: 1441\n" })).toEqual([
      "management.yaml:7:5 detections.settings.console-brute-force: periodSeconds × evaluationPeriods is 60 × 1441 = 86460 s; CloudWatch evaluates at most 86400 s (one day, or seven days for periods of an hour or more)",
    ]);
  });
});

describe("event rules", () => {
  test("an event pattern over EventBridge's 2,048 characters once its exceptions are in is rejected at the exceptions, per file", () => {
    const principals = Array.from({ length: 12 }, (_, i) => `'arn:aws:iam::444455556666:user/contractors/very-long-contractor-name-${i}'`);
    const org = problems(["detections:", "  exceptions:", "    security-service-disabled:", "      - reason: contractors", `        principals: [${principals.join(", ")}]`, ""].join("\n"));
    const base = String(VALID_ORGANIZATION["organization.yaml"]).split("\n").length - 1;
    expect(org).toEqual([
      expect.stringMatching(
        new RegExp(`^organization\\.yaml:${base + 3}:5 detections\\.exceptions\\.security-service-disabled: with its exceptions, the event pattern of tripline-security-service-disabled: the pattern is \\d+ characters long; EventBridge allows 2048`),
      ),
    ]);
    const account = problems("", { app: ["detections:", "  exceptions:", "    security-service-disabled:", "      - reason: contractors", `        principals: [${principals.join(", ")}]`, ""].join("\n") });
    expect(account).toEqual([expect.stringMatching(/^app\.yaml:\d+:5 detections\.exceptions\.security-service-disabled: with its exceptions, the event pattern of tripline-security-service-disabled: the pattern is/)]);
  });

  test("a few exceptions fit, on every event rule", () => {
    const ids = catalog.filter((d) => d.kind === "event-rule").map((d) => d.id);
    const yaml = ["detections:", "  exceptions:", ...ids.flatMap((id) => [`    ${id}:`, "      - reason: the deployment role", "        principals: ['arn:aws:iam::*:role/platform/tripline-deployer']"]), ""];
    expect(problems(yaml.join("\n"))).toEqual([]);
  });
});
