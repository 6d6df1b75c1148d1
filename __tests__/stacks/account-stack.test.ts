import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3_LOCKFILE_TERRAFORM_VERSION } from "../../modules/stacks/backend";
import { organizationFrom, synthOrganization } from "../support/synth";

describe("one stack per account", () => {
  const stacks = synthOrganization(organizationFrom());

  test("is named by the account", () => {
    expect(Object.keys(stacks).sort()).toEqual(["app", "log-archive", "management", "security"]);
  });

  test("has an aliased provider per region, the home region first, then the sign-in regions", () => {
    const providers = stacks.app.tf.provider?.aws ?? [];
    expect(providers.map((p) => [p.alias, p.region])).toEqual([
      ["us-east-1", "us-east-1"],
      ["eu-west-1", "eu-west-1"],
      ["us-east-2", "us-east-2"],
      ["eu-north-1", "eu-north-1"],
      ["ap-southeast-2", "ap-southeast-2"],
    ]);
  });

  test("pins every provider to its account id", () => {
    for (const [name, { tf }] of Object.entries(stacks)) {
      const id = { app: "444444444444", "log-archive": "333333333333", management: "111111111111", security: "222222222222" }[name];
      for (const provider of tf.provider?.aws ?? []) expect(provider.allowed_account_ids).toEqual([id]);
    }
  });

  test("assumes OrganizationAccountAccessRole in member accounts", () => {
    expect(stacks.app.json).toHaveProviderWithProperties(
      AwsProvider,
      { alias: "eu-west-1", assume_role: [{ role_arn: "arn:aws:iam::444444444444:role/OrganizationAccountAccessRole", session_name: "tripline-app" }] },
    );
  });

  test("assumes no role in the management account, where that role does not exist", () => {
    for (const provider of stacks.management.tf.provider?.aws ?? []) expect(provider.assume_role).toBeUndefined();
  });

  test("applies the manifest's tags as default tags", () => {
    expect(stacks.app.json).toHaveProviderWithProperties(AwsProvider, { default_tags: [{ tags: { owner: "platform" } }] });
  });

  test("keeps state locally by default, one file per stack", () => {
    expect(stacks.app.tf.terraform?.backend).toEqual({ local: { path: "terraform.app.tfstate" } });
  });
});

describe("account overrides", () => {
  const organization = organizationFrom({
    "app.yaml": [
      "name: app",
      'id: "444444444444"',
      "role: workload",
      "email: app@example.com",
      "assumeRole: arn:aws:iam::444444444444:role/platform/deployer",
      "tags:",
      "  owner: payments",
      "  cost-center: cc-42",
      "",
    ].join("\n"),
    "security.yaml": 'name: security\nid: "222222222222"\nrole: security\nemail: s@example.com\nassumeRole: SecurityDeployer\n',
  });
  const stacks = synthOrganization(organization);

  test("a role ARN is used as written", () => {
    expect(stacks.app.json).toHaveProviderWithProperties(
      AwsProvider,
      { assume_role: [{ role_arn: "arn:aws:iam::444444444444:role/platform/deployer", session_name: "tripline-app" }] },
    );
  });

  test("a role name becomes an ARN in the account", () => {
    expect(stacks.security.json).toHaveProviderWithProperties(
      AwsProvider,
      { assume_role: [{ role_arn: "arn:aws:iam::222222222222:role/SecurityDeployer", session_name: "tripline-security" }] },
    );
  });

  test("account tags override the organization's", () => {
    expect(stacks.app.json).toHaveProviderWithProperties(
      AwsProvider,
      { default_tags: [{ tags: { owner: "payments", "cost-center": "cc-42" } }] },
    );
  });

  test("regions default to the organization's", () => {
    expect((stacks.app.tf.provider?.aws ?? []).map((p) => p.region)).toEqual(["us-east-1", "eu-west-1", "us-east-2", "eu-north-1", "ap-southeast-2"]);
  });
});

describe("S3 backend", () => {
  const organization = organizationFrom({
    "organization.yaml": [
      "organizationId: o-a1b2c3d4e5",
      "homeRegion: us-east-1",
      "regions: [us-east-1, eu-west-1]",
      "stateBackend:",
      "  bucket: acme-terraform-state",
      "  region: eu-west-1",
      "  keyPrefix: baseline/tripline",
      "",
    ].join("\n"),
  });
  const stacks = synthOrganization(organization);

  test("gives each stack its own key, encrypted, with S3-native locking", () => {
    expect(stacks.app.tf.terraform?.backend).toEqual({
      s3: { bucket: "acme-terraform-state", key: "baseline/tripline/app.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true },
    });
    expect(stacks.security.tf.terraform?.backend).toMatchObject({ s3: { key: "baseline/tripline/security.tfstate" } });
  });

  test("declares the Terraform version that S3-native locking needs", () => {
    expect(stacks.app.tf.terraform?.required_version).toBe(S3_LOCKFILE_TERRAFORM_VERSION);
  });

});
