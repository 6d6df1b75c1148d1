import { formatProblem } from "../../modules/manifest/problem";
import { loadOrganization } from "../../modules/manifest/model";
import { problemsOf as problemsIn, valueOf } from "../../modules/result";
import { manifestFolder, type ManifestFiles } from "../support/manifest-folder";

const KNOWN_DETECTIONS = new Set(["console-brute-force", "root-account-usage"]);

/** Every problem of a folder, formatted, with the temp folder replaced by `accounts`. */
function problemsOf(changes: ManifestFiles): string[] {
  const dir = manifestFolder(changes);
  const result = loadOrganization(dir, KNOWN_DETECTIONS);
  return problemsIn(result).map((p) => formatProblem(p).replaceAll(dir, "accounts"));
}

const ORG = (extra: string) =>
  `organizationId: o-a1b2c3d4e5\nhomeRegion: us-east-1\nregions: [us-east-1, eu-west-1]\n${extra}`;

describe("a valid organization", () => {
  test("has no problems and resolves every account", () => {
    const dir = manifestFolder();
    const result = loadOrganization(dir, KNOWN_DETECTIONS);
    expect(problemsIn(result)).toEqual([]);
    expect(valueOf(result)?.accounts.map((a) => a.name)).toEqual(["app", "log-archive", "management", "security"]);
    expect(valueOf(result)?.trailOwner.name).toBe("management");
  });
});

