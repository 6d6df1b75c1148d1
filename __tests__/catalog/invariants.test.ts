import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { catalog, detectionById } from "../../modules/catalog";
import { CIS_ALARM } from "../../modules/catalog/alarms";
import type { Detection } from "../../modules/catalog/detection";
import { checkContributorRule } from "../../modules/engines/contributor-rule";
import { compileEventPattern } from "../../modules/engines/event-pattern";
import { compileFilterPattern, describeFilterPattern } from "../../modules/engines/filter-pattern";

const CATALOG_DIR = join(__dirname, "..", "..", "modules", "catalog");
const FOLDERS = ["cloudtrail", "events", "ssh"] as const;

const isDetection = (v: unknown): v is Detection =>
  v !== null && typeof v === "object" && typeof (v as { id?: unknown }).id === "string" && typeof (v as { kind?: unknown }).kind === "string";

/** Every detection file, with what it exports. */
const files = FOLDERS.flatMap((folder) =>
  readdirSync(join(CATALOG_DIR, folder))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exports = require(join(CATALOG_DIR, folder, f)) as Record<string, unknown>;
      return { folder, name: basename(f, ".ts"), detections: Object.values(exports).filter(isDetection) };
    }),
);

const metricFilterPatterns = (source: Detection["source"]) =>
  catalog.filter((d) => d.source === source && (d.kind === "metric-filter" || d.kind === "stream")).map((d) => (d as { pattern: string }).pattern);

describe("catalog files", () => {
  test.each(files.map((f) => [`${f.folder}/${f.name}.ts`, f] as const))("%s exports one detection whose id is its file name", (_path, f) => {
    expect(f.detections.map((d) => d.id)).toEqual([f.name]);
  });

  test("index.ts lists every detection file, once, and nothing else", () => {
    expect(catalog.map((d) => d.id).sort()).toEqual(files.map((f) => f.name).sort());
    for (const f of files) expect(catalog).toContain(f.detections[0]);
  });

  test.each(files.map((f) => [`${f.folder}/${f.name}.ts`, f] as const))("%s sits in the folder of its source and kind", (_path, f) => {
    const d = f.detections[0];
    const folder = d.source === "ssh" ? "ssh" : d.kind === "event-rule" ? "events" : "cloudtrail";
    expect(f.folder).toBe(folder);
  });
});

describe.each(catalog.map((d) => [d.id, d] as const))("%s", (_id, d) => {
  test("has a kebab-case id", () => expect(d.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/));
  test("says what it is, why it matters and what to do", () => {
    for (const text of [d.title, d.why, d.runbook]) expect(text.trim().length).toBeGreaterThan(10);
  });
  test("names a MITRE ATT&CK technique", () => expect(d.mitre).toMatch(/^T\d{4}(\.\d{3})?$/));
  test("carries at least one match and one near miss", () => {
    expect(d.examples.match.length).toBeGreaterThan(0);
    expect(d.examples.miss.length).toBeGreaterThan(0);
  });

  if (d.kind === "metric-filter" || d.kind === "stream") {
    test("its pattern parses, fits in 1024 characters and uses at most 2 regexes", () => {
      expect(() => compileFilterPattern(d.pattern)).not.toThrow();
      expect(d.pattern.length).toBeLessThanOrEqual(1024);
      expect(describeFilterPattern(d.pattern).regexCount).toBeLessThanOrEqual(2);
    });
  }
  if (d.kind === "metric-filter" || d.kind === "contributor-insights") {
    test("its alarm uses a period CloudWatch accepts and a positive threshold", () => {
      expect([10, 30].includes(d.alarm.periodSeconds) || d.alarm.periodSeconds % 60 === 0).toBe(true);
      expect(d.alarm.evaluationPeriods).toBeGreaterThanOrEqual(1);
      expect(d.alarm.threshold).toBeGreaterThan(0);
    });
  }
  if (d.kind === "contributor-insights") {
    test("its rule is within AWS's limits", () => expect(checkContributorRule(d.rule)).toEqual([]));
  }
  if (d.kind === "event-rule") {
    test("its event pattern compiles within the default 2,048-character quota", () => {
      expect(() => compileEventPattern(d.eventPattern)).not.toThrow();
      expect(JSON.stringify(d.eventPattern).length).toBeLessThanOrEqual(2048);
    });
  }
});

