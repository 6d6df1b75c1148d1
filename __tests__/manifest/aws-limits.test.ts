/** Values AWS would reject at apply are refused at validate, with the value and the rule. */
import { problemsOf as problemsIn } from "../../modules/result";
import { loadOrganization } from "../../modules/manifest/model";
import { formatProblem } from "../../modules/manifest/problem";
import { manifestFolder, VALID_ORGANIZATION, type ManifestFiles } from "../support/manifest-folder";

function problemsOf(changes: ManifestFiles): string[] {
  const dir = manifestFolder(changes);
  return problemsIn(loadOrganization(dir, new Set())).map((p) => formatProblem(p).replaceAll(dir, "accounts"));
}
const APP = 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\n';
const ORG = VALID_ORGANIZATION["organization.yaml"] as string;
const withTags = (lines: string[]) => ({ "app.yaml": `${APP}tags:\n${lines.map((l) => `  ${l}`).join("\n")}\n` });

describe("tags follow AWS's rules", () => {
  test.each([
    ["a key over 128 characters", [`${"k".repeat(129)}: v`], `accounts/app.yaml:6:3 tags.${"k".repeat(60)}…: tag key "${"k".repeat(60)}…" (129 characters) must be 1 to 128 characters`],
    ["a value over 256 characters", [`k: ${"v".repeat(257)}`], `accounts/app.yaml:6:6 tags.k: tag value "${"v".repeat(60)}…" (257 characters) is longer than 256 characters`],
    ["a key with a character AWS refuses", ['"cost;centre": x'], 'accounts/app.yaml:6:3 tags.cost;centre: tag key "cost;centre" may hold only letters, digits, spaces and _.:/=+-@'],
    ["a value with a character AWS refuses", ['owner: "a<b>"'], 'accounts/app.yaml:6:10 tags.owner: tag value "a<b>" may hold only letters, digits, spaces and _.:/=+-@'],
    ["the aws: prefix", ["AWS:team: x"], 'accounts/app.yaml:6:3 tags.AWS:team: tag key "AWS:team" starts with "aws:", which AWS reserves for its own tags'],
  ])("%s", (_, lines, message) => {
    expect(problemsOf(withTags(lines))).toEqual([message]);
  });

  test("Unicode letters, spaces and the allowed signs are accepted", () => {
    expect(problemsOf(withTags(["Équipe: données clients", "path/to:key=+-@_.: café 42"]))).toEqual([]);
  });

  test("more than 50 tags in one file", () => {
    expect(problemsOf(withTags(Array.from({ length: 51 }, (_, i) => `t${i}: x`)))).toEqual(["accounts/app.yaml:6:3 tags: more than 50 tags: AWS takes at most 50 a resource"]);
  });

  test("more than 50 with the organization's default tags", () => {
    const org = `${ORG.replace("tags:\n  owner: platform\n", `tags:\n${Array.from({ length: 30 }, (_, i) => `  o${i}: x\n`).join("")}`)}`;
    expect(problemsOf({ "organization.yaml": org, ...withTags(Array.from({ length: 21 }, (_, i) => `a${i}: x`)) })).toEqual([
      "accounts/app.yaml:6:3 tags: 51 tags with the organization's: AWS takes at most 50 a resource",
    ]);
  });
});

describe("names, emails and namespaces AWS rejects", () => {
  test("an account email over 64 characters (Organizations' limit)", () => {
    const email = `${"a".repeat(60)}@example.com`;
    expect(problemsOf({ "app.yaml": APP.replace("app@example.com", email) })).toEqual([
      `accounts/app.yaml:4:8 email: "${"a".repeat(60)}…" (72 characters) is longer than AWS accepts here (64 characters)`,
    ]);
  });

  test("a malformed email is one problem, not two", () => {
    expect(problemsOf({ "app.yaml": APP.replace("app@example.com", "a@b") })).toEqual(['accounts/app.yaml:4:8 email: "a@b" is not an email address']);
  });

  test("a namespace in AWS's own space, or with a character CloudWatch refuses", () => {
    expect(problemsOf({ "organization.yaml": `${ORG}detections:\n  namespace: AWS/Tripline\n` })).toEqual([
      'accounts/organization.yaml:9:14 detections.namespace: "AWS/Tripline" is not a CloudWatch namespace: 1–255 of letters, digits and ._/#- and spaces, not starting with AWS/',
    ]);
    expect(problemsOf({ "organization.yaml": `${ORG}detections:\n  namespace: "a;b"\n` })).toHaveLength(1);
  });

  test("an unknown Region", () => {
    expect(problemsOf({ "app.yaml": `${APP}regions: [us-east1]\n` })).toEqual(['accounts/app.yaml:5:11 regions[0]: "us-east1" is not an AWS region']);
  });
});

describe("trail.logReaders: named roles of the organization's own accounts", () => {
  const readers = (...arns: string[]) => ({ "organization.yaml": `${ORG}trail:\n  logReaders:\n${arns.map((a) => `    - "${a}"\n`).join("")}` });

  test.each([
    ["a wildcard account and principal", "arn:aws:iam::*:*"],
    ["a wildcard account", "arn:aws:iam::*:role/audit"],
    ["a wildcard name", "arn:aws:iam::222222222222:role/audit-*"],
    ["a user, not a role", "arn:aws:iam::222222222222:user/alice"],
    ["an account root", "arn:aws:iam::222222222222:root"],
  ])("%s is refused", (_, arn) => {
    expect(problemsOf(readers(arn))).toEqual([
      `accounts/organization.yaml:10:7 trail.logReaders[0]: "${arn}" is not a role ARN without wildcards (arn:aws:iam::<account id>:role/<name>): name one role`,
    ]);
  });

  test("a role of an account outside the manifest is refused", () => {
    expect(problemsOf(readers("arn:aws:iam::999999999999:role/audit"))).toEqual([
      "accounts/organization.yaml:10:7 trail.logReaders[0]: account 999999999999 is not one of the organization's accounts (444444444444, 333333333333, 111111111111, 222222222222); a log reader is a role of one of them",
    ]);
  });

  test("a role of the organization's own account is accepted", () => {
    expect(problemsOf(readers("arn:aws:iam::222222222222:role/audit/security-audit"))).toEqual([]);
  });
});

test("an allow-list longer than 100 entries is refused before it is compiled", () => {
  const entries = Array.from({ length: 101 }, (_, i) => `      - { reason: r${i}, sourceIps: [10.0.0.${i % 256}] }\n`).join("");
  expect(problemsOf({ "organization.yaml": `${ORG}detections:\n  exceptions:\n    root-account-usage:\n${entries}` })).toEqual([
    "accounts/organization.yaml:11:7 detections.exceptions.root-account-usage: a list is too large (maximum 100)",
  ]);
});
