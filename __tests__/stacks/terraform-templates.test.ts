/**
 * No code execution through a manifest: Terraform evaluates `${…}` and `%{…}` in every string
 * of the JSON tripline writes. Every string field of a manifest is refused when it holds one,
 * except free text (exception reasons, user agents), which reaches the stacks escaped; and the
 * stacks escape every literal string, whatever it came from.
 */
import { problemsOf as problemsIn, valueOf } from "../../modules/result";
import { stringify } from "yaml";
import { catalog } from "../../modules/catalog/index";
import { loadOrganization, type OrganizationModel } from "../../modules/manifest/model";
import { formatFieldPath, type FieldPath } from "../../modules/manifest/locate";
import { isFreeText } from "../../modules/manifest/terraform-templates";
import { liveTemplates, liveTemplatesIn } from "../support/live-templates";
import { manifestFolder } from "../support/manifest-folder";
import { synthOrganization } from "../support/synth";

const IDS: ReadonlySet<string> = new Set(catalog.map((d) => d.id));
const SALT = '${file("/etc/passwd")}%{ if true }x%{ endif }';

/** Every field of the schema that holds a string, set once. */
const ORGANIZATION = {
  mode: "organization",
  organizationId: "o-a1b2c3d4e5",
  homeRegion: "us-east-1",
  regions: ["us-east-1", "eu-west-1"],
  stateBackend: { bucket: "tf-state-bucket", region: "us-east-1", keyPrefix: "tripline" },
  tags: { owner: "platform" },
  notifications: {
    email: ["secops@example.com"],
    slack: { webhook: { ssmParameter: "/tripline/slack-webhook" } },
    teams: { webhook: { secretsManager: "tripline/teams-webhook" } },
    webhooks: [{ name: "pager", url: { ssmParameter: "/tripline/pager-url" }, signingSecret: { secretsManager: "tripline/pager-signing" } }],
  },
  trail: {
    logRetentionDays: 365,
    delegatedAdministrator: "security",
    archive: { transitionToGlacierDays: 90, expireDays: 2557, objectLock: { mode: "GOVERNANCE", days: 30 } },
    dataEvents: [{ type: "s3-objects", resources: ["arn:aws:s3:::payments/"] }],
    insights: ["ApiCallRateInsight"],
    logReaders: ["arn:aws:iam::222222222222:role/security-audit"],
  },
  detections: {
    namespace: "tripline",
    schedule: { days: ["Mon"], start: "08:00", end: "18:00", timeZone: "Europe/Berlin" },
    settings: { "unauthorized-api-calls": { enabled: true } },
    exceptions: {
      "unauthorized-api-calls": [{ reason: "the scanner", principals: ["arn:aws:iam::*:role/scanner"], sourceIps: ["10.0.0.0/8"], userAgents: ["scanner/1.0"] }],
    },
  },
};
const account = (name: string, id: string, role: string) => ({
  name,
  id,
  role,
  email: `${name}@example.com`,
  regions: ["us-east-1"],
  assumeRole: "OrganizationAccountAccessRole",
  tags: { team: name },
  detections: { settings: { "console-brute-force": { enabled: true } }, exceptions: { "console-brute-force": [{ reason: "the NAT", sourceIps: ["192.0.2.1"] }] } },
});
const ACCOUNTS = {
  management: { ...account("management", "111111111111", "management"), assumeRole: undefined, detections: undefined },
  security: { ...account("security", "222222222222", "security"), detections: undefined },
  "log-archive": { ...account("log-archive", "333333333333", "log-archive"), detections: undefined },
  app: account("app", "444444444444", "workload"),
};

type Files = Record<string, unknown>;
const filesOf = (organization: unknown, accounts: Record<string, unknown>): Files => ({
  "organization.yaml": organization,
  ...Object.fromEntries(Object.entries(accounts).map(([name, a]) => [`${name}.yaml`, a])),
});
const folderOf = (files: Files): string =>
  manifestFolder(Object.fromEntries(Object.entries(files).map(([name, doc]) => [name, stringify(doc)])), {});

/** Every string leaf and every key of a document, by path. */
function* placesOf(value: unknown, path: FieldPath = []): Generator<{ path: FieldPath; isKey: boolean }> {
  if (typeof value === "string") yield { path, isKey: false };
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* placesOf(item, [...path, i]);
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      yield { path: [...path, key], isKey: true };
      yield* placesOf(item, [...path, key]);
    }
  }
}

/** A deep copy of `doc` with `SALT` appended at `path` (to the key when `isKey`). */
function salted<T>(doc: T, path: FieldPath, isKey: boolean): T {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (isKey) {
    const entries = Object.entries(parent).map(([k, v]) => [k === last ? `${k}${SALT}` : k, v]);
    for (const k of Object.keys(parent)) delete parent[k];
    Object.assign(parent, Object.fromEntries(entries));
  } else {
    parent[last] = `${parent[last] as string}${SALT}`;
  }
  return copy as T;
}

test("the unsalted manifest is valid (the salting below changes one field at a time)", () => {
  expect(problemsIn(loadOrganization(folderOf(filesOf(ORGANIZATION, ACCOUNTS)), IDS))).toEqual([]);
});

