/** `tripline summary` as a user runs it: options, bad input as located problems with exit 1. */
import { mkdirSync, mkdtempSync, writeFileSync, cpSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../modules/cli/main";
import { EXIT } from "../../modules/manifest/problem";
import { io as captureIo } from "../replay/output";
import { synthManifests } from "../support/synth-output";

const good = synthManifests();
const scratch = () => mkdtempSync(join(tmpdir(), "tripline-summary-cli-"));

async function run(argv: string[]) {
  const io = captureIo();
  const code = await main(["summary", ...argv], io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe("tripline summary", () => {
  test("prints the Markdown review of a synth output, exit 0", async () => {
    const { code, stdout, stderr } = await run(["--out", good]);
    expect([code, stderr]).toEqual([EXIT.ok, ""]);
    expect(stdout).toMatch(/^<!-- tripline-summary -->\n\n## tripline summary\n\n4 stacks · 4 accounts · /);
  });

  test("a missing folder: exit 1, naming it and saying how to make one", async () => {
    const missing = join(scratch(), "cdktf.out");
    const { code, stderr, stdout } = await run(["--out", missing]);
    expect([code, stdout]).toEqual([EXIT.invalidInput, ""]);
    expect(stderr).toBe(`${missing}: no such folder; run \`npm run synth\` first (cdktf writes cdktf.out), or name the synth output with --out/--base\n`);
  });

  test("a folder that is not a synth output (a manifest folder given by mistake): exit 1", async () => {
    const { code, stderr } = await run(["--out", "accounts", "--base", good]);
    expect(code).toBe(EXIT.invalidInput);
    expect(stderr).toBe("accounts/manifest.json: missing: this folder is not a cdktf synth output (it has no manifest.json)\n");
  });

  test("a corrupt stack JSON: exit 1 with its file, line and column", async () => {
    const dir = scratch();
    cpSync(good, dir, { recursive: true });
    const file = join(dir, "stacks", "app", "cdk.tf.json");
    writeFileSync(file, '{\n  "resource": {\n    "aws_sqs_queue": {,\n');
    const { code, stderr } = await run(["--out", dir]);
    expect(code).toBe(EXIT.invalidInput);
    expect(stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:23: corrupt JSON: .+\\n$`));
  });

  test("a stack file named in manifest.json but absent, and one that is not Terraform JSON: both reported, exit 1", async () => {
    const dir = scratch();
    cpSync(good, dir, { recursive: true });
    rmSync(join(dir, "stacks", "app"), { recursive: true });
    writeFileSync(join(dir, "stacks", "security", "cdk.tf.json"), '{"resource": {"aws_sqs_queue": "not a block"}}');
    const { code, stderr } = await run(["--out", dir]);
    expect(code).toBe(EXIT.invalidInput);
    expect(stderr.split("\n")).toEqual([
      `${join(dir, "stacks", "app", "cdk.tf.json")}: missing: manifest.json names stack "app" but its file is not there`,
      expect.stringMatching(new RegExp(`^${join(dir, "stacks", "security", "cdk.tf.json")} resource\\.aws_sqs_queue: not a Terraform JSON stack: `)),
      "",
    ]);
  });

  test("a stack nested deeper than any Terraform JSON: refused, not a stack overflow", async () => {
    const dir = scratch();
    cpSync(good, dir, { recursive: true });
    const file = join(dir, "stacks", "app", "cdk.tf.json");
    writeFileSync(file, `{"resource": {"aws_sqs_queue": {"q": {"tags": ${"[".repeat(200_000)}${"]".repeat(200_000)}}}}}`);
    const { code, stderr } = await run(["--out", dir, "--base", dir]);
    expect(code).toBe(EXIT.invalidInput);
    expect(stderr).toBe(`${file}: nested deeper than 64 levels; not a stack tripline synthesized\n`);
  });

  test("manifest.json cannot send the reader outside the synth output", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "stacks"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: { x: { synthesizedStackPath: "../../../etc/passwd" } } }));
    const { code, stderr } = await run(["--out", dir]);
    expect(code).toBe(EXIT.invalidInput);
    expect(stderr).toContain('stacks.x.synthesizedStackPath: "../../../etc/passwd" points outside the synth output');
  });

  test("against an empty synth output (the first deploy), every stack is added, the trail's archive first", async () => {
    const empty = scratch();
    writeFileSync(join(empty, "manifest.json"), '{"stacks": {}}');
    const { code, stdout } = await run(["--out", good, "--base", empty, "--format", "json"]);
    expect(code).toBe(EXIT.ok);
    const { changes } = JSON.parse(stdout) as { changes: { stacks: { status: string }[]; deployWaves: string[][] } };
    expect(changes.stacks.map((s) => s.status)).toEqual(["added", "added", "added", "added"]);
    expect(changes.deployWaves).toEqual([["log-archive"], ["app", "management", "security"]]);
  });

  test("bad options: exit 1", async () => {
    expect((await run(["--format", "html"])).stderr).toBe('tripline summary: --format "html": use markdown or json\nusage: tripline summary [--out DIR] [--base DIR] [--format markdown|json] [--assumptions FILE]\n');
    expect(await run(["--help"])).toEqual({ code: EXIT.ok, stdout: "usage: tripline summary [--out DIR] [--base DIR] [--format markdown|json] [--assumptions FILE]\n", stderr: "" });
    expect((await run(["--nope"])).code).toBe(EXIT.invalidInput);
    expect((await run([good])).stderr).toContain('unexpected argument');
  });

  test("--assumptions FILE overrides prices and volumes, and a mistake in it is located", async () => {
    const dir = scratch();
    const file = join(dir, "assumptions.yaml");
    writeFileSync(file, "prices:\n  kmsKey:\n    usd: 2\n    asOf: 2027-01\nvolumes:\n  trailGbPerAccount: 10\n");
    const { code, stdout } = await run(["--out", good, "--assumptions", file, "--format", "json"]);
    expect(code).toBe(EXIT.ok);
    const summary = JSON.parse(stdout) as { assumptions: { prices: { kmsKey: { usd: number; asOf: string; source: string } }; volumes: { trailGbPerAccount: number } }; stacks: { name: string; cost: { item: string; monthlyUsd: number; quantity: number }[] }[] };
    expect(summary.assumptions.prices.kmsKey).toMatchObject({ usd: 2, asOf: "2027-01", source: "https://aws.amazon.com/kms/pricing/" });
    const keys = summary.stacks.find((s) => s.name === "management")!.cost.find((c) => c.item === "KMS keys")!;
    expect(keys.monthlyUsd).toBe(keys.quantity * 2);
    writeFileSync(file, "volumes:\n  trailGbPerAccount: -1\n  trailGB: 3\n");
    const bad = await run(["--out", good, "--assumptions", file]);
    expect(bad.code).toBe(EXIT.invalidInput);
    expect(bad.stderr).toContain(`${file}:2:22 volumes.trailGbPerAccount: `);
    expect(bad.stderr).toContain(`${file}:3:3 volumes.trailGB: `);
  });
});
