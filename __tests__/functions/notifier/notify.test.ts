import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { SendMessageCommand, SQSClient, type SQSClientResolvedConfig, type ServiceInputTypes as SqsInput, type ServiceOutputTypes as SqsOutput } from "@aws-sdk/client-sqs";
import type { SSMClientResolvedConfig, ServiceInputTypes as SsmInput, ServiceOutputTypes as SsmOutput } from "@aws-sdk/client-ssm";
import { mockClient, type AwsStub } from "aws-sdk-client-mock";
import { catalog } from "../../../modules/catalog";
import { defaultNotifierConfig } from "../../../modules/deployment/notifier-config";
import { toEventBridgeEvent } from "../../../modules/replay/eventbridge-envelope";
import { ClaimTable, LEASE_MS } from "../../../functions/notifier/claims";
import type { NotifierConfig } from "../../../functions/notifier/config";
import type { RetryPolicy } from "../../../functions/notifier/deliver";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "../../../functions/notifier/format-webhook";
import { createNotifier, type DeadLetter } from "../../../functions/notifier/notify";
import { createSecretReader } from "../../../functions/notifier/secrets";
import type { DynamoDbServer } from "../stream-detector/dynamodb-server";
import { alarmEvent } from "./alarm-events";
import { useLocalServers, type WebhookServer } from "./webhook-server";

/** Tiny delays: the behaviour of the production policy at a thousandth of its waits. */
const FAST: RetryPolicy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 1000, retryAfterUnitMs: 20, maxRetryAfterMs: 200 };
const SIGNING_KEY = "whsec-test-signing-key-0123456789";
const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/222222222222/tripline-notifier-dlq";

const servers = useLocalServers();
let http: WebhookServer;
let db: DynamoDbServer;
beforeAll(() => {
  http = servers.http();
  db = servers.db();
});

const securityServiceDisabled = () => toEventBridgeEvent(catalog.find((d) => d.id === "security-service-disabled")!.examples.match[0] as Record<string, unknown>).event;

interface Harness {
  readonly notify: ReturnType<typeof createNotifier>;
  readonly logs: string[];
  readonly sqs: AwsStub<SqsInput, SqsOutput, SQSClientResolvedConfig>;
  readonly ssm: AwsStub<SsmInput, SsmOutput, SSMClientResolvedConfig>;
  readonly emails: { topicArn: string; subject: string; body: string }[];
  readonly secretValues: string[];
}

async function harness(paths: { slack: string; teams: string; webhook: string }, channels?: (c: NotifierConfig["channels"]) => NotifierConfig["channels"], evidence?: boolean): Promise<Harness> {
  const table = await db.createTable();
  const clients = { ssm: new SSMClient({ region: "us-east-1" }), secretsManager: new SecretsManagerClient({ region: "us-east-1" }), sqs: new SQSClient({ region: "us-east-1" }) };
  const ssm = mockClient(clients.ssm);
  const sm = mockClient(clients.secretsManager);
  const sqs = mockClient(clients.sqs);
  const urls: Record<string, string> = { "/tripline/slack": `${http.base}${paths.slack}`, "/tripline/soc-url": `${http.base}${paths.webhook}`, "/tripline/soc-key": SIGNING_KEY };
  ssm.on(GetParameterCommand).callsFake((input: { Name: string; WithDecryption?: boolean }) => {
    if (!input.WithDecryption) throw new Error("SecureStrings must be read decrypted");
    const value = urls[input.Name];
    if (value === undefined) throw Object.assign(new Error(`ParameterNotFound ${input.Name}`), { name: "ParameterNotFound" });
    return { Parameter: { Name: input.Name, Type: "SecureString", Value: value } };
  });
  sm.on(GetSecretValueCommand, { SecretId: "tripline/teams" }).resolves({ SecretString: `${http.base}${paths.teams}` });
  sqs.on(SendMessageCommand).resolves({ MessageId: "dlq-1" });
  const logs: string[] = [];
  const emails: Harness["emails"] = [];
  const base = defaultNotifierConfig();
  const all: NotifierConfig["channels"] = [
    { kind: "email", name: "email", topicArn: "arn:aws:sns:us-east-1:222222222222:tripline-notifier-email" },
    { kind: "slack", name: "slack", url: { ssmParameter: "/tripline/slack" } },
    { kind: "teams", name: "teams", url: { secretsManager: "tripline/teams" } },
    { kind: "webhook", name: "soc", url: { ssmParameter: "/tripline/soc-url" }, signingSecret: { ssmParameter: "/tripline/soc-key" } },
  ];
  const config: NotifierConfig = { ...base, accounts: { "111122223333": "payments-prod" }, channels: channels ? channels(all) : all, routing: {} };
  const notify = createNotifier(config, {
    claims: new ClaimTable(db.documents, table),
    readSecret: createSecretReader(clients),
    publishEmail: async (topicArn, m) => {
      emails.push({ topicArn, ...m });
    },
    deadLetter: async (letter: DeadLetter) => {
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: JSON.stringify(letter) }));
    },
    readEvidence: evidence ? async () => ({ events: 3, truncated: false, principals: [{ value: "arn:aws:iam::111122223333:user/mallory", count: 3 }], sourceIps: [], eventNames: [], userAgents: [], accounts: [] }) : undefined,
    retry: FAST,
    log: {
      info: (m, e) => logs.push(JSON.stringify({ level: "INFO", message: m, ...e })),
      warn: (m, e) => logs.push(JSON.stringify({ level: "WARN", message: m, ...e })),
    },
  });
  return { notify, logs, sqs, ssm, emails, secretValues: [...Object.values(urls), `${http.base}${paths.teams}`] };
}

