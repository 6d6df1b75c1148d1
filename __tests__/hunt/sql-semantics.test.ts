/**
 * Filter-pattern semantics, one case a row, on DuckDB against the engine: wildcards, numbers by
 * value, `!=` on missing fields, NOT EXISTS, regex, JSON text values, hostile quotes. Each pattern
 * runs through replay's engine and through hunt's SQL over the same one-record file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MetricFilterDetection } from "../../modules/catalog/detection";
import { compileFilterPattern } from "../../modules/engines/filter-pattern";
import { compileHuntPlan } from "../../modules/hunt/compile-detection";
import { huntLocalFiles } from "../../modules/hunt/run-duckdb";
import { DEFAULT_SCHEDULE } from "../../modules/deployment/profile";

jest.setTimeout(120_000);

const RECORDS: Record<string, unknown>[] = [
  { eventName: "ConsoleLogin", errorCode: "AccessDenied", userIdentity: { type: "Root" }, requestParameters: { port: 22, name: "a'b", flag: true, empty: null, text: "200" } },
  { eventName: "GetObject", errorCode: "Client.UnauthorizedOperation", userIdentity: { type: "IAMUser", invokedBy: "s3.amazonaws.com" }, requestParameters: { port: "x22", flag: false } },
  { eventName: "PutObject", sourceIPAddress: "🦊 fox", requestParameters: { port: 443.0 } },
];

const PATTERNS = [
  '{ $.errorCode = "*UnauthorizedOperation" }',
  '{ $.errorCode = "Access*" }',
  '{ $.errorCode = "*Denied*" }',
  '{ $.errorCode != "AccessDenied" }',
  "{ $.userIdentity.invokedBy NOT EXISTS }",
  "{ $.requestParameters.port = 22 }",
  "{ $.requestParameters.port > 100 }",
  "{ $.requestParameters.port != 22 }",
  "{ $.requestParameters.text = 200 }",
  '{ $.requestParameters.name = "a\'b" }',
  "{ $.requestParameters.flag IS TRUE }",
  "{ $.requestParameters.flag IS FALSE }",
  "{ $.requestParameters.empty IS NULL }",
  '{ $.requestParameters.flag != "x" }',
  "{ $.eventName = %Object$% }",
  '{ $.sourceIPAddress = "🦊*" }',
  '{ $.sourceIPAddress = "*fox" }',
  '{ ($.eventName = "ConsoleLogin") || ($.requestParameters.port >= 443) }',
];

describe("hunt SQL agrees with the filter-pattern engine", () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "hunt-semantics-"));
    file = join(dir, "records.jsonl");
    writeFileSync(file, `${RECORDS.map((r) => JSON.stringify(r)).join("\n")}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(PATTERNS)("%s", async (pattern) => {
    const detection: MetricFilterDetection = {
      id: "case",
      title: "case",
      why: "",
      runbook: "",
      references: [],
      falsePositives: [],
      severity: "low",
      controls: [],
      mitre: "",
      source: "cloudtrail",
      kind: "metric-filter",
      pattern,
      alarm: { periodSeconds: 60, evaluationPeriods: 1, threshold: 1, comparison: "GreaterThanOrEqualToThreshold" },
      examples: { match: [], miss: [] },
    };
    const plan = compileHuntPlan({ detections: [detection], schedule: DEFAULT_SCHEDULE });
    expect(plan.refusals).toEqual([]);
    const engine = compileFilterPattern(pattern);
    const expected = RECORDS.flatMap((r, i) => (engine({ message: JSON.stringify(r), json: r }) ? [i + 1] : []));
    const report = await huntLocalFiles(plan, [file]);
    expect(report.matches.map((m) => m.line)).toEqual(expected);
  });

  test("refuses what SQL over the table cannot say exactly, naming the detection", () => {
    const refused = (pattern: string) =>
      compileHuntPlan({
        detections: [{ id: "x", title: "", why: "", runbook: "", references: [], falsePositives: [], severity: "low", controls: [], mitre: "", source: "cloudtrail", kind: "metric-filter", pattern, alarm: { periodSeconds: 60, evaluationPeriods: 1, threshold: 1, comparison: "GreaterThanOrEqualToThreshold" }, examples: { match: [], miss: [] } }],
        schedule: DEFAULT_SCHEDULE,
      }).refusals;
    expect(refused("{ $.userIdentity.type IS NULL }")).toEqual([{ detection: "x", reason: expect.stringContaining("stores this field as text") }]);
    expect(refused("{ $.eventCategory = Data }")).toEqual([{ detection: "x", reason: expect.stringContaining("not a column") }]);
    expect(refused("ERROR")).toEqual([{ detection: "x", reason: expect.stringContaining("raw text") }]);
    expect(refused("{ $.resources[*].arn = x }")).toEqual([{ detection: "x", reason: expect.stringContaining("wildcard") }]);
  });
});
