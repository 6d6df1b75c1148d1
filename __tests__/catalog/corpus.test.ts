/**
 * The catalog against public logs it was not written for (../shared/corpus, vendored in
 * __tests__/corpus): every labelled detection must fire exactly on the records and lines the
 * labels expect, and the per-detection totals must equal the corpus README's tables.
 */
import { readdirSync, readFileSync } from "node:fs";
import { catalog, detectionById } from "../../modules/catalog";
import type { Detection } from "../../modules/catalog/detection";
import { corpusPath } from "../corpus-path";
import { compileDetection, type TestEvent } from "./evaluate-detection";

interface CloudTrailLabel {
  readonly line: number;
  readonly expect: readonly string[];
  readonly optional?: readonly string[];
  readonly undetermined?: readonly string[];
}

interface SshLabels {
  readonly lines_total: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly lines: Readonly<Record<string, readonly number[]>>;
  readonly sshd_lines_not_evaluated: readonly number[];
}

const readLines = (path: string): string[] => {
  const lines = readFileSync(path, "utf8").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  // The labels' rule: lines are split on LF with one trailing CR removed.
  return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
};

/** A label id to the detection it means: `CloudWatch.N` through `controls`, fixed ids directly. */
const detectionFor = (label: string): Detection => {
  const found = label.startsWith("CloudWatch.") ? catalog.filter((d) => d.controls.includes(label)) : [detectionById(label)].filter((d) => d !== undefined);
  if (found.length !== 1) throw new Error(`label ${label} names ${found.length} detections`);
  return found[0];
};

/** The corpus README's "Positives per detection" table: label → file column → count. */
const README_COLUMNS: Readonly<Record<string, string>> = {
  stratus: "stratus-red-team-detonations.jsonl",
  otrf: "otrf-ec2-proxy-s3-exfiltration.jsonl",
  "aws-docs": "aws-docs-examples.jsonl",
  "elastic-int.": "elastic-integrations-pipeline-tests.jsonl",
  "panther tests": "panther-analysis-rule-tests.jsonl",
  "panther scenario": "panther-scenario-compromised-root.jsonl",
};

function readmeTable(heading: string, firstColumn: string): { header: string[]; rows: Map<string, string[]> } {
  const text = readFileSync(corpusPath("README.md"), "utf8");
  const section = text.slice(text.indexOf(heading));
  const lines = section.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`| ${firstColumn} |`));
  const cells = (l: string) => l.split("|").slice(1, -1).map((c) => c.trim().replace(/\*\*/g, "").replace(/,/g, ""));
  const header = cells(lines[start]);
  const rows = new Map<string, string[]>();
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith("|")) break;
    const c = cells(l);
    rows.set(c[0], c.slice(1));
  }
  return { header: header.slice(1), rows };
}

