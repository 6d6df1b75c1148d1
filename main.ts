/**
 * The cdktf app: manifests → model → one stack per account. `ACCOUNTS_DIR` picks the manifest
 * folder and `STACKS` the accounts to build (docs/design.md contract 1); a manifest with any problem
 * writes no stack at all.
 */
import { App } from "cdktf";
import { loadCheckedOrganization } from "./modules/deployment/load-organization";
import { formatProblem, EXIT } from "./modules/manifest/problem";
import { selectAccounts } from "./modules/manifest/select";
import { buildApp } from "./modules/stacks/build-app";

const accountsDir = process.env.ACCOUNTS_DIR ?? "accounts";
const loaded = loadCheckedOrganization(accountsDir);
if (!loaded.ok) exitWith(loaded.problems.map(formatProblem));
const selection = selectAccounts(loaded.value, process.env.STACKS);
if (!selection.ok) exitWith(selection.problems.map(formatProblem));

const app = new App();
buildApp(app, loaded.value, selection.value);
app.synth();

function exitWith(lines: readonly string[]): never {
  process.stderr.write(`${lines.join("\n")}\n`);
  process.exit(EXIT.invalidInput);
}