afterEach(() => {
  http.received.length = 0;
});

test("Slack that fails, times out, answers 429 with Retry-After, then succeeds: one message, after four attempts", async () => {
  http.script("/slack-flaky", [{ status: 500, body: "oops" }, { hangMs: 3000 }, { status: 429, headers: { "retry-after": "2" } }, { status: 200, body: "ok" }]);
  http.script("/teams-ok", [{ status: 202 }]);
  http.script("/webhook-verify", (request) => (verifyWebhookSignature(request.body, request.headers[SIGNATURE_HEADER] as string | undefined, SIGNING_KEY, Math.floor(Date.now() / 1000)) ? { status: 204 } : { status: 401 }));
  const h = await harness({ slack: "/slack-flaky", teams: "/teams-ok", webhook: "/webhook-verify" });
  const started = Date.now();
  const result = await h.notify(securityServiceDisabled());
  expect(result.alerts).toHaveLength(1);
  expect(result.alerts[0]).toMatchObject({ detection: "security-service-disabled", channels: { email: "sent", slack: "sent", teams: "sent", soc: "sent" } });
  const slack = http.received.filter((r) => r.path === "/slack-flaky");
  expect(slack).toHaveLength(4);
  // The 429 asked for 2 "seconds" (20 ms each here): the fourth attempt waited at least that long.
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000 + 40);
  expect(JSON.parse(slack[3].body)).toMatchObject({ text: expect.stringContaining("A security service was disabled"), blocks: expect.any(Array) });
  const teams = http.received.filter((r) => r.path === "/teams-ok");
  expect(JSON.parse(teams[0].body)).toMatchObject({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive" }] });
  // The receiver verified the HMAC signature (it answers 401 otherwise); and a tampered body fails it.
  const hook = http.received.find((r) => r.path === "/webhook-verify")!;
  expect(JSON.parse(hook.body)).toMatchObject({ version: 1, alert: { detection: { id: "security-service-disabled" } } });
  expect(verifyWebhookSignature(hook.body.replace("org-trail", "other"), hook.headers[SIGNATURE_HEADER] as string, SIGNING_KEY, Math.floor(Date.now() / 1000))).toBe(false);
  expect(verifyWebhookSignature(hook.body, hook.headers[SIGNATURE_HEADER] as string, "another key", Math.floor(Date.now() / 1000))).toBe(false);
  expect(h.emails).toEqual([expect.objectContaining({ subject: "tripline critical: A security service was disabled (payments-prod)" })]);
  expect(h.sqs.commandCalls(SendMessageCommand)).toHaveLength(0);

  // Redelivered: nothing is sent again, on any channel.
  const before = http.received.length;
  const again = await h.notify(securityServiceDisabled());
  expect(again.alerts[0].channels).toEqual({ email: "duplicate", slack: "duplicate", teams: "duplicate", soc: "duplicate" });
  expect(http.received.length).toBe(before);
  expect(h.emails).toHaveLength(1);

  // Secrets were read (decrypted SecureStrings, the Secrets Manager secret) and never logged.
  expect(h.ssm.commandCalls(GetParameterCommand).length).toBeGreaterThanOrEqual(3);
  const logged = h.logs.join("\n");
  expect(logged).toContain('"message":"delivered"');
  for (const secret of [...h.secretValues, SIGNING_KEY]) expect(logged).not.toContain(secret);
});

test("a webhook that never succeeds: the message and the reason on the dead-letter queue, the others delivered", async () => {
  http.script("/never", [{ status: 503, body: "down" }]);
  http.script("/slack-ok", [{ status: 200, body: "ok" }]);
  http.script("/teams-ok2", [{ status: 202 }]);
  const h = await harness({ slack: "/slack-ok", teams: "/teams-ok2", webhook: "/never" });
  const result = await h.notify(securityServiceDisabled());
  expect(result.alerts[0].channels).toEqual({ email: "sent", slack: "sent", teams: "sent", soc: "dead-lettered" });
  expect(http.received.filter((r) => r.path === "/never")).toHaveLength(FAST.attempts);
  const calls = h.sqs.commandCalls(SendMessageCommand);
  expect(calls).toHaveLength(1);
  expect(calls[0].args[0].input.QueueUrl).toBe(QUEUE_URL);
  const letter = JSON.parse(calls[0].args[0].input.MessageBody!) as DeadLetter;
  expect(letter).toMatchObject({ channel: "soc", detection: "security-service-disabled", attempts: 4, alert: { detection: { id: "security-service-disabled" } } });
  expect(letter.reason).toMatch(/^127\.0\.0\.1:\d+: HTTP 503 "down"; HTTP 503 "down"; HTTP 503 "down"; HTTP 503 "down" \(gave up after 4 attempts\)$/);
  // The URL and the signing key are secrets: not in the letter, not in the logs.
  for (const text of [calls[0].args[0].input.MessageBody!, h.logs.join("\n")]) {
    expect(text).not.toContain("/never");
    expect(text).not.toContain(SIGNING_KEY);
  }
  // A redelivery does not send the dead-lettered message again: the queue holds it for a person.
  const again = await h.notify(securityServiceDisabled());
  expect(again.alerts[0].channels.soc).toBe("duplicate");
  expect(h.sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
});

test("a 4xx is not retried; a Retry-After past the cap fails at once; a missing secret is dead-lettered by name", async () => {
  http.script("/gone", [{ status: 404, body: "no_service" }]);
  http.script("/slow-down", [{ status: 429, headers: { "retry-after": "3600" } }]);
  const h = await harness({ slack: "/gone", teams: "/slow-down", webhook: "/unused" }, (all) => [
    ...all.filter((c) => c.kind === "slack" || c.kind === "teams"),
    { kind: "webhook", name: "soc", url: { ssmParameter: "/tripline/missing" }, signingSecret: { ssmParameter: "/tripline/soc-key" } },
  ]);
  const result = await h.notify(securityServiceDisabled());
  expect(result.alerts[0].channels).toEqual({ slack: "dead-lettered", teams: "dead-lettered", soc: "dead-lettered" });
  expect(http.received.filter((r) => r.path === "/gone")).toHaveLength(1);
  expect(http.received.filter((r) => r.path === "/slow-down")).toHaveLength(1);
  const reasons = Object.fromEntries(h.sqs.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody!) as DeadLetter).map((l) => [l.channel, l.reason]));
  expect(reasons.slack).toMatch(/HTTP 404 "no_service" \(not retried: the request was refused\)$/);
  expect(reasons.teams).toMatch(/Retry-After 72000 ms is past the 200 ms cap$/);
  expect(reasons.soc).toMatch(/ParameterNotFound.*\(SSM parameter \/tripline\/missing, SSM parameter \/tripline\/soc-key\)$/);
});

