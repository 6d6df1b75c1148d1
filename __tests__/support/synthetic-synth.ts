/**
 * Large synth outputs without synthesizing thousands of stacks: one real stack (the trail owner's
 * of the test organization) cloned under new names and account ids, optionally changed. For the
 * comment-size test and bench/summary.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CloneOptions {
  readonly stacks: number;
  /** Changes each clone's stack JSON (text), e.g. a threshold; index is the clone's. */
  readonly change?: (json: string, index: number) => string;
}

/** Writes a synth output of `stacks` clones of `template` (a synth output's stack) into a new folder. */
export function cloneSynthOutput(templateDir: string, templateStack: string, { stacks, change }: CloneOptions): string {
  const template = readFileSync(join(templateDir, "stacks", templateStack, "cdk.tf.json"), "utf8");
  const accountId = /"allowed_account_ids": \[\s*"(\d{12})"/.exec(template)?.[1];
  if (!accountId) throw new Error("template stack has no pinned account");
  const dir = mkdtempSync(join(tmpdir(), "tripline-synthetic-"));
  const manifest: Record<string, unknown> = {};
  for (let i = 0; i < stacks; i++) {
    const name = `account-${String(i).padStart(4, "0")}`;
    let json = template.split(accountId).join(String(100000000000 + i)).split(`"${templateStack}"`).join(`"${name}"`);
    if (change) json = change(json, i);
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), json);
    manifest[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, workingDirectory: `stacks/${name}` };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: manifest, version: "0.21.0" }));
  return dir;
}
