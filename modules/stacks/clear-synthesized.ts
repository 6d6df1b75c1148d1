/**
 * A synth that fails must not leave the previous run's stacks behind, where `terraform apply` or
 * `cdktf deploy` would take them for the current manifest's. Removes each stack's synthesized
 * configuration (`stacks/<name>/cdk.tf.json`) and the output's manifest, and nothing else: a
 * stack folder also holds its local Terraform state (`terraform.<name>.tfstate`) and providers.
 */
import { lstatSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

export const SYNTHESIZED_STACK_FILE = "cdk.tf.json";

export function clearSynthesizedStacks(outdir: string): void {
  if (!isFolder(outdir)) return; // nothing was ever written there
  const stacks = join(outdir, "stacks");
  if (isFolder(stacks)) {
    for (const entry of readdirSync(stacks, { withFileTypes: true })) {
      if (entry.isDirectory()) rmSync(join(stacks, entry.name, SYNTHESIZED_STACK_FILE), { force: true });
    }
  }
  rmSync(join(outdir, "manifest.json"), { force: true });
}

const isFolder = (path: string): boolean => lstatSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
