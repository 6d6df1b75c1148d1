/** Test support: log files in a temporary folder, and everything a reader makes of them. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { readLogFile, type FileSummary, type LogEntry, type ReadOptions, type SkippedLine } from "../../modules/replay/readers";

let folder: string | undefined;

afterAll(() => {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

/** Writes `content` under a fresh temporary folder (shared per test file) and returns its path. */
export function logFile(name: string, content: string | Buffer, options: { gzip?: boolean } = {}): string {
  folder ??= mkdtempSync(join(tmpdir(), "tripline-replay-"));
  const path = join(folder, name);
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  writeFileSync(path, options.gzip ? gzipSync(bytes) : bytes);
  return path;
}

export interface ReadResult {
  readonly summary: FileSummary;
  readonly entries: LogEntry[];
  readonly skipped: SkippedLine[];
}

/** Reads a file to the end, copying each entry (readers reuse the object they hand over). */
export async function readAll(file: string, options?: ReadOptions): Promise<ReadResult> {
  const entries: LogEntry[] = [];
  const skipped: SkippedLine[] = [];
  const summary = await readLogFile(file, { entry: (e) => entries.push({ file: e.file, line: e.line, text: e.text, record: e.record, time: e.time }), skip: (s) => skipped.push(s) }, options);
  return { summary, entries, skipped };
}

/** A CloudTrail record with the dull fields filled. */
export const apiCall = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventVersion: "1.08",
  userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333" },
  eventTime: "2024-05-01T10:00:00Z",
  eventSource: "ec2.amazonaws.com",
  eventName: "DescribeInstances",
  awsRegion: "us-east-1",
  sourceIPAddress: "198.51.100.7",
  eventID: "00000000-0000-0000-0000-000000000000",
  eventType: "AwsApiCall",
  ...fields,
});

export const jsonLines = (records: readonly unknown[]): string => records.map((r) => `${JSON.stringify(r)}\n`).join("");