test("routing: by detection first, then severity, else every channel", async () => {
  http.script("/slack-r", [{ status: 200 }]);
  const h = await harness({ slack: "/slack-r", teams: "/x", webhook: "/y" }, (all) => all.filter((c) => c.kind === "email" || c.kind === "slack"));
  const { routeAlert } = await import("../../../functions/notifier/route");
  const { buildAlert } = await import("../../../functions/notifier/alert");
  const alert = buildAlert(securityServiceDisabled(), { config: defaultNotifierConfig() });
  const channels = [
    { kind: "email", name: "email", topicArn: "t" },
    { kind: "slack", name: "slack", url: { ssmParameter: "/s" } },
  ] as const;
  expect(routeAlert(alert, channels, {}).map((c) => c.name)).toEqual(["email", "slack"]);
  expect(routeAlert(alert, channels, { severity: { critical: ["slack"] } }).map((c) => c.name)).toEqual(["slack"]);
  expect(routeAlert(alert, channels, { severity: { low: ["slack"] } }).map((c) => c.name)).toEqual(["email", "slack"]);
  expect(routeAlert(alert, channels, { severity: { critical: ["slack"] }, detections: { "security-service-disabled": ["email"] } }).map((c) => c.name)).toEqual(["email"]);
  expect((await h.notify(securityServiceDisabled())).alerts[0].channels).toEqual({ email: "sent", slack: "sent" });
});

