import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { defaultNotifierConfig } from "../../../modules/deployment/notifier-config";
import { buildAlert } from "../../../functions/notifier/alert";
import { assumedLogsClient, evidenceQuery, readEvidence } from "../../../functions/notifier/enrich";
import { alarmEvent } from "./alarm-events";

const config = defaultNotifierConfig();
const failure = (user: string, ip: string) => JSON.stringify({ eventName: "ConsoleLogin", userIdentity: { arn: `arn:aws:iam::111122223333:user/${user}` }, sourceIPAddress: ip, recipientAccountId: "111122223333", userAgent: "curl/8" });

test("the alarm's own deployed pattern, over its window", () => {
  const alert = buildAlert(alarmEvent("tripline-console-auth-failure"), { config });
  const detection = config.detections.find((d) => d.id === "console-auth-failure");
  expect(evidenceQuery(alert, detection)).toEqual({ pattern: detection!.pattern, startMs: Date.parse("2024-05-01T10:00:00Z"), endMs: Date.parse("2024-05-01T10:05:00Z") });
  const ci = buildAlert(alarmEvent("tripline-console-brute-force"), { config });
  expect(evidenceQuery(ci, config.detections.find((d) => d.id === "console-brute-force"))).toBe("this detection has no filter pattern to run over the trail's log group");
});

test("pages FilterLogEvents through the assumed role until nextToken ends, and counts the top values", async () => {
  const sts = new STSClient({ region: "us-east-1" });
  mockClient(sts).on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: "AKIA", SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(Date.now() + 900_000) } });
  const logs = mockClient(CloudWatchLogsClient);
  logs
    .on(FilterLogEventsCommand)
    .resolvesOnce({ events: [{ message: failure("mallory", "203.0.113.9") }, { message: failure("mallory", "203.0.113.9") }], nextToken: "p2" })
    .resolvesOnce({ events: [], nextToken: "p3" })
    .resolvesOnce({ events: [{ message: failure("alice", "198.51.100.7") }, { message: "not json" }] });
  const factory = assumedLogsClient(sts, { roleArn: "arn:aws:iam::111111111111:role/tripline-notifier-evidence", logGroupName: "tripline-trail", region: "us-east-1" });
  const evidence = await readEvidence(factory, "tripline-trail", { pattern: '{ $.eventName = "ConsoleLogin" }', startMs: 1000, endMs: 2000 });
  expect(evidence).toMatchObject({
    events: 3,
    truncated: false,
    principals: [
      { value: "arn:aws:iam::111122223333:user/mallory", count: 2 },
      { value: "arn:aws:iam::111122223333:user/alice", count: 1 },
    ],
    sourceIps: [
      { value: "203.0.113.9", count: 2 },
      { value: "198.51.100.7", count: 1 },
    ],
  });
  const calls = logs.commandCalls(FilterLogEventsCommand);
  expect(calls.map((c) => c.args[0].input)).toEqual([
    { logGroupName: "tripline-trail", filterPattern: '{ $.eventName = "ConsoleLogin" }', startTime: 1000, endTime: 1999, nextToken: undefined },
    { logGroupName: "tripline-trail", filterPattern: '{ $.eventName = "ConsoleLogin" }', startTime: 1000, endTime: 1999, nextToken: "p2" },
    { logGroupName: "tripline-trail", filterPattern: '{ $.eventName = "ConsoleLogin" }', startTime: 1000, endTime: 1999, nextToken: "p3" },
  ]);
  // Capped at maxPages: the evidence says it is a lower bound.
  logs.reset();
  logs.on(FilterLogEventsCommand).resolves({ events: [{ message: failure("x", "192.0.2.1") }], nextToken: "more" });
  const capped = await readEvidence(factory, "tripline-trail", { pattern: "x", startMs: 0, endMs: 1 }, 2);
  expect(capped).toMatchObject({ events: 2, truncated: true });
  logs.restore();
});
