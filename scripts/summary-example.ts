/**
 * The README's example pull-request comment: `tripline summary --base` of the example
 * organization (accounts/) against itself with one pull request's worth of change (a threshold
 * raised, an exception added). Rendered by `npm run docs`; a test checks it is current.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { loadCheckedOrganization } from "../modules/deployment/load-organization";
import { buildApp } from "../modules/stacks/build-app";
import { summaryMarkdown } from "../modules/summary/markdown";
import { DEFAULT_ASSUMPTIONS } from "../modules/summary/prices";
import { summarize } from "../modules/summary/summarize";
import { readSynthOutput } from "../modules/summary/synth-output";

export const SUMMARY_EXAMPLE_BEGIN = "<!-- summary-example:begin (npm run docs) -->";
export const SUMMARY_EXAMPLE_END = "<!-- summary-example:end -->";

/** The example pull request: what it changes in accounts/organization.yaml. */
const EXAMPLE_CHANGE = (organization: string): string =>
  organization
    .replace("    unauthorized-api-calls:\n      threshold: 5\n", "    unauthorized-api-calls:\n      threshold: 10\n")
    .replace(
      "  exceptions:\n",
      "  exceptions:\n    console-login-without-mfa:\n      - reason: the break-glass role signs in through the identity provider, which enforces MFA\n        principals: [\"arn:aws:iam::111111111111:role/break-glass\"]\n",
    );

function synth(accountsDir: string): string {
  const outdir = mkdtempSync(join(tmpdir(), "tripline-docs-synth-"));
  const loaded = loadCheckedOrganization(accountsDir);
  if (!loaded.ok) throw new Error(`${accountsDir} has problems: ${JSON.stringify(loaded.problems)}`);
  const app = new App({ outdir, stackTraces: false });
  buildApp(app, loaded.value, loaded.value.accounts);
  app.synth();
  return outdir;
}

export function summaryExample(accountsDir = "accounts"): string {
  const changed = mkdtempSync(join(tmpdir(), "tripline-docs-accounts-"));
  cpSync(accountsDir, changed, { recursive: true });
  const file = join(changed, "organization.yaml");
  const before = readFileSync(file, "utf8");
  const after = EXAMPLE_CHANGE(before);
  if (after === before || after.split("exceptions:").length !== before.split("exceptions:").length) {
    throw new Error("accounts/organization.yaml no longer has the settings the README's example changes; update scripts/summary-example.ts");
  }
  writeFileSync(file, after);
  const base = synth(accountsDir);
  const head = synth(changed);
  try {
    const markdown = summaryMarkdown(summarize(readSynthOutput(head), DEFAULT_ASSUMPTIONS, readSynthOutput(base)));
    return ["```diff", ...diffLines(before, after), "```", "", "The comment it gets:", "", ...markdown.trimEnd().split("\n").map((l) => `> ${l}`.trimEnd())].join("\n");
  } finally {
    for (const dir of [changed, base, head]) rmSync(dir, { recursive: true, force: true });
  }
}

/** The manifest change as a unified diff body (changed lines only, with one line of context). */
function diffLines(before: string, after: string): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (a[i] === b[j]) {
      if (a[i - 1] !== b[j - 1] || a[i + 1] !== b[j + 1]) out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (b.slice(j).indexOf(a[i]) > 0 && a[i] !== undefined) out.push(`+ ${b[j++]}`);
    else out.push(`- ${a[i++]}`);
  }
  return out;
}
