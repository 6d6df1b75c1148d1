/**
 * The stream detector function: wiring only (STYLE §10). Clients, config and logger at module
 * scope; the logic is in detect.ts. Environment: TABLE_NAME, TOPIC_ARN; config.json beside this
 * file (STREAM_DETECTOR_CONFIG overrides its path, for local runs).
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { z } from "zod";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { STREAM_DETECTOR_NAME } from "../../modules/deployment/names";
import { alertSubject } from "./alert";
import { CONFIG_FILE, parseConfig } from "./config";
import { createStreamDetector } from "./detect";
import { alertMetricLine } from "./metrics";
import { decodeSubscriptionEvent } from "./payload";
import { WindowTable } from "./window-table";

/** The function's environment (the construct sets it), checked before anything runs. */
const Environment = z.object({
  TABLE_NAME: z.string().min(1),
  TOPIC_ARN: z.string().startsWith("arn:"),
  STREAM_DETECTOR_CONFIG: z.string().min(1).optional(),
});
const parsedEnv = Environment.safeParse(process.env);
if (!parsedEnv.success) throw new Error(`stream detector environment: ${z.prettifyError(parsedEnv.error)}`);
const env = parsedEnv.data;

const config = parseConfig(readFileSync(env.STREAM_DETECTOR_CONFIG ?? join(__dirname, CONFIG_FILE), "utf8"));
const topicArn = env.TOPIC_ARN;
const logger = new Logger({ serviceName: STREAM_DETECTOR_NAME });
const sns = new SNSClient({});
const table = new WindowTable(DynamoDBDocumentClient.from(new DynamoDBClient({})), env.TABLE_NAME);

const detect = createStreamDetector(config, {
  store: table,
  publish: async (alert) => {
    await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: alertSubject(alert), Message: JSON.stringify(alert, null, 2) }));
  },
  // Straight to stdout: EMF needs the bare JSON line, without the runtime's console prefix.
  emitMetric: (detectionId) => process.stdout.write(`${alertMetricLine(config.namespace, detectionId, Date.now())}\n`),
  newToken: randomUUID,
  warn: (message, extra) => logger.warn(message, extra),
});

export const handler = async (event: unknown): Promise<{ events: number; alerts: number; duplicates: number }> => {
  const batch = decodeSubscriptionEvent(event);
  const result = await detect(batch);
  for (const alert of result.alerts) logger.info("alert", { detection: alert.detection.id, account: alert.account, who: alert.who, window: alert.window });
  logger.info("batch", { logStream: batch.logStream, events: result.events, matched: result.matched, alerts: result.alerts.length, duplicates: result.duplicates });
  return { events: result.events, alerts: result.alerts.length, duplicates: result.duplicates };
};
