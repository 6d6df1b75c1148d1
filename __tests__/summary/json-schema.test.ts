/** `tripline summary --format json` against its JSON Schema, the committed one. */
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import { runSummary } from "../../modules/cli/summary";
import { summaryJsonSchema } from "../../modules/summary/report";
import { SUMMARY_SCHEMA_FILE } from "../../scripts/docs-paths";
import { io as captureIo } from "../replay/output";
import { synthManifests } from "../support/synth-output";
import { VALID_ORGANIZATION } from "../support/manifest-folder";

const committed = JSON.parse(readFileSync(SUMMARY_SCHEMA_FILE, "utf8")) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(committed);

test(`${SUMMARY_SCHEMA_FILE} is the schema's current JSON Schema (run \`npm run docs\` when this fails)`, () => {
  expect(committed).toEqual(summaryJsonSchema());
});

describe("--format json validates against the committed JSON Schema", () => {
  const base = synthManifests();
  const head = synthManifests({
    "organization.yaml": `${VALID_ORGANIZATION["organization.yaml"] as string}detections:\n  exceptions:\n    console-brute-force:\n      - reason: VPN\n        sourceIps: [203.0.113.9]\n  settings:\n    vpc-changes:\n      enabled: false\n`,
    "web.yaml": 'name: web\nid: "555555555555"\nrole: workload\nemail: web@example.com\n',
  });

  test.each([
    ["a synth output", ["--out", head]],
    ["a synth output against its base", ["--out", head, "--base", base]],
  ])("%s", (_, argv) => {
    const io = captureIo();
    expect(runSummary([...argv, "--format", "json"], io)).toBe(0);
    const output = JSON.parse(io.stdout.text) as { changes?: { changedStacks: string[] } };
    const valid = validate(output);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    if (argv.includes("--base")) expect(output.changes?.changedStacks).toEqual(["management", "security", "web"]); // security: the notifier knows the accounts
  });

  test("the schema is not vacuous: a summary missing its stacks or with a wrong count fails it", () => {
    const io = captureIo();
    runSummary(["--out", head, "--format", "json"], io);
    const output = JSON.parse(io.stdout.text) as Record<string, unknown> & { organization: Record<string, unknown> };
    expect(validate({ ...output, stacks: undefined })).toBe(false);
    expect(validate({ ...output, organization: { ...output.organization, stacks: -1 } })).toBe(false);
    expect(validate({ ...output, format: "tripline-summary/0" })).toBe(false);
  });
});
