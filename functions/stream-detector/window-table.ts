/**
 * The stream detector's state in DynamoDB (table `tripline-stream-detector`, key `pk`, TTL
 * attribute `expiresAt`): one item per window and key, holding the string set of distinct values
 * and the alert claim; one item per off-hours sign-in alert. Every write is a single conditional
 * `UpdateItem`, atomic, so concurrent invocations and redelivered batches agree.
 */
import { createHash } from "node:crypto";
import { UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { AlertStore } from "./detect";
import { KEY_SEPARATOR } from "../../modules/engines/windows/window-key";

/** The table's partition key and TTL attribute (the construct declares the same names). */
export const TABLE_KEY = "pk";
export const TTL_ATTRIBUTE = "expiresAt";

/**
 * A readable, bounded item key: the detection id, then a hash of the whole window key (it holds
 * an identity ARN, which may approach DynamoDB's 2,048-byte key limit, and NUL separators).
 */
export const itemKey = (windowKey: string): string =>
  `${windowKey.split(KEY_SEPARATOR)[0]}#${createHash("sha256").update(windowKey).digest("hex").slice(0, 40)}`;

const ttlSeconds = (ms: number): number => Math.ceil(ms / 1000);

const isConditionFailure = (error: unknown): boolean => (error as { name?: string } | null)?.name === "ConditionalCheckFailedException";

export class WindowTable implements AlertStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async addDistinct(windowKey: string, values: readonly string[], expiresAtMs: number, cap: number): Promise<number> {
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [TABLE_KEY]: itemKey(windowKey) },
          // ADD to a string set is idempotent per value: a redelivered event does not count twice.
          UpdateExpression: "ADD vals :values SET #ttl = if_not_exists(#ttl, :ttl), detection = if_not_exists(detection, :detection)",
          // Stop growing at the threshold: the item stays small (400 KB limit) however busy the key.
          ConditionExpression: "attribute_not_exists(vals) OR size(vals) < :cap",
          ExpressionAttributeNames: { "#ttl": TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ":values": new Set(values), ":ttl": ttlSeconds(expiresAtMs), ":cap": cap, ":detection": windowKey.split(KEY_SEPARATOR)[0] },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      const set = out.Attributes?.vals as ReadonlySet<string> | undefined;
      return set?.size ?? 0;
    } catch (error) {
      if (isConditionFailure(error)) return cap;
      throw error;
    }
  }

  async claimAlert(alertKey: string, expiresAtMs: number, token: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [TABLE_KEY]: itemKey(alertKey) },
          UpdateExpression: "SET alertedBy = :token, #ttl = if_not_exists(#ttl, :ttl)",
          ConditionExpression: "attribute_not_exists(alertedBy)",
          ExpressionAttributeNames: { "#ttl": TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ":token": token, ":ttl": ttlSeconds(expiresAtMs) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseAlert(alertKey: string, token: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [TABLE_KEY]: itemKey(alertKey) },
          UpdateExpression: "REMOVE alertedBy",
          ConditionExpression: "alertedBy = :token",
          ExpressionAttributeValues: { ":token": token },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
