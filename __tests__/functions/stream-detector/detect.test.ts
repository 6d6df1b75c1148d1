/**
 * The stream detector's logic against a real DynamoDB-compatible server (dynalite) and a mocked
 * SNS client: thresholds, windows, redelivery, failures, and parity with replay.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { apiEnumeration } from "../../../modules/catalog/cloudtrail/api-enumeration";
import { offHoursConsoleLogin } from "../../../modules/catalog/cloudtrail/off-hours-console-login";
import { apiCall, consoleLogin, failedConsoleLogin } from "../../../modules/catalog/examples";
import { ReplayEvaluator } from "../../../modules/replay/evaluate";
import { DEFAULT_SCHEDULE } from "../../../modules/deployment/profile";
import type { StreamAlert } from "../../../functions/stream-detector/alert";
import type { StreamDetectorConfig } from "../../../functions/stream-detector/config";
import { createStreamDetector, type BatchResult } from "../../../functions/stream-detector/detect";
import type { SubscriptionBatch } from "../../../functions/stream-detector/payload";
import { itemKey, WindowTable } from "../../../functions/stream-detector/window-table";
import { startDynamoDb, type DynamoDbServer } from "./dynamodb-server";

const TOPIC_ARN = "arn:aws:sns:us-east-1:111111111111:tripline-alerts";
const strip = <T extends { examples: unknown }>({ examples: _examples, ...rest }: T) => rest;
const CONFIG: StreamDetectorConfig = {
  namespace: "tripline",
  schedule: DEFAULT_SCHEDULE,
  detections: [strip(offHoursConsoleLogin), strip(apiEnumeration)],
};

const snsMock = mockClient(SNSClient);
let db: DynamoDbServer;
beforeAll(async () => {
  db = await startDynamoDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
});

/** A detector as one Lambda container runs it: its own caches, the shared table, the (mocked) SNS client. */
function container(table: string, config: StreamDetectorConfig = CONFIG) {
  const sns = new SNSClient({ region: "us-east-1" });
  const metrics: string[] = [];
  let tokens = 0;
  const detect = createStreamDetector(config, {
    store: new WindowTable(db.documents, table),
    publish: async (alert) => {
      await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Subject: alert.detection.title, Message: JSON.stringify(alert) }));
    },
    emitMetric: (id) => metrics.push(id),
    newToken: () => `token-${++tokens}`,
  });
  return { detect, metrics };
}

const PEDRO = "arn:aws:iam::123456789012:user/pedro";
const ALICE = "arn:aws:iam::123456789012:user/alice";

/** `n` distinct API calls by `arn`, one second apart from `startTime`, numbered from `from`. */
function calls(arn: string, n: number, startTime: string, from = 0): Record<string, unknown>[] {
  const t0 = Date.parse(startTime);
  return Array.from({ length: n }, (_, i) =>
    apiCall({
      userIdentity: { type: "IAMUser", arn, accountId: "123456789012", userName: arn.split("/").pop() },
      eventSource: "ec2.amazonaws.com",
      eventName: `Describe${from + i}`,
      eventTime: new Date(t0 + i * 1000).toISOString().replace(".000Z", "Z"),
      eventID: `${arn}-${from + i}-${startTime}`,
      recipientAccountId: "123456789012",
    }),
  );
}

let ids = 0;
const batch = (records: readonly Record<string, unknown>[]): SubscriptionBatch => ({
  messageType: "DATA_MESSAGE",
  owner: "111111111111",
  logGroup: "tripline-trail",
  logStream: "o-a1b2c3d4e5_123456789012_CloudTrail_us-east-1",
  subscriptionFilters: ["tripline-stream-detector"],
  logEvents: records.map((r) => ({ id: String(++ids), timestamp: Date.parse(String(r.eventTime)), message: JSON.stringify(r) })),
});

const windowKey = (id: string, startMs: number, key: string) => `${id}\u0000${startMs}\u0000${key}`;

async function distinctValues(table: string, key: string): Promise<number> {
  const out = await db.documents.send(new GetCommand({ TableName: table, Key: { pk: itemKey(key) } }));
  return (out.Item?.vals as Set<string> | undefined)?.size ?? 0;
}

const published = (): StreamAlert[] => snsMock.commandCalls(PublishCommand).map((c) => JSON.parse(c.args[0].input.Message as string) as StreamAlert);

