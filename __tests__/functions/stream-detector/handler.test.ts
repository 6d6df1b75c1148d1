/**
 * The handler as Lambda runs it: environment, config file, the subscription payload, a real
 * DynamoDB-compatible server, SNS mocked. And the package built at synth time: a zip whose
 * `index.js` loads and exports the handler.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { PublishCommand, type ServiceInputTypes, type ServiceOutputTypes, type SNSClientResolvedConfig } from "@aws-sdk/client-sns";
import { mockClient, type AwsStub } from "aws-sdk-client-mock";
import { apiEnumeration } from "../../../modules/catalog/cloudtrail/api-enumeration";
import { offHoursConsoleLogin } from "../../../modules/catalog/cloudtrail/off-hours-console-login";
import { consoleLogin } from "../../../modules/catalog/examples";
import { DEFAULT_SCHEDULE } from "../../../modules/deployment/profile";
import { packageStreamDetector } from "../../../functions/stream-detector/bundle";
import type { StreamDetectorConfig } from "../../../functions/stream-detector/config";
import { alertMetricLine } from "../../../functions/stream-detector/metrics";
import { decodeSubscriptionEvent, encodeSubscriptionEvent } from "../../../functions/stream-detector/payload";
import { startDynamoDb, type DynamoDbServer } from "./dynamodb-server";

const strip = <T extends { examples: unknown }>({ examples: _examples, ...rest }: T) => rest;
const CONFIG: StreamDetectorConfig = { namespace: "Security/tripline", schedule: DEFAULT_SCHEDULE, detections: [strip(offHoursConsoleLogin), strip(apiEnumeration)] };
const TOPIC_ARN = "arn:aws:sns:us-east-1:111111111111:tripline-alerts";

let db: DynamoDbServer;
const saved = { ...process.env };
beforeAll(async () => {
  db = await startDynamoDb();
});
afterAll(async () => {
  process.env = saved;
  await db.close();
});

const subscriptionEvent = (messages: readonly Record<string, unknown>[]) =>
  encodeSubscriptionEvent({
    messageType: "DATA_MESSAGE",
    owner: "111111111111",
    logGroup: "tripline-trail",
    logStream: "111111111111_CloudTrail_us-east-1",
    subscriptionFilters: ["tripline-stream-detector"],
    logEvents: messages.map((m, i) => ({ id: `e${i}`, timestamp: 0, message: JSON.stringify(m) })),
  });

test("the payload round-trips: base64 of gzip of the JSON batch", () => {
  const event = subscriptionEvent([{ eventName: "ConsoleLogin" }]);
  expect(decodeSubscriptionEvent(event).logEvents[0].message).toBe('{"eventName":"ConsoleLogin"}');
  expect(() => decodeSubscriptionEvent({ Records: [] })).toThrow("not a CloudWatch Logs subscription event");
});

test("the handler decodes the batch, claims in DynamoDB, publishes to the topic and writes an EMF line", async () => {
  const table = await db.createTable();
  const dir = mkdtempSync(join(tmpdir(), "tripline-handler-"));
  writeFileSync(join(dir, "config.json"), JSON.stringify(CONFIG));
  Object.assign(process.env, {
    STREAM_DETECTOR_CONFIG: join(dir, "config.json"),
    TABLE_NAME: table,
    TOPIC_ARN,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    POWERTOOLS_LOG_LEVEL: "ERROR",
  });
  const written: string[] = [];
  const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    let handler: (event: unknown) => Promise<{ alerts: number; duplicates: number }> = async () => ({ alerts: -1, duplicates: -1 });
    let sns: AwsStub<ServiceInputTypes, ServiceOutputTypes, SNSClientResolvedConfig> | undefined;
    let Publish: typeof PublishCommand = PublishCommand;
    jest.isolateModules(() => {
      // The handler's own copy of the SNS client, as a fresh Lambda container loads it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require("@aws-sdk/client-sns") as typeof import("@aws-sdk/client-sns");
      Publish = isolated.PublishCommand;
      sns = mockClient(isolated.SNSClient);
      sns.on(Publish).resolves({ MessageId: "m-1" });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = (require("../../../functions/stream-detector/handler") as typeof import("../../../functions/stream-detector/handler")).handler;
    });
    const event = subscriptionEvent([consoleLogin({ eventTime: "2024-05-04T03:12:45Z", eventID: "sat-1" })]);
    expect(await handler(event)).toMatchObject({ alerts: 1, duplicates: 0 });
    expect(await handler(event)).toMatchObject({ alerts: 0, duplicates: 1 });
    const calls = sns?.commandCalls(Publish) ?? [];
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toMatchObject({ TopicArn: TOPIC_ARN, Subject: "tripline medium: Someone signed in to the console outside working hours (111122223333)" });
    const emf = written.map((line) => line.trim()).filter((line) => line.includes('"_aws"'));
    expect(emf).toHaveLength(1);
    expect(JSON.parse(emf[0])).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: "Security/tripline", Dimensions: [[]], Metrics: [{ Name: "off-hours-console-login", Unit: "Count" }] }] },
      "off-hours-console-login": 1,
    });
  } finally {
    write.mockRestore();
  }
});

test("an EMF line names the metric by the detection id, without dimensions", () => {
  expect(JSON.parse(alertMetricLine("tripline", "api-enumeration", 1714557600000))).toEqual({
    _aws: { Timestamp: 1714557600000, CloudWatchMetrics: [{ Namespace: "tripline", Dimensions: [[]], Metrics: [{ Name: "api-enumeration", Unit: "Count" }] }] },
    "api-enumeration": 1,
  });
});

describe("the package built at synth time", () => {
  const pkg = packageStreamDetector(CONFIG);

  test("is the same bytes for the same config (no update planned without a change)", () => {
    expect(packageStreamDetector(CONFIG).sha256).toBe(pkg.sha256);
    expect(packageStreamDetector({ ...CONFIG, namespace: "other" }).sha256).not.toBe(pkg.sha256);
  });

  test("holds config.json and an index.js that loads and exports the handler", () => {
    const dir = mkdtempSync(join(tmpdir(), "tripline-package-"));
    writeFileSync(join(dir, "package.zip"), pkg.zip);
    execFileSync("unzip", ["-q", "package.zip"], { cwd: dir });
    const script = [
      "process.env.TABLE_NAME = 't'; process.env.TOPIC_ARN = 'arn:aws:sns:us-east-1:1:t'; process.env.AWS_REGION = 'us-east-1';",
      "const m = require('./index.js'); const c = require('./config.json');",
      "process.stdout.write(JSON.stringify({ handler: typeof m.handler, detections: c.detections.map((d) => d.id), examples: c.detections.some((d) => 'examples' in d) }));",
    ].join("\n");
    const out = execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ handler: "function", detections: ["off-hours-console-login", "api-enumeration"], examples: false });
  });
});
