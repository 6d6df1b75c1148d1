/**
 * DuckDB hunt against readline + JSON.parse over the same CloudTrail JSON Lines files, in the same
 * run: 200,000 and 2,000,000 records (100,000 per file, as an archive holds many files). Usage:
 * `npm run bench:hunt [-- 200000]`. The machine is shared: figures are noisy; compare within a run.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { defaultReplayProfile } from "../modules/deployment/profile";
import { compileHuntPlan } from "../modules/hunt/compile-detection";
import { huntLocalFiles } from "../modules/hunt/run-duckdb";

const PER_FILE = 100_000;
const NAMES = ["ListBuckets", "DescribeInstances", "ConsoleLogin", "PutBucketPolicy", "AssumeRole", "GetObject", "CreateUser"];

function writeFiles(dir: string, records: number): string[] {
  const files: string[] = [];
  for (let f = 0; f * PER_FILE < records; f++) {
    const lines: string[] = [];
    for (let i = f * PER_FILE; i < Math.min(records, (f + 1) * PER_FILE); i++) {
      lines.push(
        JSON.stringify({
          eventVersion: "1.08",
          userIdentity: { type: i % 997 === 0 ? "Root" : "IAMUser", arn: `arn:aws:iam::111122223333:user/u${i % 50}`, accountId: "111122223333" },
          eventTime: new Date(Date.UTC(2024, 4, 1) + i * 1000).toISOString().replace(".000Z", "Z"),
          eventSource: "s3.amazonaws.com",
          eventName: NAMES[i % NAMES.length],
          awsRegion: "eu-west-1",
          sourceIPAddress: `203.0.113.${i % 200}`,
          errorCode: i % 101 === 0 ? "AccessDenied" : undefined,
          requestParameters: { bucketName: `bucket-${i % 30}` },
          eventID: `e-${i}`,
          eventType: "AwsApiCall",
        }),
      );
    }
    const file = join(dir, `records-${f}.jsonl`);
    writeFileSync(file, `${lines.join("\n")}\n`);
    files.push(file);
  }
  return files;
}

async function readlineParse(files: readonly string[]): Promise<number> {
  let rootCalls = 0;
  for (const file of files) {
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      const r = JSON.parse(line) as { userIdentity?: { type?: string } };
      if (r.userIdentity?.type === "Root") rootCalls++;
    }
  }
  return rootCalls;
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const plan = compileHuntPlan(defaultReplayProfile());
  const rootOnly = { queries: plan.queries.filter((q) => q.detection.id === "root-account-usage"), refusals: [] };
  for (const records of sizes.length > 0 ? sizes : [200_000, 2_000_000]) {
    const dir = mkdtempSync(join(tmpdir(), "bench-hunt-"));
    try {
      const files = writeFiles(dir, records);
      let t = process.hrtime.bigint();
      const root = await readlineParse(files);
      const parseMs = Number(process.hrtime.bigint() - t) / 1e6;
      t = process.hrtime.bigint();
      const one = await huntLocalFiles(rootOnly, files);
      const oneMs = Number(process.hrtime.bigint() - t) / 1e6;
      t = process.hrtime.bigint();
      const report = await huntLocalFiles(plan, files);
      const huntMs = Number(process.hrtime.bigint() - t) / 1e6;
      console.log(
        [
          `${records.toLocaleString("en-US")} records in ${files.length} files:`,
          `  readline + JSON.parse, one predicate (root calls): ${parseMs.toFixed(0)} ms (${root} root calls)`,
          `  DuckDB hunt, root-account-usage only (matches and alarms): ${oneMs.toFixed(0)} ms (${one.matches.length} matches): ${(parseMs / oneMs).toFixed(2)}x`,
          `  DuckDB hunt, all ${plan.queries.length} detections: ${huntMs.toFixed(0)} ms (${report.matches.length} matches, ${report.alarms.length} alarms): ${(parseMs / huntMs).toFixed(2)}x`,
          `  peak RSS of this process so far: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
        ].join("\n"),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

void main();