describe("api-enumeration (distinct values per identity and window)", () => {
  test("alerts once when an identity reaches 30 distinct APIs within one aligned window", async () => {
    const table = await db.createTable();
    const { detect, metrics } = container(table);
    const result = await detect(batch(calls(PEDRO, 35, "2024-05-01T10:00:00Z")));
    expect(result.alerts).toHaveLength(1);
    expect(metrics).toEqual(["api-enumeration"]);
    const [alert] = published();
    expect(alert).toMatchObject({
      source: "tripline.stream-detector",
      detection: { id: "api-enumeration", severity: "medium" },
      who: PEDRO,
      what: "30 distinct eventSource:eventName within 300 s",
      where: { sourceIPAddress: "198.51.100.7", awsRegion: "us-east-1" },
      account: "123456789012",
      window: { start: "2024-05-01T10:00:00Z", end: "2024-05-01T10:05:00Z" },
      key: { "userIdentity.arn": PEDRO },
    });
    expect(snsMock.commandCalls(PublishCommand)[0].args[0].input.TopicArn).toBe(TOPIC_ARN);
  });

  test("a window's set stops growing once it holds the threshold, so its item stays small", async () => {
    const table = await db.createTable();
    const key = windowKey("api-enumeration", Date.parse("2024-05-01T10:00:00Z"), PEDRO);
    await container(table).detect(batch(calls(PEDRO, 31, "2024-05-01T10:00:00Z")));
    expect(await distinctValues(table, key)).toBe(31);
    const later = await container(table).detect(batch(calls(PEDRO, 50, "2024-05-01T10:03:00Z", 100)));
    expect(later.alerts).toEqual([]);
    expect(await distinctValues(table, key)).toBe(31);
  });

  test("stays quiet below the threshold, and repeated calls count once", async () => {
    const table = await db.createTable();
    const { detect } = container(table);
    const same = calls(PEDRO, 29, "2024-05-01T10:00:00Z");
    const result = await detect(batch([...same, ...same, ...same]));
    expect(result.alerts).toEqual([]);
    expect(await distinctValues(table, windowKey("api-enumeration", Date.parse("2024-05-01T10:00:00Z"), PEDRO))).toBe(29);
  });

  test("a redelivered batch neither double-counts nor alerts again, in the same container or another", async () => {
    const table = await db.createTable();
    const events = batch(calls(PEDRO, 30, "2024-05-01T10:00:00Z"));
    const first = container(table);
    expect((await first.detect(events)).alerts).toHaveLength(1);
    const again = await first.detect(events);
    const coldContainer = await container(table).detect(events);
    for (const result of [again, coldContainer]) {
      expect(result.alerts).toEqual([]);
    }
    expect(coldContainer.duplicates).toBe(1);
    expect(published()).toHaveLength(1);
    expect(await distinctValues(table, windowKey("api-enumeration", Date.parse("2024-05-01T10:00:00Z"), PEDRO))).toBe(30);
  });

  test("a window that straddles two batches (and two containers) adds up and alerts in the second", async () => {
    const table = await db.createTable();
    const first = await container(table).detect(batch(calls(PEDRO, 20, "2024-05-01T10:00:00Z")));
    expect(first.alerts).toEqual([]);
    // The second batch repeats five of the first batch's calls: they do not count twice.
    const second = await container(table).detect(batch([...calls(PEDRO, 5, "2024-05-01T10:00:00Z"), ...calls(PEDRO, 9, "2024-05-01T10:02:00Z", 20)]));
    expect(second.alerts).toEqual([]);
    const third = await container(table).detect(batch(calls(PEDRO, 1, "2024-05-01T10:04:59Z", 29)));
    expect(third.alerts).toHaveLength(1);
    expect(third.alerts[0].window).toEqual({ start: "2024-05-01T10:00:00Z", end: "2024-05-01T10:05:00Z" });
  });

  test("windows are aligned to the clock: 20 calls either side of 10:05 do not add up", async () => {
    const table = await db.createTable();
    const { detect } = container(table);
    const result = await detect(batch([...calls(PEDRO, 20, "2024-05-01T10:04:30Z"), ...calls(PEDRO, 20, "2024-05-01T10:05:10Z", 100)]));
    expect(result.alerts).toEqual([]);
    expect(await distinctValues(table, windowKey("api-enumeration", Date.parse("2024-05-01T10:00:00Z"), PEDRO))).toBe(20);
  });

  test("identities are counted apart", async () => {
    const table = await db.createTable();
    const { detect } = container(table);
    const result = await detect(batch([...calls(PEDRO, 15, "2024-05-01T10:00:00Z"), ...calls(ALICE, 30, "2024-05-01T10:00:00Z")]));
    expect(result.alerts.map((a) => a.who)).toEqual([ALICE]);
  });

  test("calls the pattern leaves out are not counted (service events, calls on a user's behalf)", async () => {
    const table = await db.createTable();
    const { detect } = container(table);
    const onBehalf = calls(PEDRO, 30, "2024-05-01T10:00:00Z").map((r) => ({ ...r, userIdentity: { ...(r.userIdentity as object), invokedBy: "cloudformation.amazonaws.com" } }));
    const result = await detect(batch(onBehalf));
    expect(result.matched["api-enumeration"]).toBeUndefined();
    expect(result.alerts).toEqual([]);
  });
});

