/**
 * One message per alert and channel however often the event comes (EventBridge and CloudWatch
 * deliver at least once, docs/aws-facts.md l6, m6): before sending, the notifier claims
 * `<alert id>#<channel>` with a conditional write in DynamoDB (table `tripline-notifier`, key `pk`,
 * TTL `expiresAt`), the stream detector's pattern. Why not SQS FIFO deduplication: its window is
 * five minutes, while EventBridge retries for up to 24 hours and a person may redrive a
 * dead-letter queue days later; the table keeps claims for seven days.
 *
 * A claim is a lease: a sender that dies mid-send (a Lambda timeout) leaves a claim that expires
 * after `LEASE_MS`, so the retry sends; a sent message's claim is marked `sent` and never
 * expires early.
 */
import { createHash } from "node:crypto";
import { UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export const CLAIM_TABLE_KEY = "pk";
export const CLAIM_TTL_ATTRIBUTE = "expiresAt";
/** How long a claim outlives its message: beyond EventBridge's 24 h of retries and a redrive. */
export const CLAIM_KEEP_MS = 7 * 24 * 3600_000;
/** An unfinished claim older than this is a sender that died: a retry may take it over. */
export const LEASE_MS = 2 * 60_000;

export interface ClaimStore {
  /** True when this caller may send; false when the message was sent, or is being sent, already. */
  claim(key: string, nowMs: number): Promise<boolean>;
  /** The message went out (or went to the dead-letter queue, which holds it for a person). */
  settle(key: string): Promise<void>;
  /** The claim is given back: the send did not happen, a retry must do it. */
  release(key: string): Promise<void>;
}

/** A bounded key: the readable start of the alert id, then a hash of all of it (ids hold ARNs). */
export const claimKey = (alertId: string, channel: string): string =>
  `${alertId.slice(0, 64)}#${channel}#${createHash("sha256").update(`${alertId}\u0000${channel}`).digest("hex").slice(0, 40)}`;

const isConditionFailure = (error: unknown): boolean => (error as { name?: string } | null)?.name === "ConditionalCheckFailedException";

export class ClaimTable implements ClaimStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(key: string, nowMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [CLAIM_TABLE_KEY]: key },
          UpdateExpression: "SET #state = :sending, leaseUntil = :lease, #ttl = :ttl",
          ConditionExpression: "attribute_not_exists(#state) OR (#state = :sending AND leaseUntil < :now)",
          ExpressionAttributeNames: { "#state": "state", "#ttl": CLAIM_TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ":sending": "sending", ":lease": nowMs + LEASE_MS, ":now": nowMs, ":ttl": Math.ceil((nowMs + CLAIM_KEEP_MS) / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async settle(key: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [CLAIM_TABLE_KEY]: key },
        UpdateExpression: "SET #state = :sent REMOVE leaseUntil",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":sent": "sent" },
      }),
    );
  }

  async release(key: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [CLAIM_TABLE_KEY]: key },
          UpdateExpression: "REMOVE #state, leaseUntil",
          ConditionExpression: "#state = :sending",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":sending": "sending" },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