describe("catalog as a whole", () => {
  test("ids are unique", () => {
    const ids = catalog.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("detectionById finds every detection and nothing else", () => {
    for (const d of catalog) expect(detectionById(d.id)).toBe(d);
    expect(detectionById("no-such-detection")).toBeUndefined();
  });

  test.each(Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`))("%s is carried by exactly one metric filter with CIS's alarm", (control) => {
    const carriers = catalog.filter((d) => d.controls.includes(control));
    expect(carriers.map((d) => d.kind)).toEqual(["metric-filter"]);
    expect((carriers[0] as { alarm: unknown }).alarm).toEqual(CIS_ALARM);
    expect(carriers[0].controls.filter((c) => c.startsWith("CIS-"))).toHaveLength(1);
  });

  test("no detection names a control it does not carry: only CloudWatch.N and CIS ids", () => {
    for (const d of catalog) for (const c of d.controls) expect(c).toMatch(/^(CloudWatch\.(1[0-4]|[1-9])|CIS-(\d+\.\d+|1\.2\.0\/\d+\.\d+))$/);
  });

  type Fixed = readonly [id: string, kind: Detection["kind"], source: Detection["source"]];
  const fixed: readonly Fixed[] = [
    ["console-auth-failure", "metric-filter", "cloudtrail"],
    ["console-brute-force", "contributor-insights", "cloudtrail"],
    ["console-login-without-mfa", "metric-filter", "cloudtrail"],
    ["root-console-login", "event-rule", "cloudtrail"],
    ["off-hours-console-login", "stream", "cloudtrail"],
    ["api-enumeration", "stream", "cloudtrail"],
    ["unauthorized-api-calls", "metric-filter", "cloudtrail"],
    ["security-service-disabled", "event-rule", "cloudtrail"],
    ["ssh-invalid-user", "metric-filter", "ssh"],
    ["ssh-failed-password", "metric-filter", "ssh"],
    ["ssh-preauth-disconnect", "metric-filter", "ssh"],
  ];
  test.each(fixed)("docs/design.md's fixed id %s is a %s detection on %s", (id, kind, source) => {
    const d = detectionById(id);
    expect(d?.kind).toBe(kind);
    expect(d?.source).toBe(source);
  });

  test("unauthorized-api-calls is CloudWatch.2 and console-login-without-mfa is CloudWatch.3", () => {
    expect(detectionById("unauthorized-api-calls")?.controls).toContain("CloudWatch.2");
    expect(detectionById("console-login-without-mfa")?.controls).toContain("CloudWatch.3");
  });

  test("the CIS set has its ids", () => {
    const ids = ["root-account-usage", "unauthorized-api-calls", "console-login-without-mfa", "iam-policy-changes", "cloudtrail-config-changes", "console-auth-failure-cis", "cmk-disabled-or-deleted", "s3-bucket-policy-changes", "config-changes", "security-group-changes", "nacl-changes", "network-gateway-changes", "route-table-changes", "vpc-changes"];
    ids.forEach((id, i) => expect(detectionById(id)?.controls).toContain(`CloudWatch.${i + 1}`));
    expect(detectionById("organizations-changes")?.controls).toEqual(["CIS-4.15"]);
  });

  test("console-brute-force: per source address, failed ConsoleLogin, ≥ 5 in one 60 s period", () => {
    const d = detectionById("console-brute-force");
    expect(d?.kind === "contributor-insights" && d.rule.keys).toEqual(["$.sourceIPAddress"]);
    expect(d?.kind === "contributor-insights" && d.alarm).toEqual({ periodSeconds: 60, evaluationPeriods: 1, threshold: 5, comparison: "GreaterThanOrEqualToThreshold" });
  });

  test("api-enumeration: 30 distinct eventSource:eventName per userIdentity.arn in 300 s", () => {
    const d = detectionById("api-enumeration");
    expect(d?.kind === "stream" && d.detector).toEqual({
      type: "distinct-count",
      keyFields: ["userIdentity.arn"],
      valueFields: ["eventSource", "eventName"],
      windowSeconds: 300,
      threshold: 30,
    });
  });

  test("off-hours-console-login runs the off-hours detector", () => {
    const d = detectionById("off-hours-console-login");
    expect(d?.kind === "stream" && d.detector).toEqual({ type: "off-hours" });
  });

  test("ssh-preauth-disconnect alarms on more than 5 in one minute", () => {
    const d = detectionById("ssh-preauth-disconnect");
    expect(d?.kind === "metric-filter" && d.alarm).toEqual({ periodSeconds: 60, evaluationPeriods: 1, threshold: 5, comparison: "GreaterThanThreshold" });
  });

  test.each(["cloudtrail", "ssh"] as const)("the %s log group stays within 5 regex patterns and 100 metric filters", (source) => {
    const patterns = metricFilterPatterns(source);
    expect(patterns.filter((p) => describeFilterPattern(p).regexCount > 0).length).toBeLessThanOrEqual(5);
    expect(patterns.length).toBeLessThanOrEqual(100);
  });
});
