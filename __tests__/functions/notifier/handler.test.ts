/**
 * The handler as Lambda loads it: config.json, environment, module-scope clients (mocked with
 * aws-sdk-client-mock; DynamoDB is a real local server), Powertools' JSON logs on stdout.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mockClient } from "aws-sdk-client-mock";
import { catalog } from "../../../modules/catalog";
import { defaultNotifierConfig } from "../../../modules/deployment/notifier-config";
import { toEventBridgeEvent } from "../../../modules/replay/eventbridge-envelope";
import type { NotifierConfig } from "../../../functions/notifier/config";
import type { DynamoDbServer } from "../stream-detector/dynamodb-server";
import { useLocalServers, type WebhookServer } from "./webhook-server";

const servers = useLocalServers();
let http: WebhookServer;
let db: DynamoDbServer;
beforeAll(() => {
  http = servers.http();
  db = servers.db();
});

test("the handler delivers, dead-letters, logs JSON keyed by account and detection, and never logs a secret", async () => {
  const table = await db.createTable();
  const dir = mkdtempSync(join(tmpdir(), "notifier-"));
  const config: NotifierConfig = {
    ...defaultNotifierConfig(),
    accounts: { "111122223333": "payments-prod" },
    channels: [
      { kind: "slack", name: "slack", url: { ssmParameter: "/tripline/slack" } },
      { kind: "teams", name: "teams", url: { secretsManager: "tripline/teams" } },
    ],
  };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  http.script("/slack-secret-path-T000", [{ status: 200, body: "ok" }]);
  http.script("/teams-secret-path-sig", [{ status: 400, body: "bad card" }]);
  const slackUrl = `${http.base}/slack-secret-path-T000`;
  const teamsUrl = `${http.base}/teams-secret-path-sig`;
  const env = { ...process.env };
  Object.assign(process.env, {
    NOTIFIER_CONFIG: join(dir, "config.json"),
    TABLE_NAME: table,
    DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/222222222222/tripline-notifier-dlq",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    POWERTOOLS_LOG_LEVEL: "INFO",
  });
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  // Powertools writes INFO to stdout and WARN to stderr.
  const write = jest.spyOn(process.stdout, "write").mockImplementation(capture);
  const writeError = jest.spyOn(process.stderr, "write").mockImplementation(capture);
  try {
    let handler: (event: unknown) => Promise<{ alerts: number }> = async () => ({ alerts: -1 });
    let sendCalls: () => { input: { MessageBody?: string } }[] = () => [];
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const ssm = require("@aws-sdk/client-ssm") as typeof import("@aws-sdk/client-ssm");
      const sm = require("@aws-sdk/client-secrets-manager") as typeof import("@aws-sdk/client-secrets-manager");
      const sqs = require("@aws-sdk/client-sqs") as typeof import("@aws-sdk/client-sqs");
      mockClient(ssm.SSMClient).on(ssm.GetParameterCommand, { Name: "/tripline/slack", WithDecryption: true }).resolves({ Parameter: { Value: slackUrl } });
      mockClient(sm.SecretsManagerClient).on(sm.GetSecretValueCommand, { SecretId: "tripline/teams" }).resolves({ SecretString: teamsUrl });
      const queue = mockClient(sqs.SQSClient);
      queue.on(sqs.SendMessageCommand).resolves({ MessageId: "m" });
      sendCalls = () => queue.commandCalls(sqs.SendMessageCommand).map((c) => ({ input: c.args[0].input }));
      handler = (require("../../../functions/notifier/handler") as typeof import("../../../functions/notifier/handler")).handler;
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
    const event = toEventBridgeEvent(catalog.find((d) => d.id === "root-console-login")!.examples.match[0] as Record<string, unknown>).event;
    expect(await handler(event)).toEqual({ alerts: 1 });
    expect(await handler(event)).toEqual({ alerts: 1 });
    expect(http.received.filter((r) => r.path.startsWith("/slack"))).toHaveLength(1);
    expect(http.received.filter((r) => r.path.startsWith("/teams"))).toHaveLength(1);
    const letters = sendCalls();
    expect(letters).toHaveLength(1);
    expect(JSON.parse(letters[0].input.MessageBody!)).toMatchObject({ channel: "teams", detection: "root-console-login" });
    const logs = written.join("").split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logs).toContainEqual(expect.objectContaining({ level: "INFO", message: "delivered", service: "tripline-notifier", detection: "root-console-login", account: "111122223333", channel: "slack" }));
    expect(logs).toContainEqual(expect.objectContaining({ level: "WARN", message: "not delivered; sent to the dead-letter queue", channel: "teams" }));
    const all = written.join("");
    for (const secret of [slackUrl, teamsUrl, "secret-path"]) expect(all).not.toContain(secret);
  } finally {
    write.mockRestore();
    writeError.mockRestore();
    process.env = env;
  }
});
