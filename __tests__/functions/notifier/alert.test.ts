import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { catalog } from "../../../modules/catalog";
import { defaultNotifierConfig } from "../../../modules/deployment/notifier-config";
import { defaultReplayProfile } from "../../../modules/deployment/profile";
import { matchedRecords } from "../../../modules/replay/matched-records";
import { toEventBridgeEvent } from "../../../modules/replay/eventbridge-envelope";
import { buildAlert, UNKNOWN, type Alert } from "../../../functions/notifier/alert";
import { summarizeEvidence } from "../../../functions/notifier/evidence";
import { renderAlert, FORMATS } from "../../../functions/notifier/format";
import { buildAlert as buildStreamAlert } from "../../../functions/stream-detector/alert";
import { alarmEvent, firstTransitionEvent, insightAlarmEvent } from "./alarm-events";

const config = { ...defaultNotifierConfig(), accounts: { "111122223333": "payments-prod" }, timeZone: "Europe/Berlin" };
const CORPUS = join(__dirname, "../../corpus/cloudtrail");
const corpusFiles = ["aws-docs-examples.jsonl", "elastic-integrations-pipeline-tests.jsonl", "otrf-ec2-proxy-s3-exfiltration.jsonl", "panther-analysis-rule-tests.jsonl", "panther-scenario-compromised-root.jsonl", "stratus-red-team-detonations.jsonl"].map((f) => join(CORPUS, f));

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" && v.trim() !== "" ? v : UNKNOWN);

/** What every message of a CloudTrail record must say, field by field, from the record itself. */
function expectRecordFields(alert: Alert, record: Json, detectionId: string): void {
  const identity = (record.userIdentity ?? {}) as Json;
  expect(alert.source).toBe("cloudtrail");
  expect(alert.detection.id).toBe(detectionId);
  expect(alert.detection.runbook).not.toBe(UNKNOWN);
  expect(alert.detection.why.length).toBeGreaterThan(10);
  expect(alert.who.arn).toBe(str(identity.arn ?? identity.principalId).slice(0, 512));
  expect(alert.who.type).toBe(str(identity.type));
  expect(alert.who.accessKeyId).toBe(str(identity.accessKeyId));
  expect(alert.what.eventName).toBe(str(record.eventName));
  expect(alert.what.eventSource).toBe(str(record.eventSource));
  expect(alert.what.errorCode).toBe(str(record.errorCode));
  expect(alert.where.region).toBe(str(record.awsRegion));
  expect(alert.where.sourceIp).toBe(str(record.sourceIPAddress));
  expect(alert.where.accountId).toBe(str(record.recipientAccountId ?? identity.accountId));
  if (typeof record.eventID === "string") expect(alert.id).toBe(`cloudtrail:${record.eventID}`);
  else expect(alert.id).toMatch(/^cloudtrail:sha256-[0-9a-f]{32}$/);
  const time = Date.parse(String(record.eventTime));
  if (Number.isFinite(time)) {
    expect(alert.when.utc).toBe(`${new Date(time).toISOString().slice(0, 19).replace("T", " ")} UTC`);
    expect(alert.when.local).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\+[12]$/);
  } else {
    expect(alert.when).toEqual({ utc: str(record.eventTime), local: UNKNOWN, timeZone: "Europe/Berlin" });
  }
  // A link only to a real Region: a redacted "redacted" must not become a host name.
  if (typeof record.eventID === "string" && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(String(record.awsRegion))) expect(alert.consoleUrl).toBe(UNKNOWN);
  else if (typeof record.eventID === "string") expect(alert.consoleUrl).toBe(`https://${record.awsRegion}.console.aws.amazon.com/cloudtrailv2/home?region=${record.awsRegion}#/events/${encodeURIComponent(String(record.eventID))}`);
  for (const format of FORMATS) expect(renderAlert(alert, format).length).toBeGreaterThan(100);
}