describe("every string field and key but free text refuses ${ and %{", () => {
  const cases = [
    ...[...placesOf(ORGANIZATION)].map((place) => ({ file: "organization.yaml", ...place })),
    ...[...placesOf(ACCOUNTS.app)].map((place) => ({ file: "app.yaml", ...place })),
  ].filter(({ path, isKey }) => isKey || !isFreeText(path));

  test.each(cases.map((c) => [`${c.file} ${formatFieldPath(c.path)}${c.isKey ? " (key)" : ""}`, c] as const))("%s", (_, { file, path, isKey }) => {
    const files = file === "organization.yaml" ? filesOf(salted(ORGANIZATION, path, isKey), ACCOUNTS) : filesOf(ORGANIZATION, { ...ACCOUNTS, app: salted(ACCOUNTS.app, path, isKey) });
    const result = loadOrganization(folderOf(files), IDS);
    expect(result.ok).toBe(false);
    const problems = problemsIn(result);
    const field = formatFieldPath(isKey ? [...path.slice(0, -1), `${String(path[path.length - 1])}${SALT}`] : path);
    expect(problems.map((p) => [p.file.endsWith(file), p.field, p.message.endsWith('holds "${" or "%{", which Terraform would evaluate as code; only exception reasons and user agents may (written escaped)')])).toEqual([
      [true, field, true],
    ]);
  });

  test("cdktf's token marker is refused even in free text", () => {
    const organization = structuredClone(ORGANIZATION);
    organization.detections.exceptions["unauthorized-api-calls"][0].userAgents = ["${TfToken[TOKEN.1]}"];
    const problems = problemsIn(loadOrganization(folderOf(filesOf(organization, ACCOUNTS)), IDS));
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      `detections.exceptions.unauthorized-api-calls[0].userAgents[0]: "\${TfToken[TOKEN.1]}" holds "TfToken[", cdktf's token marker: it would be replaced by a reference`,
    ]);
  });
});

describe("free text reaches the stacks escaped", () => {
  const organization = structuredClone(ORGANIZATION);
  const exception = organization.detections.exceptions["unauthorized-api-calls"][0];
  exception.reason = `the scanner ${SALT}`;
  exception.userAgents = [`scanner/1.0 ${SALT.replaceAll('"', "")}`];
  const loaded = loadOrganization(folderOf(filesOf(organization, ACCOUNTS)), IDS);
  const model = valueOf(loaded);
  const problems = problemsIn(loaded);

  test("the manifest is valid, and the model keeps the raw text (replay compares against it)", () => {
    expect(problems).toEqual([]);
    expect(model?.detections.exceptions?.["unauthorized-api-calls"][0].userAgents).toEqual([`scanner/1.0 ${SALT.replaceAll('"', "")}`]);
  });

  test("no string of any stack holds a live template, and the user agent is there, escaped", () => {
    const stacks = synthOrganization(model!);
    expect(Object.keys(stacks).sort()).toEqual(["app", "log-archive", "management", "security"]);
    for (const { tf } of Object.values(stacks)) expect(liveTemplatesIn(tf)).toEqual([]);
    const all = Object.values(stacks).map((s) => s.json).join("\n");
    expect(all).toContain("scanner/1.0 $${file(/etc/passwd)}%%{ if true }x%%{ endif }");
  });
});

test("every string of a model salted behind the schema's back still synthesizes nothing live", () => {
  // Defence in depth: whatever a future field lets through, the stacks escape it.
  const model = valueOf(loadOrganization(folderOf(filesOf(ORGANIZATION, ACCOUNTS)), IDS));
  const saltModel = (value: unknown, key = ""): unknown => {
    if (typeof value === "string") return ["name", "file", "homeRegion", "partition", "mode", "role", "id", "sourceIps", "timeZone", "days", "start", "end"].includes(key) || /^[a-z]{2}(-[a-z]+)+-\d$/.test(value) ? value : `${value}${SALT}`;
    if (Array.isArray(value)) return value.map((item) => saltModel(item, key));
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, saltModel(v, k)]));
    return value;
  };
  const salty = saltModel({ ...model! }) as OrganizationModel;
  const byName = new Map(salty.accounts.map((a) => [a.name, a]));
  const reconnected: OrganizationModel = {
    ...salty,
    locate: model!.locate,
    trailOwner: byName.get(model!.trailOwner.name)!,
    management: byName.get("management")!,
    logArchive: byName.get("log-archive")!,
    security: byName.get("security")!,
  };
  const stacks = synthOrganization(reconnected);
  const all = Object.values(stacks).map((s) => s.json).join("\n");
  expect(all).toContain("$${file(");
  for (const { tf } of Object.values(stacks)) expect(liveTemplatesIn(tf)).toEqual([]);
});

test("the live-template finder itself", () => {
  expect(liveTemplates('${file("x")} $${escaped} %{ if } %%{ no } $$${three} ${aws_s3_bucket.b_1.id}')).toEqual(['${file("x")} $${escaped} %{ if } %%{ no ', "%{ if } %%{ no } $$${three} ${aws_s3_buc"]);
});
