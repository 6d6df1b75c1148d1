/**
 * The Athena path: every statement compiled for the example organization parses as Trino SQL, and
 * the client runs a query end to end against aws-sdk-client-mock (start, poll, paginate, cancel, a
 * failed query's reason).
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { mockClient } from "aws-sdk-client-mock";
import { Parser } from "node-sql-parser";
import { loadCheckedOrganization } from "../../modules/deployment/load-organization";
import { replayProfileFor } from "../../modules/deployment/organization-profile";
import { athenaCostUsd, AthenaQueryError, runAthenaQuery } from "../../modules/hunt/athena-client";
import { compileHuntPlan } from "../../modules/hunt/compile-detection";
import { athenaPlan, athenaStatements, huntAthena, type AthenaScope } from "../../modules/hunt/run-athena";

const loaded = loadCheckedOrganization("accounts");
if (!loaded.ok) throw new Error("example organization does not load");
const plan = athenaPlan(compileHuntPlan(replayProfileFor(loaded.value)));
const scope: AthenaScope = {
  database: "tripline_hunt",
  table: "cloudtrail",
  workGroup: "tripline-hunt",
  accounts: ["111111111111", "222222222222"],
  regions: ["eu-west-1", "us-east-1"],
  sinceMs: Date.UTC(2024, 0, 1),
  untilMs: Date.UTC(2024, 1, 1),
};

describe("Athena SQL for the example organization", () => {
  const statements = athenaStatements(plan, scope);
  test("covers the CloudTrail detections; refuses the sshd ones and those that need array matching, naming why", () => {
    expect(plan.queries.every((q) => q.source === "cloudtrail")).toBe(true);
    expect(plan.refusals.map((r) => r.reason)).toEqual(
      plan.refusals.map((r) =>
        r.detection === "ssh-brute-force"
          ? expect.stringContaining("log transformer")
          : r.detection.startsWith("security-service-") || r.detection === "baseline-tampered"
            ? expect.stringContaining("any element of an array")
            : expect.stringContaining("sshd logs"),
      ),
    );
  });
  test.each([
    ["matches", statements.matches],
    ["alarms", statements.alarms ?? ""],
  ])("%s parses as Trino SQL", (_name, sql) => {
    expect(sql.length).toBeGreaterThan(100);
    expect(() => new Parser().astify(sql, { database: "trino" })).not.toThrow();
  });
  test("prunes partitions by account, Region and delivery day (one day past the range)", () => {
    expect(statements.matches).toContain("account IN ('111111111111', '222222222222')");
    expect(statements.matches).toContain("region IN ('eu-west-1', 'us-east-1')");
    expect(statements.matches).toContain(`"timestamp" BETWEEN '2024/01/01' AND '2024/02/02'`);
  });
});

describe("Athena client", () => {
  const athena = mockClient(AthenaClient);
  beforeEach(() => athena.reset());
  const noWait = async () => undefined;

  test("starts in the workgroup, polls until SUCCEEDED, pages results and drops the header row", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: "QUEUED" } } })
      .resolvesOnce({ QueryExecution: { Status: { State: "RUNNING" } } })
      .resolves({ QueryExecution: { Status: { State: "SUCCEEDED" }, Statistics: { DataScannedInBytes: 123_456_789 } } });
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce({ ResultSet: { ResultSetMetadata: { ColumnInfo: [{ Name: "d", Type: "integer" }] }, Rows: [{ Data: [{ VarCharValue: "d" }] }, { Data: [{ VarCharValue: "1" }] }] }, NextToken: "t2" })
      .resolvesOnce({ ResultSet: { Rows: [{ Data: [{ VarCharValue: "2" }] }, { Data: [{}] }] } });
    const result = await runAthenaQuery(new AthenaClient({ region: "eu-west-1" }), { sql: "SELECT 1", workGroup: "tripline-hunt", database: "db" }, { sleep: noWait });
    expect(result.rows).toEqual([["1"], ["2"], [null]]);
    expect(result.columns).toEqual(["d"]);
    expect(result.bytesScanned).toBe(123_456_789);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input).toMatchObject({ WorkGroup: "tripline-hunt", QueryExecutionContext: { Database: "db" } });
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input)).toEqual([
      { QueryExecutionId: "q-1", MaxResults: 1000, NextToken: undefined },
      { QueryExecutionId: "q-1", MaxResults: 1000, NextToken: "t2" },
    ]);
  });

  test("surfaces a failed query's reason", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-2" });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: "FAILED", StateChangeReason: "Query exhausted resources at this scale factor" } } });
    await expect(runAthenaQuery(new AthenaClient({ region: "eu-west-1" }), { sql: "SELECT 1", workGroup: "w", database: "db" }, { sleep: noWait })).rejects.toThrow(
      new AthenaQueryError("q-2", "FAILED", "Query exhausted resources at this scale factor"),
    );
  });

  test("stops the query when the caller aborts (Ctrl-C)", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-3" });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: "RUNNING" } } });
    athena.on(StopQueryExecutionCommand).resolves({});
    const controller = new AbortController();
    const sleep = async () => controller.abort();
    await expect(runAthenaQuery(new AthenaClient({ region: "eu-west-1" }), { sql: "SELECT 1", workGroup: "w", database: "db" }, { sleep, signal: controller.signal })).rejects.toThrow(/CANCELLED/);
    expect(athena.commandCalls(StopQueryExecutionCommand)[0].args[0].input).toEqual({ QueryExecutionId: "q-3" });
  });

  test("a whole hunt reads matches and alarms into the replay report, with bytes and cost", async () => {
    athena.on(StartQueryExecutionCommand).resolvesOnce({ QueryExecutionId: "m" }).resolves({ QueryExecutionId: "a" });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: "SUCCEEDED" }, Statistics: { DataScannedInBytes: 5_000_000 } } });
    const root = plan.queries.find((q) => q.detection.id === "root-account-usage");
    if (root === undefined) throw new Error("no root-account-usage query");
    athena.on(GetQueryResultsCommand, { QueryExecutionId: "m" }).resolves({ ResultSet: { Rows: [{ Data: [] }, { Data: [{ VarCharValue: String(root.index) }, { VarCharValue: "0" }, { VarCharValue: "0" }, { VarCharValue: "ev-1" }] }] } });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: "a" }).resolves({
      ResultSet: { Rows: [{ Data: [] }, { Data: [{ VarCharValue: String(root.index) }, { VarCharValue: "1704067200000" }, { VarCharValue: "1704067500000" }, { VarCharValue: "1" }, {}, {}, {}, {}, { VarCharValue: "0" }] }] },
    });
    const hunt = await huntAthena(new AthenaClient({ region: "eu-west-1" }), plan, scope, { sleep: noWait });
    expect(hunt.report.matches).toEqual([expect.objectContaining({ detection: "root-account-usage", eventID: "ev-1", file: "tripline_hunt.cloudtrail" })]);
    expect(hunt.report.alarms).toEqual([{ detection: "root-account-usage", controls: root.detection.controls, start: "2024-01-01T00:00:00Z", end: "2024-01-01T00:05:00Z", value: 1, threshold: 1, key: {} }]);
    expect(hunt.bytesScanned).toBe(10_000_000);
    expect(hunt.costUsd).toBeCloseTo(2 * athenaCostUsd(5_000_000));
    expect(athenaCostUsd(0)).toBeCloseTo(0.00005); // the 10 MB minimum
  });
});
