/**
 * The events behind a CloudTrail alarm: the alarm's own deployed filter pattern run with
 * FilterLogEvents over the trail's log group for the alarm's window, so the evidence is exactly what
 * the metric counted (same syntax, docs/aws-facts.md n1). The log group is in the trail owner's
 * account: the notifier assumes a role there that may only read that log group (n6). Pages until
 * `nextToken` disappears, at most `maxPages` (FilterLogEvents is throttled at 5 TPS per account
 * and Region, n2); a capped read says so (`truncated`).
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import type { Alert } from "./alert";
import type { EnrichmentConfig, NotifierDetection } from "./config";
import { noEvidence, summarizeEvidence, type Evidence } from "./evidence";

export const MAX_PAGES = 5;
/** The most events counted: enough for the top five, small enough for a Lambda's memory. */
export const MAX_EVENTS = 20_000;

export interface EvidenceQuery {
  readonly pattern: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** What to read for an alarm, or why nothing can be read. */
export function evidenceQuery(alert: Alert, detection: NotifierDetection | undefined): EvidenceQuery | string {
  if (!alert.alarm) return "not an alarm";
  if (detection?.pattern === undefined) return "this detection has no filter pattern to run over the trail's log group";
  const startMs = Date.parse(alert.alarm.window.start);
  const endMs = Date.parse(alert.alarm.window.end);
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs <= startMs) return "the alarm's window is unknown";
  return { pattern: detection.pattern, startMs, endMs };
}

export type LogsClientFactory = () => Promise<CloudWatchLogsClient>;

/** A CloudWatch Logs client with the evidence role's credentials, renewed before they expire. */
export function assumedLogsClient(sts: STSClient, config: EnrichmentConfig): LogsClientFactory {
  let cached: { client: CloudWatchLogsClient; expiresMs: number } | undefined;
  return async () => {
    if (cached && cached.expiresMs - Date.now() > 60_000) return cached.client;
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: config.roleArn, RoleSessionName: "tripline-notifier", DurationSeconds: 900 }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${config.roleArn} returned no credentials`);
    const client = new CloudWatchLogsClient({
      region: config.region,
      credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration },
    });
    cached = { client, expiresMs: c.Expiration?.getTime() ?? Date.now() + 900_000 };
    return client;
  };
}

export async function readEvidence(logs: LogsClientFactory, logGroupName: string, query: EvidenceQuery, maxPages = MAX_PAGES): Promise<Evidence> {
  const client = await logs();
  const records: unknown[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(
      new FilterLogEventsCommand({ logGroupName, filterPattern: query.pattern, startTime: query.startMs, endTime: query.endMs - 1, nextToken }),
    );
    pages++;
    for (const event of page.events ?? []) {
      if (records.length >= MAX_EVENTS) break;
      try {
        records.push(JSON.parse(event.message ?? ""));
      } catch {
        // A line that is not JSON is not a CloudTrail record: not counted.
      }
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined && pages < maxPages && records.length < MAX_EVENTS);
  return summarizeEvidence(records, nextToken !== undefined);
}

export { noEvidence };
