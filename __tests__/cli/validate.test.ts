import { capture } from "../support/command-io";
import { main } from "../../modules/cli/main";
import { EXIT } from "../../modules/manifest/problem";
import { manifestFolder } from "../support/manifest-folder";

describe("tripline validate", () => {
  test("accepts a valid folder, exit 0", async () => {
    const { io, chunks } = capture();
    const dir = manifestFolder();
    expect(await main(["validate", "--accounts", dir], io)).toBe(EXIT.ok);
    expect(chunks.stdout).toBe(`${dir}: organization, 4 accounts, 2 regions: valid\n`);
  });

  test("prints every problem without a stack trace, exit 1", async () => {
    const { io, chunks } = capture();
    const dir = manifestFolder({ "app.yaml": 'name: app\nid: "1"\nrole: workload\nemail: nope\n' });
    expect(await main(["validate", "--accounts", dir], io)).toBe(EXIT.invalidInput);
    expect(chunks.stderr).toBe(
      [`${dir}/app.yaml:2:5 id: "1" is not a 12-digit AWS account id`, `${dir}/app.yaml:4:8 email: "nope" is not an email address`, `2 problems in ${dir}`, ""].join("\n"),
    );
    expect(chunks.stderr).not.toMatch(/\n\s+at /);
  });

  test("refuses an unknown option, exit 1", async () => {
    const { io, chunks } = capture();
    expect(await main(["validate", "--acounts", "x"], io)).toBe(EXIT.invalidInput);
    expect(chunks.stderr).toMatch(/^tripline validate: unknown option "--acounts"; validate takes --accounts DIR\n/);
  });

  test("validates the shipped example organization and the standalone example, warning only about the sign-in Regions", async () => {
    for (const dir of ["accounts", "examples/standalone"]) {
      const { io, chunks } = capture();
      expect(await main(["validate", "--accounts", dir], io)).toBe(EXIT.ok);
      expect(chunks.stderr).toMatch(/^warning: [^\n]*organization\.yaml:\d+:\d+ regions: [^\n]*sign-ins[^\n]*\n$/);
    }
  });

  test("warns, exit 0, when sign-ins land in Regions the organization does not list", async () => {
    const { io, chunks } = capture();
    const dir = manifestFolder();
    expect(await main(["validate", "--accounts", dir], io)).toBe(EXIT.ok);
    expect(chunks.stderr).toBe(
      `warning: ${dir}/organization.yaml:3:10 regions: us-east-2, eu-north-1, ap-southeast-2 are not listed, but AWS records console sign-ins there (root in us-east-1; IAM users in us-east-1, us-east-2, eu-north-1 or ap-southeast-2): ` +
        "tripline deploys root-console-login and console-login-without-mfa-event there in every account; if an SCP denies those Regions, exempt EventBridge and the deployment role, or those sign-ins raise only the trail's metric filters\n",
    );
  });

  test("does not warn when the organization lists every sign-in Region, or runs no sign-in rule", async () => {
    const listed = manifestFolder({
      "organization.yaml": "organizationId: o-a1b2c3d4e5\nhomeRegion: us-east-1\nregions: [us-east-1, eu-west-1, us-east-2, eu-north-1, ap-southeast-2]\n",
    });
    const off = manifestFolder({
      "organization.yaml": [
        "organizationId: o-a1b2c3d4e5",
        "homeRegion: us-east-1",
        "regions: [us-east-1, eu-west-1]",
        "detections:",
        "  settings:",
        "    root-console-login: { enabled: false }",
        "    console-login-without-mfa-event: { enabled: false }",
        "",
      ].join("\n"),
    });
    for (const dir of [listed, off]) {
      const { io, chunks } = capture();
      expect(await main(["validate", "--accounts", dir], io)).toBe(EXIT.ok);
      expect(chunks.stderr).toBe("");
    }
  });
});

describe("tripline", () => {
  test("an unknown command is invalid input", async () => {
    const { io, chunks } = capture();
    expect(await main(["deploy"], io)).toBe(EXIT.invalidInput);
    expect(chunks.stderr).toMatch(/^tripline: unknown command "deploy"/);
  });

  test("schema prints the JSON Schema of both manifest files", async () => {
    const { io, chunks } = capture();
    expect(await main(["schema"], io)).toBe(EXIT.ok);
    const schema = JSON.parse(chunks.stdout);
    expect(schema.anyOf).toHaveLength(2);
    expect(schema.anyOf[1].required).toEqual(expect.arrayContaining(["name", "id", "role", "email"]));
  });
});
