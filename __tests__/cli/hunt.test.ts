import { Parser } from "node-sql-parser";
import { main } from "../../modules/cli/main";
import { EXIT } from "../../modules/manifest/problem";
import type { ReplayReport } from "../../modules/replay/report";
import { capture } from "../support/command-io";

jest.setTimeout(120_000);


const FILE = "__tests__/corpus/cloudtrail/panther-scenario-compromised-root.jsonl";

describe("tripline hunt", () => {
  test("--json prints the replay report (contract 5)", async () => {
    const { io, chunks } = capture();
    expect(await main(["hunt", "--json", FILE], io)).toBe(EXIT.ok);
    const report = JSON.parse(chunks.stdout) as ReplayReport;
    expect(report.events).toBe(16);
    expect(report.matches.some((m) => m.detection === "root-account-usage" && m.file === FILE && m.line > 0)).toBe(true);
    expect(report.alarms.length).toBeGreaterThan(0);
  });

  test("--detections narrows, --since/--until keep events in range only", async () => {
    const all = capture();
    await main(["hunt", "--json", "--detections", "root-account-usage", FILE], all.io);
    const some = capture();
    await main(["hunt", "--json", "--detections", "root-account-usage", "--since", "2100-01-01", FILE], some.io);
    const a = JSON.parse(all.chunks.stdout) as ReplayReport;
    const b = JSON.parse(some.chunks.stdout) as ReplayReport;
    expect(new Set(a.matches.map((m) => m.detection))).toEqual(new Set(["root-account-usage"]));
    expect(b.matches).toEqual([]);
  });

  test("--engine athena --sql prints Trino SQL for the example organization without calling AWS", async () => {
    const { io, chunks } = capture();
    const code = await main(["hunt", "--engine", "athena", "--sql", "--accounts", "accounts", "--since", "2024-05-01", "--until", "2024-05-02", "tripline_hunt.cloudtrail"], io);
    expect(code).toBe(EXIT.ok);
    const statements = chunks.stdout.split(";\n\n").map((s) => s.replace(/;\n$/, ""));
    expect(statements).toHaveLength(2);
    for (const sql of statements) expect(() => new Parser().astify(sql, { database: "trino" })).not.toThrow();
    // The example organization deploys no sshd detection yet; the catalog's defaults have them.
    const defaults = capture();
    expect(await main(["hunt", "--engine", "athena", "--sql", "tripline_hunt.cloudtrail"], defaults.io)).toBe(EXIT.ok);
    expect(defaults.chunks.stderr).toMatch(/not evaluated: ssh-invalid-user: sshd logs are in CloudWatch Logs/);
  });

  test("a wrong engine, an unknown detection or a missing file is exit 1 with the usage line", async () => {
    for (const argv of [["hunt", "--engine", "spark", FILE], ["hunt", "--detections", "nope", FILE], ["hunt", "no-such-file.jsonl"]]) {
      const { io, chunks } = capture();
      expect(await main(argv, io)).toBe(EXIT.invalidInput);
      expect(chunks.stderr).toMatch(/usage: tripline hunt/);
    }
  });
});

test("a malformed {\"Records\":[…]} file is reported as skipped, never dropped silently", async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "hunt-broken-"));
  try {
    const file = join(dir, "broken.json");
    writeFileSync(file, '{"Records":[{"eventName":"ConsoleLogin"},{bad}]}');
    const { io, chunks } = capture();
    expect(await main(["hunt", "--json", file], io)).toBe(EXIT.ok);
    const report = JSON.parse(chunks.stdout) as ReplayReport;
    expect(report.skipped).toEqual([{ file, line: 1, reason: expect.stringContaining("only whole") }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