test("an alarm gets its evidence; an odd event still sends a message", async () => {
  http.script("/slack-e", [{ status: 200 }]);
  const h = await harness({ slack: "/slack-e", teams: "/x", webhook: "/y" }, (all) => all.filter((c) => c.kind === "slack"), true);
  await h.notify(alarmEvent("tripline-console-auth-failure"));
  const body = JSON.parse(http.received.find((r) => r.path === "/slack-e")!.body) as { blocks: unknown[] };
  expect(JSON.stringify(body.blocks)).toContain("arn:aws:iam::111122223333:user/mallory (3)");
  const odd = await h.notify({ "detail-type": 42, detail: null, source: ["x"] });
  expect(odd.alerts[0]).toMatchObject({ detection: "unknown", channels: { slack: "sent" } });
  // An SNS delivery of the stream detector's alerts: each record is one alert.
  const sns = { Records: [{ Sns: { Message: JSON.stringify({ source: "tripline.stream-detector", detection: { id: "api-enumeration" }, who: "arn:aws:iam::1:user/x", window: { start: "2024-05-01T10:00:00Z" } }) } }] };
  expect((await h.notify(sns)).alerts[0]).toMatchObject({ detection: "api-enumeration" });
});

test("the same event delivered twice at once: one message per channel", async () => {
  http.script("/slack-race", [{ status: 200 }]);
  const h = await harness({ slack: "/slack-race", teams: "/x", webhook: "/y" }, (all) => all.filter((c) => c.kind === "slack"));
  const [a, b] = await Promise.all([h.notify(securityServiceDisabled()), h.notify(securityServiceDisabled())]);
  expect([a.alerts[0].channels.slack, b.alerts[0].channels.slack].sort()).toEqual(["duplicate", "sent"]);
  expect(http.received.filter((r) => r.path === "/slack-race")).toHaveLength(1);
});

test("a claim whose sender died is taken over after its lease; a sent one never", async () => {
  const table = new ClaimTable(db.documents, await db.createTable());
  expect(await table.claim("k", 1_000_000)).toBe(true);
  expect(await table.claim("k", 1_000_000 + LEASE_MS - 1)).toBe(false);
  expect(await table.claim("k", 1_000_000 + LEASE_MS + 1)).toBe(true);
  await table.settle("k");
  expect(await table.claim("k", 1_000_000 + 10 * LEASE_MS)).toBe(false);
  expect(await table.claim("released", 0)).toBe(true);
  await table.release("released");
  expect(await table.claim("released", 1)).toBe(true);
});
