/**
 * The notifier function: wiring only (STYLE §10). Clients, config and logger at module scope; the
 * logic is in notify.ts. Environment: TABLE_NAME, DEAD_LETTER_QUEUE_URL; config.json beside this
 * file (NOTIFIER_CONFIG overrides its path, for local runs). No secret is in the environment:
 * channels name SSM parameters and Secrets Manager secrets, read at run time (secrets.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { ClaimTable } from "./claims";
import { CONFIG_FILE, parseNotifierConfig } from "./config";
import { assumedLogsClient, readEvidence } from "./enrich";
import { createNotifier } from "./notify";
import { createSecretReader } from "./secrets";

/** The function's environment (the construct sets it), checked before anything runs. */
const Environment = z.object({
  TABLE_NAME: z.string().min(1),
  DEAD_LETTER_QUEUE_URL: z.string().startsWith("https://"),
  NOTIFIER_CONFIG: z.string().min(1).optional(),
});
const parsedEnv = Environment.safeParse(process.env);
if (!parsedEnv.success) throw new Error(`notifier environment: ${z.prettifyError(parsedEnv.error)}`);
const env = parsedEnv.data;

const config = parseNotifierConfig(readFileSync(env.NOTIFIER_CONFIG ?? join(__dirname, CONFIG_FILE), "utf8"));
const logger = new Logger({ serviceName: "tripline-notifier" });
const sns = new SNSClient({});
const sqs = new SQSClient({});
const deadLetterQueueUrl = env.DEAD_LETTER_QUEUE_URL;
const enrichment = config.enrichment;
const logs = enrichment ? assumedLogsClient(new STSClient({}), enrichment) : undefined;

const notify = createNotifier(config, {
  claims: new ClaimTable(DynamoDBDocumentClient.from(new DynamoDBClient({})), env.TABLE_NAME),
  readSecret: createSecretReader({ ssm: new SSMClient({}), secretsManager: new SecretsManagerClient({}) }),
  publishEmail: async (topicArn, message) => {
    await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: message.subject, Message: message.body }));
  },
  deadLetter: async (letter) => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MessageBody: JSON.stringify(letter),
        MessageAttributes: {
          channel: { DataType: "String", StringValue: letter.channel },
          detection: { DataType: "String", StringValue: letter.detection },
          reason: { DataType: "String", StringValue: letter.reason.slice(0, 1000) },
        },
      }),
    );
  },
  readEvidence: logs && enrichment ? (query) => readEvidence(logs, enrichment.logGroupName, query) : undefined,
  log: { info: (m, e) => logger.info(m, e), warn: (m, e) => logger.warn(m, e) },
});

export const handler = async (event: unknown): Promise<{ alerts: number }> => {
  const result = await notify(event);
  for (const alert of result.alerts) logger.info("alert", { alertId: alert.id, detection: alert.detection, channels: alert.channels });
  return { alerts: result.alerts.length };
};
