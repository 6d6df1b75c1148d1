/**
 * Real CloudTrail records, wrapped as EventBridge delivers them, against the patterns tripline's
 * event rules are built like: "security service disabled" and "root console sign-in".
 */
import { compileEventPattern } from "../../../modules/engines/event-pattern";
import { toEventBridgeEvent } from "../../../modules/replay/eventbridge-envelope";
import * as records from "./cloudtrail-records";

const asDelivered = (record: Record<string, unknown>): Record<string, unknown> => toEventBridgeEvent(record).event;

describe("security-service-disabled style pattern", () => {
  const fires = compileEventPattern({
    source: ["aws.cloudtrail"],
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: { eventSource: ["cloudtrail.amazonaws.com"], eventName: ["StopLogging", "DeleteTrail"] },
  });

  test.each([
    ["StopLogging by an IAM user", records.stopLogging],
    ["DeleteTrail", records.deleteTrail],
    ["a StopLogging that failed (an attempt still matches)", records.failedStopLoggingByRoot],
  ])("fires on %s", (_name, record) => expect(fires(asDelivered(record))).toBe(true));

  test.each([
    ["PutEventSelectors on the same service", records.putEventSelectors],
    ["a root console sign-in", records.rootConsoleLogin],
    ["a read-only EC2 call", records.describeInstances],
  ])("stays quiet on %s", (_name, record) => expect(fires(asDelivered(record))).toBe(false));

  test("stays quiet on the raw record: the pattern needs the EventBridge envelope", () => {
    expect(fires(records.stopLogging)).toBe(false);
  });
});

describe("root console sign-in pattern", () => {
  const fires = compileEventPattern({
    source: ["aws.signin"],
    detail: { eventName: ["ConsoleLogin"], userIdentity: { type: ["Root"] }, responseElements: { ConsoleLogin: ["Success"] } },
  });

  test.each([
    ["a root sign-in without MFA", records.rootConsoleLogin],
    ["a root sign-in with MFA", records.rootConsoleLoginWithMfa],
  ])("fires on %s", (_name, record) => expect(fires(asDelivered(record))).toBe(true));

  test.each([
    ["a failed root sign-in", records.rootConsoleLoginFailure],
    ["an IAM user's sign-in", records.iamUserConsoleLogin],
    ["a root StopLogging", records.failedStopLoggingByRoot],
  ])("stays quiet on %s", (_name, record) => expect(fires(asDelivered(record))).toBe(false));

  test("a narrower twin that also requires the delivered detail-type still fires", () => {
    const strict = compileEventPattern({
      source: ["aws.signin"],
      "detail-type": ["AWS Console Sign In via CloudTrail"],
      detail: { eventName: ["ConsoleLogin"], userIdentity: { type: ["Root"] } },
    });
    expect(strict(asDelivered(records.rootConsoleLogin))).toBe(true);
  });

  test("anything-but is case-sensitive: MFAUsed \"YES\" passes anything-but \"Yes\", not its ignore-case form", () => {
    const withoutMfa = compileEventPattern({
      source: ["aws.signin"],
      detail: { eventName: ["ConsoleLogin"], additionalEventData: { MFAUsed: [{ "anything-but": "Yes" }] } },
    });
    expect(withoutMfa(asDelivered(records.rootConsoleLogin))).toBe(true);
    expect(withoutMfa(asDelivered(records.rootConsoleLoginWithMfa))).toBe(true);
    const caseBlind = compileEventPattern({
      source: ["aws.signin"],
      detail: { additionalEventData: { MFAUsed: [{ "anything-but": { "equals-ignore-case": "yes" } }] } },
    });
    expect(caseBlind(asDelivered(records.rootConsoleLoginWithMfa))).toBe(false);
  });
});

describe("other detections' shapes on real records", () => {
  test("cidr on sourceIPAddress ignores the anonymized, non-IP addresses of the Stratus capture", () => {
    const fires = compileEventPattern({ detail: { sourceIPAddress: [{ cidr: "0.0.0.0/0" }] } });
    expect(records.iamUserConsoleLogin.sourceIPAddress).toBe("225.01.00.16");
    expect(fires(asDelivered(records.iamUserConsoleLogin))).toBe(false);
    expect(fires(asDelivered(records.stopLogging))).toBe(true);
  });

  test("exists: false on errorCode separates the failed StopLogging from the successful one", () => {
    const succeeded = compileEventPattern({ detail: { eventName: ["StopLogging"], errorCode: [{ exists: false }] } });
    expect(succeeded(asDelivered(records.stopLogging))).toBe(true);
    expect(succeeded(asDelivered(records.failedStopLoggingByRoot))).toBe(false);
  });
});
