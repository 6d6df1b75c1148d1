/**
 * Synthesizes a manifest folder into a folder exactly as `cdktf synth` does (`manifest.json` and
 * `stacks/<name>/cdk.tf.json`, with cdktf's `//` comments), for the summary's tests and bench.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { loadCheckedOrganization } from "../../modules/deployment/load-organization";
import { buildApp } from "../../modules/stacks/build-app";
import { manifestFolder, type ManifestFiles } from "./manifest-folder";

export function synthFolder(accountsDir: string, outdir = mkdtempSync(join(tmpdir(), "tripline-synth-"))): string {
  const loaded = loadCheckedOrganization(accountsDir);
  if (!loaded.ok) throw new Error(`test manifest has problems: ${JSON.stringify(loaded.problems)}`);
  const app = new App({ outdir, stackTraces: false });
  buildApp(app, loaded.value, loaded.value.accounts);
  app.synth();
  return outdir;
}

/** The synth output of the test organization (manifest-folder.ts) with `changes` applied. */
export const synthManifests = (changes: ManifestFiles = {}, base?: ManifestFiles): string => synthFolder(manifestFolder(changes, base));