describe("the message of every catalog example", () => {
  const cloudTrailExamples = catalog.flatMap((d) => (d.source === "cloudtrail" ? d.examples.match.filter((e): e is Json => typeof e === "object").map((e, i) => [`${d.id} #${i}`, d.id, e] as const) : []));

  test.each(cloudTrailExamples)("%s: who, what, where, when from the record", (_name, id, example) => {
    expectRecordFields(buildAlert(example, { config, detectionId: id }), example, id);
  });

  test("the example account is named from the manifest", () => {
    const alert = buildAlert(cloudTrailExamples[0][2], { config, detectionId: cloudTrailExamples[0][1] });
    expect(alert.where.accountName).toBe("payments-prod");
  });

  const eventRules = catalog.filter((d) => d.kind === "event-rule");
  test.each(eventRules.flatMap((d) => d.examples.match.map((e, i) => [`${d.id} #${i}`, d.id, e as Json] as const)))(
    "%s as forwarded by EventBridge: the detection is told by its own event pattern",
    (_name, id, example) => {
      const envelope = toEventBridgeEvent(example).event;
      const alert = buildAlert(envelope, { config });
      expect(alert.detection.id).toBe(id);
      expectRecordFields(alert, example, id);
    },
  );

  test("security-service-disabled shows the request fields that matter", () => {
    const stop = catalog.find((d) => d.id === "security-service-disabled")!.examples.match[0] as Json;
    const alert = buildAlert(toEventBridgeEvent(stop).event, { config });
    expect(alert.what.parameters).toContainEqual({ name: "requestParameters.name", value: "org-trail" });
    expect(alert.detection.severity).toBe("critical");
  });

  test("a detection's own alert parameters come first, even outside requestParameters", () => {
    const root = catalog.find((d) => d.id === "root-console-login")!.examples.match[0] as Json;
    const alert = buildAlert(toEventBridgeEvent(root).event, { config });
    expect(alert.detection.id).toBe("root-console-login");
    expect(alert.what.parameters.map((p) => p.name).slice(0, 2)).toEqual(["additionalEventData.MFAUsed", "additionalEventData.LoginTo"]);
  });

  test("a console sign-in without MFA says MFA no; an assumed role says its session issuer", () => {
    const login = catalog.find((d) => d.id === "console-login-without-mfa")!.examples.match[0] as Json;
    expect(buildAlert(login, { config, detectionId: "console-login-without-mfa" }).who.mfa).toBe("no");
    const role = buildAlert({ eventVersion: "1.08", eventName: "StopLogging", eventID: "e1", userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/deployer/x", sessionContext: { sessionIssuer: { arn: "arn:aws:iam::111122223333:role/deployer", userName: "deployer" }, attributes: { mfaAuthenticated: "true" } } } }, { config });
    expect(role.who).toMatchObject({ sessionIssuer: "arn:aws:iam::111122223333:role/deployer", userName: "deployer", mfa: "yes" });
  });
});

describe("the message of every corpus record a detection matches", () => {
  let matched: Awaited<ReturnType<typeof matchedRecords>>;
  beforeAll(async () => {
    matched = await matchedRecords(corpusFiles, defaultReplayProfile());
  });

  test("the corpus has matches to render", () => {
    expect(matched.records.length).toBeGreaterThan(30);
  });

  test("each matched record renders with its fields, for each detection that matched it", () => {
    let rendered = 0;
    for (const m of matched.records) {
      for (const d of m.detections) {
        expectRecordFields(buildAlert(m.record, { config, detectionId: d.id }), m.record as Json, d.id);
        rendered++;
      }
    }
    expect(rendered).toBeGreaterThanOrEqual(matched.records.length);
  });

  test("a root sign-in from the corpus, as text (a complement to the field assertions)", () => {
    const root = matched.records.find((m) => m.detections.some((d) => d.id === "root-account-usage") && (m.record as Json).eventName === "ConsoleLogin");
    expect(root).toBeDefined();
    const text = renderAlert(buildAlert(root!.record, { config, detectionId: "root-account-usage" }), "text");
    expect(text).toMatch(/^Subject: tripline high: The root user was used/);
    expect(text).toContain("Runbook: ");
  });
});

describe("the message of an alarm", () => {
  test("a metric alarm: detection from its name, window from reasonData, alarm console link", () => {
    const alert = buildAlert(alarmEvent("tripline-console-auth-failure"), { config });
    expect(alert.source).toBe("alarm");
    expect(alert.detection.id).toBe("console-auth-failure");
    expect(alert.alarm?.window).toEqual({ start: "2024-05-01T10:00:00Z", end: "2024-05-01T10:05:00Z" });
    expect(alert.id).toBe("alarm:arn:aws:cloudwatch:us-east-1:111111111111:alarm:tripline-console-auth-failure#2024-05-01T10:06:10.107+0000");
    expect(alert.consoleUrl).toBe("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/tripline-console-auth-failure");
    expect(alert.when.utc).toBe("2024-05-01 10:06:10 UTC");
    expect(alert.who.arn).toBe(UNKNOWN);
  });

  test("a tuned twin's alarm is its detection's; a Contributor Insights alarm reads its 60-second window", () => {
    expect(buildAlert(alarmEvent("tripline-unauthorized-api-calls-tuned"), { config }).detection.id).toBe("unauthorized-api-calls");
    const ci = buildAlert(insightAlarmEvent("tripline-console-brute-force"), { config });
    expect(ci.detection.id).toBe("console-brute-force");
    expect(ci.alarm?.window).toEqual({ start: "2024-05-01T10:00:00Z", end: "2024-05-01T10:01:00Z" });
  });

  test("a first transition (no previous reasonData) and a state without reasonData still render", () => {
    expect(buildAlert(firstTransitionEvent("tripline-root-account-usage"), { config }).detection.id).toBe("root-account-usage");
    const bare = alarmEvent("tripline-root-account-usage", { state: { reasonData: undefined } });
    const alert = buildAlert(bare, { config });
    // Without reasonData, the detection's own alarm span (300 s × 1) ending at the state change.
    expect(alert.alarm?.window).toEqual({ start: "2024-05-01T10:01:10.107Z", end: "2024-05-01T10:06:10.107Z" });
  });

  test("with evidence, the top principal, IP and event name are who, where and what", () => {
    const evidence = summarizeEvidence([
      { userIdentity: { arn: "arn:aws:iam::111122223333:user/mallory" }, sourceIPAddress: "203.0.113.9", eventName: "ConsoleLogin", recipientAccountId: "111122223333" },
      { userIdentity: { arn: "arn:aws:iam::111122223333:user/mallory" }, sourceIPAddress: "203.0.113.9", eventName: "ConsoleLogin", recipientAccountId: "111122223333" },
    ]);
    const alert = buildAlert(alarmEvent("tripline-console-auth-failure"), { config, evidence });
    expect(alert.who.arn).toBe("arn:aws:iam::111122223333:user/mallory");
    expect(alert.where).toMatchObject({ sourceIp: "203.0.113.9", accountId: "111122223333", accountName: "payments-prod" });
    expect(alert.alarm?.evidence?.principals).toEqual([{ value: "arn:aws:iam::111122223333:user/mallory", count: 2 }]);
    expect(renderAlert(alert, "text")).toContain("Principals:  arn:aws:iam::111122223333:user/mallory (2)");
  });
});

describe("the stream detector's alert goes through the same model", () => {
  test("api-enumeration's alert: detection words from the config, who and where from the alert", () => {
    const example = catalog.find((d) => d.id === "api-enumeration")!.examples.match[0] as Json;
    const published = buildStreamAlert({
      detection: { id: "api-enumeration", title: "One identity called 30 different APIs in 5 minutes", severity: "medium", runbook: "r" },
      record: example,
      what: "30 distinct eventSource:eventName within 300 s",
      start: Date.parse("2024-05-01T10:00:00Z"),
      end: Date.parse("2024-05-01T10:05:00Z"),
      key: { "userIdentity.arn": "arn:aws:iam::111122223333:user/alice" },
    });
    const alert = buildAlert(JSON.parse(JSON.stringify(published)), { config });
    expect(alert.source).toBe("stream-detector");
    expect(alert.detection.id).toBe("api-enumeration");
    expect(alert.detection.runbook).toBe(catalog.find((d) => d.id === "api-enumeration")!.runbook);
    expect(alert.who.arn).toBe("arn:aws:iam::111122223333:user/alice");
    expect(alert.where).toMatchObject({ accountId: "111122223333", accountName: "payments-prod", region: "us-east-1", sourceIp: "198.51.100.7" });
    expect(alert.what.summary).toBe("30 distinct eventSource:eventName within 300 s");
    // The same alert wrapped in SNS or EventBridge is the same message.
    expect(buildAlert({ "detail-type": "tripline alert", source: "tripline.stream-detector", detail: published }, { config })).toEqual(alert);
  });
});

describe("any JSON yields a message, never a throw", () => {
  const anyJson = fc.jsonValue({ maxDepth: 4 });
  const oddString = fc.oneof(fc.string({ unit: "grapheme", maxLength: 50 }), fc.string({ minLength: 5000, maxLength: 20000 }), fc.constant(""), fc.constant("\u0000\n\u202e"));
  const oddValue = fc.oneof(anyJson, oddString, fc.constant(null), fc.integer(), fc.boolean());
  const cloudTrailish = fc.record(
    {
      eventVersion: oddValue,
      eventName: oddValue,
      eventSource: oddValue,
      eventID: oddValue,
      eventTime: oddValue,
      awsRegion: oddValue,
      sourceIPAddress: oddValue,
      userAgent: oddValue,
      errorCode: oddValue,
      recipientAccountId: oddValue,
      userIdentity: fc.oneof(oddValue, fc.record({ type: oddValue, arn: oddValue, sessionContext: fc.oneof(oddValue, fc.record({ sessionIssuer: oddValue, attributes: oddValue }, { requiredKeys: [] })) }, { requiredKeys: [] })),
      requestParameters: oddValue,
      additionalEventData: oddValue,
      responseElements: oddValue,
    },
    { requiredKeys: [] },
  );
  const envelope = (detail: fc.Arbitrary<unknown>) =>
    fc.record({ "detail-type": fc.oneof(oddValue, fc.constant("CloudWatch Alarm State Change"), fc.constant("AWS API Call via CloudTrail")), source: fc.oneof(oddValue, fc.constant("aws.cloudwatch")), account: oddValue, region: oddValue, time: oddValue, resources: oddValue, detail }, { requiredKeys: [] });
  const alarmish = fc.record({ alarmName: oddValue, state: fc.oneof(oddValue, fc.record({ value: oddValue, reason: oddValue, reasonData: fc.oneof(oddValue, anyJson.map((j) => JSON.stringify(j))), timestamp: oddValue }, { requiredKeys: [] })), configuration: oddValue }, { requiredKeys: [] });
  const streamish = fc.record({ source: fc.constant("tripline.stream-detector"), detection: oddValue, who: oddValue, where: oddValue, key: oddValue, window: oddValue, event: oddValue, account: oddValue }, { requiredKeys: ["source"] });
  const anything = fc.oneof(anyJson, cloudTrailish, envelope(cloudTrailish), envelope(alarmish), streamish, envelope(anyJson));

  test("every shape renders in every format; strings stay bounded", () => {
    fc.assert(
      fc.property(anything, (input) => {
        const alert = buildAlert(input, { config });
        for (const value of [alert.who.arn, alert.what.summary, alert.where.userAgent, alert.when.utc, alert.detection.title]) {
          expect(typeof value).toBe("string");
          expect(value.length).toBeLessThanOrEqual(512);
        }
        for (const format of FORMATS) expect(typeof renderAlert(alert, format)).toBe("string");
        const slack = JSON.parse(renderAlert(alert, "slack")) as { blocks: { type: string; text?: { text: string } }[] };
        expect(slack.blocks.length).toBeLessThanOrEqual(50);
        expect(slack.blocks[0].text!.text.length).toBeLessThanOrEqual(150);
        expect(Buffer.byteLength(renderAlert(alert, "teams"))).toBeLessThan(20_000);
        expect(JSON.stringify(alert)).not.toContain("undefined");
      }),
      { numRuns: 300 },
    );
  });

  test("a record without sessionContext or userIdentity says unknown", () => {
    const alert = buildAlert({ eventVersion: "1.08", eventName: "StopLogging", eventSource: "cloudtrail.amazonaws.com" }, { config });
    expect(alert.who).toEqual({ arn: UNKNOWN, type: UNKNOWN, userName: UNKNOWN, accessKeyId: UNKNOWN, sessionIssuer: UNKNOWN, mfa: UNKNOWN });
    expect(alert.detection.id).toBe("security-service-disabled");
  });
});

test("Teams gets exactly the Workflows envelope (docs/aws-facts.md p8)", () => {
  const example = catalog.find((d) => d.id === "root-account-usage")!.examples.match[0];
  const teams = JSON.parse(renderAlert(buildAlert(example, { config, detectionId: "root-account-usage" }), "teams"));
  expect(Object.keys(teams)).toEqual(["type", "attachments"]);
  expect(teams.type).toBe("message");
  expect(teams.attachments).toHaveLength(1);
  expect(teams.attachments[0]).toMatchObject({ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null });
  expect(teams.attachments[0].content).toMatchObject({ $schema: "http://adaptivecards.io/schemas/adaptive-card.json", type: "AdaptiveCard", version: "1.4" });
});

test("Slack: header within 150, sections within 3,000, at most 50 blocks, input cannot mention @channel", () => {
  const base = catalog.find((d) => d.id === "root-account-usage")!.examples.match[0] as Json;
  const long = (c: string) => c.repeat(3000);
  const hostile = {
    ...base,
    userAgent: `<!channel> ${long("x")}`,
    sourceIPAddress: long("i"),
    eventName: long("n"),
    errorCode: long("e"),
    userIdentity: { type: long("t"), arn: long("a"), userName: long("u"), accessKeyId: long("k"), sessionContext: { sessionIssuer: { arn: long("s") } } },
    requestParameters: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, `<https://evil.example|click>${long("<")}`])),
  };
  const slack = JSON.parse(renderAlert(buildAlert(hostile, { config: { ...config, detections: config.detections.map((d) => (d.id === "root-account-usage" ? { ...d, title: "T".repeat(400) } : d)) }, detectionId: "root-account-usage" }), "slack"));
  expect(slack.blocks.length).toBeLessThanOrEqual(50);
  expect(slack.blocks[0].text.text.length).toBeLessThanOrEqual(150);
  const texts = JSON.stringify(slack);
  expect(texts).not.toContain("<!channel>");
  expect(texts).not.toContain("<https://evil.example");
  const blockText = (slack.blocks as { text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[]).reduce(
    (sum, b) => sum + (b.text?.text.length ?? 0) + [...(b.fields ?? []), ...(b.elements ?? [])].reduce((n, t) => n + t.text.length, 0),
    0,
  );
  // Slack was reported to refuse blocks holding about 13,000 characters in all (docs/aws-facts.md p3,
  // uncertain): clipped values keep even a hostile event well under that.
  expect(blockText).toBeLessThanOrEqual(11_000);
  // Teams refuses messages past about 28 KB (docs/aws-facts.md p10): the same hostile alert stays under 20 KB.
  const teams = renderAlert(buildAlert(hostile, { config, detectionId: "root-account-usage" }), "teams");
  expect(Buffer.byteLength(teams)).toBeLessThan(20_000);
  for (const block of slack.blocks) {
    if (block.type === "section" && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
  }
});

test("the text message of a root call (a snapshot, complementing the field assertions)", () => {
  const example = catalog.find((d) => d.id === "root-account-usage")!.examples.match[0];
  expect(renderAlert(buildAlert(example, { config, detectionId: "root-account-usage" }), "text")).toMatchSnapshot();
});

test("the corpus files exist as listed", () => {
  for (const file of corpusFiles) expect(readFileSync(file).length).toBeGreaterThan(0);
});