describe("validate reports each mistake with file, line, column and field", () => {
  test.each<[string, ManifestFiles, string[]]>([
    [
      "a YAML syntax error",
      { "app.yaml": 'name: app\nid: "444444444444\nrole: workload\n' },
      ['accounts/app.yaml:2:5: YAML syntax: Missing closing "quote'],
    ],
    ["an empty file", { "app.yaml": "" }, ["accounts/app.yaml: is empty"]],
    ["a file of comments only", { "app.yaml": "# nothing yet\n" }, ["accounts/app.yaml: is empty"]],
    ["a binary file", { "app.yaml": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) }, ["accounts/app.yaml: is not a text file (binary content)"]],
    [
      "an unknown key with a close match",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\nregoins: [eu-west-1]\n' },
      ['accounts/app.yaml:5:1 regoins: unknown key "regoins"; did you mean "regions"?'],
    ],
    [
      "an unknown key with no close match",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\ncolour: blue\n' },
      ['accounts/app.yaml:5:1 colour: unknown key "colour"; allowed: name, id, role, email, regions, assumeRole, tags, detections, ssh'],
    ],
    [
      "an unknown nested key",
      { "organization.yaml": ORG("notifications:\n  slak:\n    webhook: { ssmParameter: /tripline/slack }\n") },
      ['accounts/organization.yaml:5:3 notifications.slak: unknown key "slak"; did you mean "slack"?'],
    ],
    [
      "a missing required field",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\n' },
      ["accounts/app.yaml:1:1 email: required field is missing"],
    ],
    [
      "a wrong type",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\nregions: eu-west-1\n' },
      ['accounts/app.yaml:5:10 regions: expected a list, got "eu-west-1"'],
    ],
    [
      "an id that is not 12 digits",
      { "app.yaml": 'name: app\nid: "44444444444"\nrole: workload\nemail: app@example.com\n' },
      ['accounts/app.yaml:2:5 id: "44444444444" is not a 12-digit AWS account id'],
    ],
    [
      "an unquoted id",
      { "app.yaml": "name: app\nid: 044444444444\nrole: workload\nemail: app@example.com\n" },
      ["accounts/app.yaml:2:5 id: account ids must be quoted strings: YAML reads an unquoted id as a number and drops leading zeros"],
    ],
    [
      "an unknown role",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: worker\nemail: app@example.com\n' },
      ['accounts/app.yaml:3:7 role: "worker" is not one of: management, log-archive, security, workload, standalone'],
    ],
    [
      "a duplicate account id",
      { "app.yaml": 'name: app\nid: "222222222222"\nrole: workload\nemail: app@example.com\n' },
      ['accounts/security.yaml:2:5 id: "222222222222" is also the id of app (accounts/app.yaml)'],
    ],
    [
      "a duplicate account name",
      { "app2.yaml": 'name: app\nid: "555555555555"\nrole: workload\nemail: app@example.com\n' },
      [
        'accounts/app2.yaml:1:7 name: "app" differs from the file name "app2"; name the file app.yaml',
        'accounts/app2.yaml:1:7 name: "app" is also the name in accounts/app.yaml',
      ],
    ],
    [
      "a file whose name disagrees with the account name",
      { "app.yaml": 'name: payments\nid: "444444444444"\nrole: workload\nemail: app@example.com\n' },
      ['accounts/app.yaml:1:7 name: "payments" differs from the file name "app"; name the file payments.yaml'],
    ],
    [
      "an unknown AWS region",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\nregions: [eu-west-1, us-mars-1]\n' },
      ['accounts/app.yaml:5:22 regions[1]: "us-mars-1" is not an AWS region'],
    ],
    [
      "an account region outside the organization's enabled set",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\nregions: [us-west-2]\n' },
      ['accounts/app.yaml:5:11 regions[0]: "us-west-2" is not enabled in the organization (us-east-1, eu-west-1)'],
    ],
    [
      "a home region that is not enabled",
      { "organization.yaml": "organizationId: o-a1b2c3d4e5\nhomeRegion: us-west-2\nregions: [us-east-1, eu-west-1]\n" },
      ['accounts/organization.yaml:2:13 homeRegion: "us-west-2" is not among the enabled regions (us-east-1, eu-west-1)'],
    ],
    [
      "no management account",
      { "management.yaml": null },
      ["accounts/organization.yaml: no account has role management; an organization needs exactly one"],
    ],
    [
      "two security accounts",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: security\nemail: app@example.com\n' },
      ["accounts/security.yaml:3:7 role: a second security account (app in accounts/app.yaml is one already); an organization has exactly one"],
    ],
    [
      "no log-archive account",
      { "log-archive.yaml": null },
      ["accounts/organization.yaml: no account has role log-archive; an organization needs exactly one"],
    ],
    [
      "an invalid email",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app-at-example.com\n' },
      ['accounts/app.yaml:4:8 email: "app-at-example.com" is not an email address'],
    ],
    [
      "a literal Teams Workflows URL where its secret reference belongs (the URL is not echoed)",
      { "organization.yaml": ORG("notifications:\n  teams:\n    webhook: https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=SECRET\n") },
      [`accounts/organization.yaml:6:14 notifications.teams.webhook: ${literalUrlMessage("Teams Workflows webhook")}`],
    ],
    [
      "a literal Slack webhook URL anywhere, even in a tag",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\ntags:\n  hook: "see https://hooks.slack.com/services/T0/B0/SECRET"\n' },
      [`accounts/app.yaml:6:9 tags.hook: ${literalUrlMessage("Slack webhook")}`],
    ],
    [
      "a generic webhook's literal URL",
      { "organization.yaml": ORG("notifications:\n  webhooks:\n    - name: soc\n      url: https://soc.example.com/hook\n      signingSecret: { ssmParameter: /tripline/soc-key }\n") },
      [`accounts/organization.yaml:7:12 notifications.webhooks[0].url: ${literalUrlMessage("webhook URL")}`],
    ],
    [
      "a secret reference naming both stores",
      { "organization.yaml": ORG("notifications:\n  slack:\n    webhook: { ssmParameter: /a, secretsManager: b }\n") },
      ["accounts/organization.yaml:6:14 notifications.slack.webhook: give exactly one of ssmParameter and secretsManager"],
    ],
    [
      "routing to a channel that is not configured, and for a detection that does not exist",
      { "organization.yaml": ORG("notifications:\n  email: [a@example.com]\n  routing:\n    severity:\n      low: [email, slack]\n    detections:\n      root-acount-usage: [email]\n") },
      [
        'accounts/organization.yaml:8:20 notifications.routing.severity.low[1]: "slack" is not a configured channel; configured: email',
        'accounts/organization.yaml:10:7 notifications.routing.detections.root-acount-usage: "root-acount-usage" is not a detection id; see tripline\'s catalog (README, Detections)',
      ],
    ],
    [
      "an IAM role name that AWS would reject",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\nassumeRole: "deploy role!"\n' },
      ['accounts/app.yaml:5:13 assumeRole: "deploy role!" is neither an IAM role name (1–64 of letters, digits and +=,.@_-) nor a role ARN'],
    ],
    [
      "an IAM role ARN that AWS would reject",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\nassumeRole: "arn:aws:iam::444444444444:user/deployer"\n' },
      ['accounts/app.yaml:5:13 assumeRole: "arn:aws:iam::444444444444:user/deployer" is neither an IAM role name (1–64 of letters, digits and +=,.@_-) nor a role ARN'],
    ],
    [
      "a role ARN in another account",
      { "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\nassumeRole: arn:aws:iam::999999999999:role/deployer\n' },
      ["accounts/app.yaml:5:13 assumeRole: role arn:aws:iam::999999999999:role/deployer is in account 999999999999, not in this account (444444444444)"],
    ],
    [
      "an organization without its id",
      { "organization.yaml": "homeRegion: us-east-1\nregions: [us-east-1, eu-west-1]\n" },
      ["accounts/organization.yaml:1:1 organizationId: required in organization mode (or set mode: standalone)"],
    ],
    [
      "a malformed organization id",
      { "organization.yaml": "organizationId: org-1\nhomeRegion: us-east-1\nregions: [us-east-1, eu-west-1]\n" },
      ['accounts/organization.yaml:1:17 organizationId: "org-1" is not an organization id (o- and 10–32 lower-case letters or digits)'],
    ],
    [
      "a missing organization file",
      { "organization.yaml": null },
      ["accounts/organization.yaml: missing: every manifest folder needs its organization file"],
    ],
    [
      "a detection id that does not exist",
      { "organization.yaml": ORG("detections:\n  settings:\n    console-brute-forse:\n      threshold: 10\n") },
      ['accounts/organization.yaml:6:5 detections.settings.console-brute-forse: "console-brute-forse" is not a detection id; see tripline\'s catalog (README, Detections)'],
    ],
    [
      "an alarm period under a minute",
      { "organization.yaml": ORG("detections:\n  settings:\n    console-brute-force:\n      periodSeconds: 30\n") },
      ["accounts/organization.yaml:7:22 detections.settings.console-brute-force.periodSeconds: 30 seconds is not a multiple of 60 from 60 to 86400: the detections' metrics are standard resolution"],
    ],
    [
      "a bad time zone",
      { "organization.yaml": ORG("detections:\n  schedule:\n    timeZone: Europe/Dublinn\n") },
      ['accounts/organization.yaml:6:15 detections.schedule.timeZone: "Europe/Dublinn" is not an IANA time zone'],
    ],
    [
      "a retention CloudWatch Logs does not offer",
      { "organization.yaml": ORG("trail:\n  logRetentionDays: 100\n") },
      [
        "accounts/organization.yaml:5:21 trail.logRetentionDays: expected one of CloudWatch Logs' retention values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
      ],
    ],
    [
      "a delegated administrator that is not an account",
      { "organization.yaml": ORG("trail:\n  delegatedAdministrator: audit\n") },
      ['accounts/organization.yaml:5:27 trail.delegatedAdministrator: no account named "audit"; known: app, log-archive, management, security'.replace("no account named", "no account is named")],
    ],
  ])("%s", (_case, changes, expected) => {
    expect(problemsOf(changes)).toEqual(expected);
  });

  test("reports every problem of every file at once, sorted", () => {
    const problems = problemsOf({
      "app.yaml": 'name: app\nid: "1"\nrole: workload\nemail: nope\n',
      "security.yaml": 'name: security\nid: "222222222222"\nrole: security\nemail: sec@example.com\nregions: [mars-1]\n',
    });
    expect(problems).toEqual([
      'accounts/app.yaml:2:5 id: "1" is not a 12-digit AWS account id',
      'accounts/app.yaml:4:8 email: "nope" is not an email address',
      'accounts/security.yaml:5:11 regions[0]: "mars-1" is not an AWS region',
    ]);
  });

  test("refuses a folder that does not exist", () => {
    const result = loadOrganization("/nonexistent/tripline-accounts", KNOWN_DETECTIONS);
    expect(problemsIn(result).map(formatProblem)).toEqual(["/nonexistent/tripline-accounts: no such folder"]);
  });
});