describe("CloudTrail corpus", () => {
  const files = readdirSync(corpusPath("cloudtrail"))
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .map((file) => {
      const events: TestEvent[] = readLines(corpusPath("cloudtrail", file)).map((message) => ({
        message,
        record: JSON.parse(message) as Record<string, unknown>,
      }));
      const labels = readLines(corpusPath("labels", "cloudtrail", file.replace(/\.jsonl$/, ".labels.jsonl"))).map((l) => JSON.parse(l) as CloudTrailLabel);
      return { file, events, labels };
    });

  const labelIds = [...new Set(files.flatMap((f) => f.labels.flatMap((l) => [...l.expect, ...(l.optional ?? []), ...(l.undetermined ?? [])])))].sort();
  const fired = new Map<string, Map<string, number>>();

  test("every file has one label row per record, in order", () => {
    for (const f of files) expect(f.labels.map((l) => l.line)).toEqual(f.events.map((_, i) => i + 1));
  });

  describe.each(labelIds.map((id) => [id] as const))("%s", (label) => {
    const detection = detectionFor(label);
    const fires = compileDetection(detection);

    test.each(files.map((f) => [f.file, f] as const))(`${detection.id} fires exactly on the expected records of %s`, (file, f) => {
      const wrong: string[] = [];
      let count = 0;
      f.events.forEach((event, i) => {
        const row = f.labels[i];
        if (row.optional?.includes(label) || row.undetermined?.includes(label)) return;
        const expected = row.expect.includes(label);
        const actual = fires(event);
        if (expected && actual) count += 1;
        if (expected !== actual) wrong.push(`line ${row.line}: expected ${expected ? "a match" : "no match"}`);
      });
      expect(wrong).toEqual([]);
      const perFile = fired.get(label) ?? new Map<string, number>();
      perFile.set(file, count);
      fired.set(label, perFile);
    });
  });

  /** Detections without labels of their own that must select exactly what a labelled one does. */
  const SAME_RECORDS_AS: ReadonlyArray<readonly [twin: string, label: string]> = [["console-login-without-mfa-event", "console-login-without-mfa"]];

  test.each(SAME_RECORDS_AS)("%s fires exactly where %s is expected", (twin, label) => {
    const fires = compileDetection(detectionFor(twin));
    const wrong: string[] = [];
    for (const f of files) {
      f.events.forEach((event, i) => {
        const row = f.labels[i];
        if (row.optional?.includes(label) || row.undetermined?.includes(label)) return;
        if (row.expect.includes(label) !== fires(event)) wrong.push(`${f.file}:${row.line}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  test("per-detection totals equal the corpus README's table", () => {
    const { header, rows } = readmeTable("## Positives per detection", "detection");
    const columns = header.slice(0, -1);
    for (const c of columns) expect(README_COLUMNS).toHaveProperty([c]);
    const table = new Map<string, Record<string, number>>();
    for (const [label, cells] of rows) {
      if (label === "records") continue;
      table.set(label, Object.fromEntries(columns.map((c, i) => [README_COLUMNS[c], Number(cells[i])])));
    }
    const measured = new Map([...fired].map(([label, perFile]) => [label, Object.fromEntries(columns.map((c) => [README_COLUMNS[c], perFile.get(README_COLUMNS[c]) ?? 0]))]));
    expect([...measured.keys()].sort()).toEqual([...table.keys()].sort());
    for (const [label, perFile] of table) expect({ label, ...measured.get(label) }).toEqual({ label, ...perFile });
    for (const [label, cells] of rows) {
      if (label === "records") continue;
      const sum = Object.values(measured.get(label) ?? {}).reduce((a, b) => a + b, 0);
      expect({ label, total: sum }).toEqual({ label, total: Number(cells[columns.length]) });
    }
    const records = rows.get("records") ?? [];
    expect(Object.fromEntries(columns.map((c) => [README_COLUMNS[c], files.find((f) => f.file === README_COLUMNS[c])?.events.length]))).toEqual(
      Object.fromEntries(columns.map((c, i) => [README_COLUMNS[c], Number(records[i])])),
    );
  });
});

describe("SSH corpus", () => {
  /**
   * ssh-brute-force counts, per address, exactly the lines ssh-failed-password's definition counts
   * (its grok and rule, through the transformer): its lines are that kind's labelled lines.
   */
  const LABELLED_AS: Readonly<Record<string, string>> = { "ssh-brute-force": "ssh-failed-password" };
  const labelOf = (id: string): string => LABELLED_AS[id] ?? id;
  const sshDetections = catalog.filter((d) => d.source === "ssh");
  const compiled = sshDetections.map((d) => ({ id: d.id, label: labelOf(d.id), fires: compileDetection(d) }));
  const logs = readdirSync(corpusPath("ssh"))
    .filter((f) => f.endsWith(".log"))
    .sort();
  const totals = new Map<string, number>();

  test("every labelled SSH kind is a detection of the catalog", () => {
    const kinds = new Set(logs.flatMap((f) => Object.keys((JSON.parse(readFileSync(corpusPath("labels", "ssh", `${f}.labels.json`), "utf8")) as SshLabels).counts)));
    expect([...kinds].sort()).toEqual([...new Set(sshDetections.map((d) => labelOf(d.id)))].sort());
  });

  test.each(logs.map((f) => [f] as const))("%s: each SSH detection matches exactly the labelled lines", (file) => {
    const labels = JSON.parse(readFileSync(corpusPath("labels", "ssh", `${file}.labels.json`), "utf8")) as SshLabels;
    const lines = readLines(corpusPath("ssh", file));
    expect(lines.length).toBe(labels.lines_total);
    const skipped = new Set(labels.sshd_lines_not_evaluated);
    const evaluated = lines.map((text, i) => ({ n: i + 1, text })).filter(({ n, text }) => !skipped.has(n) && !text.startsWith("#"));
    for (const { id, label, fires } of compiled) {
      const matched = evaluated.filter(({ text }) => fires({ message: text })).map(({ n }) => n);
      expect({ id, count: matched.length, lines: matched }).toEqual({ id, count: labels.counts[label], lines: [...labels.lines[label]] });
      totals.set(id, (totals.get(id) ?? 0) + matched.length);
    }
  });

  test("totals equal the corpus README's table", () => {
    const { header, rows } = readmeTable("SSH: lines counted per definition", "file");
    const total = rows.get("total") ?? [];
    const expected = Object.fromEntries(sshDetections.map((d) => [d.id, Number(total[header.indexOf(labelOf(d.id))])]));
    expect(Object.fromEntries(sshDetections.map((d) => [d.id, totals.get(d.id)]))).toEqual(expected);
  });
});
