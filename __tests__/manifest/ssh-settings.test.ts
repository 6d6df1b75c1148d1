/** The manifest's `ssh` section: validation with places, and how an account's settings resolve. */
import { formatProblem } from "../../modules/manifest/problem";
import { DEFAULT_SSH_INSTANCE_TAG, DEFAULT_SSH_LOG_RETENTION_DAYS, DEFAULT_SSH_SCHEDULE, loadOrganization } from "../../modules/manifest/model";
import { manifestFolder, type ManifestFiles } from "../support/manifest-folder";
import { problemsOf, valueOf } from "../../modules/result";

const ORG = (extra: string) => `organizationId: o-a1b2c3d4e5\nhomeRegion: us-east-1\nregions: [us-east-1, eu-west-1]\n${extra}`;
const APP = (extra: string) => `name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\n${extra}`;

function load(changes: ManifestFiles) {
  const dir = manifestFolder(changes);
  const result = loadOrganization(dir, new Set());
  return { model: valueOf(result), problems: problemsOf(result).map((p) => formatProblem(p).replaceAll(dir, "accounts")) };
}

describe("defaults and overrides", () => {
  test("without an ssh section every account ships from the home Region (app: its own), tagged tripline:ssh-logs = enabled", () => {
    const { model } = load({});
    expect(model?.accounts.map((a) => a.ssh)).toEqual(
      model?.accounts.map((a) => ({
        // app enables eu-west-1 only (the base manifest), so it ships there.
        regions: [a.name === "app" ? "eu-west-1" : "us-east-1"],
        instanceTag: DEFAULT_SSH_INSTANCE_TAG,
        instanceProfile: false,
        schedule: DEFAULT_SSH_SCHEDULE,
        logRetentionDays: DEFAULT_SSH_LOG_RETENTION_DAYS,
      })),
    );
    expect(DEFAULT_SSH_INSTANCE_TAG).toEqual({ key: "tripline:ssh-logs", value: "enabled" });
  });

  test("an account that enables the home Region ships from it, wherever else it runs", () => {
    const { model } = load({ "app.yaml": APP("regions: [eu-west-1, us-east-1]\n") });
    expect(model?.accounts.find((a) => a.name === "app")?.ssh?.regions).toEqual(["us-east-1"]);
  });

  test("an account overrides the organization field by field, and can turn shipping off", () => {
    const { model, problems } = load({
      "organization.yaml": ORG("ssh:\n  schedule: rate(2 hours)\n  logRetentionDays: 30\n  instanceTag: { key: Team, value: web }\n"),
      "app.yaml": APP("ssh:\n  regions: [eu-west-1]\n  instanceProfile: true\n"),
      "security.yaml": 'name: security\nid: "222222222222"\nrole: security\nemail: security@example.com\nssh: { enabled: false }\n',
    });
    expect(problems).toEqual([]);
    const app = model?.accounts.find((a) => a.name === "app");
    expect(app?.ssh).toEqual({ regions: ["eu-west-1"], instanceTag: { key: "Team", value: "web" }, instanceProfile: true, schedule: "rate(2 hours)", logRetentionDays: 30 });
    expect(model?.accounts.find((a) => a.name === "security")?.ssh).toBeUndefined();
  });
});

describe("mistakes are reported with file, line, column and field", () => {
  test.each<[string, ManifestFiles, string[]]>([
    [
      "a tag value that Terraform would interpolate",
      { "app.yaml": APP('ssh:\n  instanceTag: { key: role, value: "${file(\\"/etc/passwd\\")}" }\n') },
      ["accounts/app.yaml:6:36 ssh.instanceTag.value: tag values are letters, digits, spaces and _.:/=+-@"],
    ],
    ["a reserved tag key", { "app.yaml": APP("ssh:\n  instanceTag: { key: \"aws:name\", value: x }\n") }, ["accounts/app.yaml:6:23 ssh.instanceTag.key: tag keys starting with aws: are reserved for AWS"]],
    [
      "a schedule State Manager refuses",
      { "organization.yaml": ORG("ssh:\n  schedule: rate(5 minutes)\n") },
      ["accounts/organization.yaml:5:13 ssh.schedule: expected a State Manager schedule: rate(N minutes) with N ≥ 30, rate(N hours|days), or cron(...)"],
    ],
    [
      "a Region the account has not enabled, and one listed twice",
      { "app.yaml": APP("regions: [us-east-1]\nssh:\n  regions: [us-east-1, eu-west-1, us-east-1]\n") },
      [
        'accounts/app.yaml:7:24 ssh.regions[1]: "eu-west-1" is not among the account\'s enabled regions (us-east-1)',
        'accounts/app.yaml:7:35 ssh.regions[2]: "us-east-1" is listed twice',
      ],
    ],
    ["a retention CloudWatch Logs does not offer", { "organization.yaml": ORG("ssh:\n  logRetentionDays: 10\n") }, [expect.stringMatching(/^accounts\/organization\.yaml:5:21 ssh\.logRetentionDays: expected one of CloudWatch Logs' retention values/)]],
  ])("%s", (_case, changes, expected) => {
    expect(load(changes).problems).toEqual(expected);
  });
});
