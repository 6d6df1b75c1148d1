/**
 * The CloudWatch Logs subscription payload a Lambda receives: `{"awslogs": {"data": …}}` where
 * `data` is base64 of gzip of JSON `{messageType, owner, logGroup, logStream,
 * subscriptionFilters, logEvents: [{id, timestamp, message}]}`.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { z } from "zod";

export interface SubscriptionLogEvent {
  /** CloudWatch Logs' id of the event, unique within the log group. */
  readonly id: string;
  /**
   * The log event's own timestamp, ms since the epoch: the time its sender gave PutLogEvents (for
   * CloudTrail, the event's), not when CloudWatch Logs ingested it. detect.ts prefers the record's
   * `eventTime` and falls back to this.
   */
  readonly timestamp: number;
  readonly message: string;
}

export interface SubscriptionBatch {
  /** `DATA_MESSAGE`, or `CONTROL_MESSAGE` (CloudWatch Logs checking the destination: no events). */
  readonly messageType: string;
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly subscriptionFilters: readonly string[];
  readonly logEvents: readonly SubscriptionLogEvent[];
}

export interface SubscriptionEvent {
  readonly awslogs: { readonly data: string };
}

const Envelope = z.object({ awslogs: z.object({ data: z.string() }) });

const Batch = z.object({
  messageType: z.string(),
  owner: z.string(),
  logGroup: z.string(),
  logStream: z.string(),
  subscriptionFilters: z.array(z.string()),
  logEvents: z.array(z.object({ id: z.string(), timestamp: z.number(), message: z.string() })),
});

/** Decodes a subscription payload; throws on anything else (the invocation then fails and is retried or dead-lettered). */
export function decodeSubscriptionEvent(event: unknown): SubscriptionBatch {
  const envelope = Envelope.safeParse(event);
  if (!envelope.success) throw new Error("not a CloudWatch Logs subscription event (no awslogs.data)");
  const batch = Batch.safeParse(JSON.parse(gunzipSync(Buffer.from(envelope.data.awslogs.data, "base64")).toString("utf8")));
  if (!batch.success) throw new Error(`awslogs.data is not a subscription batch: ${z.prettifyError(batch.error)}`);
  return batch.data;
}

/** Encodes a batch as CloudWatch Logs delivers it; for tests and local runs. */
export function encodeSubscriptionEvent(batch: SubscriptionBatch): SubscriptionEvent {
  return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(batch))).toString("base64") } };
}
