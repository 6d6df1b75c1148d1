/**
 * The cdktf app: manifests → model → one stack per account. `ACCOUNTS_DIR` picks the manifest
 * folder and `STACKS` the accounts to build (docs/design.md contract 1); a manifest with any problem
 * writes no stack at all, and leaves none of the previous run's behind.
 */
import { App } from "cdktf";
import { loadCheckedOrganization } from "./modules/deployment/load-organization";
import { reportFailure } from "./modules/manifest/failure";
import { UserInputError } from "./modules/manifest/problem";
import { selectAccounts } from "./modules/manifest/select";
import { buildApp } from "./modules/stacks/build-app";
import { clearSynthesizedStacks } from "./modules/stacks/clear-synthesized";
import { withoutConstructStackTraces } from "./modules/stacks/construct-stack-traces";

const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";

try {
  const accountsDir = process.env.ACCOUNTS_DIR ?? "accounts";
  const loaded = loadCheckedOrganization(accountsDir);
  if (!loaded.ok) throw new UserInputError(loaded.problems);
  const selection = selectAccounts(loaded.value, process.env.STACKS);
  if (!selection.ok) throw new UserInputError(selection.problems);

  // Construct metadata without stack traces, and none for cdktf's nested blocks: at a thousand
  // accounts they cost more than the stacks (modules/stacks/construct-stack-traces.ts).
  const app = new App({ outdir, stackTraces: false });
  withoutConstructStackTraces(() => {
    buildApp(app, loaded.value, selection.value);
    app.synth();
  });
} catch (error) {
  const { exit, text } = reportFailure(error, "synth");
  clearSynthesizedStacks(outdir);
  process.stderr.write(`${text}\n`);
  process.exit(exit);
}