describe("off-hours-console-login", () => {
  const saturdayNight = consoleLogin({ eventTime: "2024-05-04T03:12:45Z", eventID: "sat-1" });

  test("alerts once per sign-in outside working hours, also when the batch comes again", async () => {
    const table = await db.createTable();
    const { detect } = container(table);
    const events = batch([saturdayNight, consoleLogin({ eventTime: "2024-05-01T10:00:00Z", eventID: "wed-1" }), failedConsoleLogin({ eventTime: "2024-05-04T03:13:00Z", eventID: "sat-2" })]);
    const first = await detect(events);
    expect(first.alerts).toHaveLength(1);
    expect(first.alerts[0]).toMatchObject({
      detection: { id: "off-hours-console-login" },
      who: "arn:aws:iam::111122223333:user/alice",
      what: "ConsoleLogin outside working hours (Mon,Tue,Wed,Thu,Fri 08:00-18:00 UTC)",
      where: { sourceIPAddress: "203.0.113.45" },
      account: "111122223333",
      window: { start: "2024-05-04T03:12:45Z", end: "2024-05-04T03:12:46Z" },
      event: { eventID: "sat-1", eventName: "ConsoleLogin" },
    });
    expect((await container(table).detect(events)).alerts).toEqual([]);
    expect(published()).toHaveLength(1);
  });

  test("working hours are read in the organization's time zone", async () => {
    const table = await db.createTable();
    const berlin: StreamDetectorConfig = { ...CONFIG, schedule: { ...DEFAULT_SCHEDULE, timeZone: "Europe/Berlin" } };
    const { detect } = container(table, berlin);
    // 06:30 UTC on a Wednesday in May is 08:30 in Berlin: working hours there, not in UTC.
    const result = await detect(batch([consoleLogin({ eventTime: "2024-05-01T06:30:00Z", eventID: "wed-early" })]));
    expect(result.alerts).toEqual([]);
  });
});

describe("failures and odd input", () => {
  test("a failed publish fails the batch and gives the claim back, so the retry alerts exactly once", async () => {
    const table = await db.createTable();
    snsMock.on(PublishCommand).rejectsOnce(new Error("throttled")).resolves({ MessageId: "m-2" });
    const { detect, metrics } = container(table);
    const events = batch(calls(PEDRO, 30, "2024-05-01T10:00:00Z"));
    await expect(detect(events)).rejects.toThrow("could not be published");
    expect(metrics).toEqual([]);
    const retry = await detect(events);
    expect(retry.alerts).toHaveLength(1);
    expect(metrics).toEqual(["api-enumeration"]);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
  });

  test("a control message and lines that are not CloudTrail JSON are ignored", async () => {
    const table = await db.createTable();
    const { detect } = container(table);
    expect(await detect({ ...batch([]), messageType: "CONTROL_MESSAGE" })).toMatchObject({ events: 0, alerts: [] });
    const odd: SubscriptionBatch = { ...batch([]), logEvents: [{ id: "1", timestamp: 0, message: "not json" }, { id: "2", timestamp: 0, message: "[1,2]" }] };
    expect((await detect(odd)).alerts).toEqual([]);
  });
});

describe("parity with replay", () => {
  test("the function raises the alarms replay raises, with the same windows and keys", async () => {
    const records = [
      ...calls(PEDRO, 31, "2024-05-01T10:00:00Z"),
      ...calls(ALICE, 29, "2024-05-01T10:00:00Z"),
      ...calls(ALICE, 30, "2024-05-01T10:06:00Z", 50),
      consoleLogin({ eventTime: "2024-05-04T03:12:45Z", eventID: "sat-1" }),
      consoleLogin({ eventTime: "2024-05-01T12:00:00Z", eventID: "wed-1" }),
    ];
    const replay = new ReplayEvaluator({ detections: [offHoursConsoleLogin, apiEnumeration], schedule: DEFAULT_SCHEDULE });
    records.forEach((record, i) => {
      replay.entry({ file: "parity.jsonl", line: i + 1, text: JSON.stringify(record), record: record, time: Date.parse(String(record.eventTime)) });
    });
    const expected = replay
      .finish()
      .alarms.map((a) => ({ detection: [offHoursConsoleLogin, apiEnumeration][a.detection].id, start: a.start, end: a.end, key: a.key }));

    const table = await db.createTable();
    const { detect } = container(table);
    // Delivered in three batches, out of order between identities.
    const results: BatchResult[] = [];
    for (const part of [records.slice(0, 40), records.slice(40, 75), records.slice(75)]) results.push(await detect(batch(part)));
    const actual = results
      .flatMap((r) => r.alerts)
      .map((a) => ({ detection: a.detection.id, start: Date.parse(a.window.start), end: Date.parse(a.window.end), key: a.key }));
    const order = (x: { start: number; detection: string }, y: { start: number; detection: string }) => x.start - y.start || x.detection.localeCompare(y.detection);
    expect(actual.sort(order)).toEqual(expected.sort(order));
    expect(expected).toHaveLength(3);
  });
});