describe("standalone mode", () => {
  const standalone: ManifestFiles = {
    "organization.yaml": "mode: standalone\nhomeRegion: eu-central-1\nregions: [eu-central-1]\n",
    "management.yaml": null,
    "log-archive.yaml": null,
    "security.yaml": null,
    "app.yaml": 'name: app\nid: "444444444444"\nrole: standalone\nemail: app@example.com\n',
  };

  test("one standalone account is valid and holds every role", () => {
    const result = loadOrganization(manifestFolder(standalone), KNOWN_DETECTIONS);
    expect(problemsIn(result)).toEqual([]);
    expect(valueOf(result)?.management.name).toBe("app");
    expect(valueOf(result)?.logArchive.name).toBe("app");
    expect(valueOf(result)?.accounts[0].assumeRoleArn).toBeUndefined();
  });

  test("a second account is refused", () => {
    expect(problemsOf({ ...standalone, "other.yaml": 'name: other\nid: "555555555555"\nrole: standalone\nemail: o@example.com\n' })).toEqual([
      "accounts/organization.yaml: mode standalone needs exactly one account file, with role standalone; found 2",
    ]);
  });
});

/** What validate says of a literal webhook URL: how to store it, never the URL. */
function literalUrlMessage(kind: string): string {
  return (
    `a ${kind} is a secret and must not be written in a manifest (it would reach git, the synthesized stack and Terraform's state); ` +
    "store it in the security account and home Region, e.g. aws ssm put-parameter --type SecureString --name /tripline/<channel>-webhook --value '<url>' " +
    "(or aws secretsmanager create-secret --name tripline/<channel>-webhook --secret-string '<url>'), " +
    "then name it: webhook: { ssmParameter: /tripline/<channel>-webhook } (url: for a generic webhook)"
  );
}
