import { toEventBridgeEvent } from "../../modules/replay/eventbridge-envelope";
import * as records from "../engines/event-pattern/cloudtrail-records";

describe("toEventBridgeEvent on real records", () => {
  test("wraps an API call as EventBridge delivers it", () => {
    const { event, deliveredByDefault } = toEventBridgeEvent(records.stopLogging);
    expect(event).toEqual({
      version: "0",
      id: "10163ed2-2253-469d-a5ee-cbc6651f8934",
      "detail-type": "AWS API Call via CloudTrail",
      source: "aws.cloudtrail",
      account: "143434273843",
      time: "2024-07-31T13:06:24Z",
      region: "apiso-centralnorth-2r",
      resources: [],
      detail: records.stopLogging,
    });
    expect(deliveredByDefault).toBe(true);
  });

  test.each([
    ["a console sign-in", records.rootConsoleLogin, "AWS Console Sign In via CloudTrail", "aws.signin"],
    ["a console action", records.getAlternateContact, "AWS Console Action via CloudTrail", "aws.billingconsole"],
    ["a service event", records.kmsRotateKey, "AWS Service Event via CloudTrail", "aws.kms"],
    ["an STS call", records.getSessionToken, "AWS API Call via CloudTrail", "aws.sts"],
  ])("names %s by its eventType and eventSource", (_name, record, detailType, source) => {
    const { event } = toEventBridgeEvent(record);
    expect(event["detail-type"]).toBe(detailType);
    expect(event.source).toBe(source);
  });

  test("takes the account from recipientAccountId", () => {
    expect(toEventBridgeEvent(records.kmsRotateKey).event.account).toBe("123456789012");
  });

  test("keeps the record itself as detail, unchanged", () => {
    const copy = structuredClone(records.iamUserConsoleLogin);
    const { event } = toEventBridgeEvent(records.iamUserConsoleLogin);
    expect(event.detail).toBe(records.iamUserConsoleLogin);
    expect(records.iamUserConsoleLogin).toEqual(copy);
  });
});

describe("deliveredByDefault (rules in state ENABLED skip read-only management calls)", () => {
  test.each([
    ["a read-only Describe call is withheld", records.describeInstances, false],
    ["a write call is delivered", records.stopLogging, true],
    ["a console sign-in is delivered", records.rootConsoleLogin, true],
    ["a service event is delivered", records.kmsRotateKey, true],
    ["a read-only console action is not an API call, so it is delivered", records.getAlternateContact, true],
    ["GetSessionToken is a change event despite its name", records.getSessionToken, true],
  ])("%s", (_name, record, delivered) => {
    expect(toEventBridgeEvent(record).deliveredByDefault).toBe(delivered);
  });

  test.each([
    ["a read-only call not named Describe/Get/List is delivered", { eventType: "AwsApiCall", eventName: "LookupEvents", readOnly: true }, true],
    ["a Get call marked readOnly: false is delivered", { eventType: "AwsApiCall", eventName: "GetObjectRetention2", readOnly: false }, true],
    ["a List call without a readOnly field is withheld", { eventType: "AwsApiCall", eventName: "ListBuckets" }, false],
    ["GetFederationToken without a readOnly field is delivered", { eventName: "GetFederationToken" }, true],
    ["a read-only data event is delivered", { eventType: "AwsApiCall", eventName: "GetObject", readOnly: true, managementEvent: false, eventCategory: "Data" }, true],
  ])("%s", (_name, record, delivered) => {
    expect(toEventBridgeEvent(record).deliveredByDefault).toBe(delivered);
  });
});

describe("toEventBridgeEvent on odd records", () => {
  test("an empty record still gets version, detail-type, resources and detail", () => {
    expect(toEventBridgeEvent({}).event).toEqual({
      version: "0",
      "detail-type": "AWS API Call via CloudTrail",
      resources: [],
      detail: {},
    });
  });

  test("falls back to userIdentity.accountId without recipientAccountId", () => {
    expect(toEventBridgeEvent({ userIdentity: { accountId: "111122223333" } }).event.account).toBe("111122223333");
  });

  test("a ConsoleLogin without eventType is still a sign-in", () => {
    expect(toEventBridgeEvent({ eventName: "ConsoleLogin", eventSource: "signin.amazonaws.com" }).event["detail-type"]).toBe(
      "AWS Console Sign In via CloudTrail",
    );
  });

  test.each([
    ["an Insights event", "AwsCloudTrailInsight", "AWS Insight via CloudTrail"],
    ["a network activity event", "AwsVpceEvent", "AWS Network Activity Event via CloudTrail"],
    ["an unknown event type", "SomethingNew", "AWS API Call via CloudTrail"],
  ])("names %s", (_name, eventType, detailType) => {
    expect(toEventBridgeEvent({ eventType }).event["detail-type"]).toBe(detailType);
  });

  test.each([
    ["iam.amazonaws.com", "aws.iam"],
    ["ec2-instance-connect.amazonaws.com", "aws.ec2-instance-connect"],
    ["monitoring.amazonaws.com", "aws.monitoring"],
    ["odd.example.org", "aws.odd"],
  ])("derives the source of %s", (eventSource, source) => {
    expect(toEventBridgeEvent({ eventSource }).event.source).toBe(source);
  });

  test.each([
    ["fields of the wrong type", { eventID: 7, eventTime: {}, awsRegion: null, eventSource: 5, recipientAccountId: [] }],
    ["a userIdentity that is not an object", { userIdentity: "Root" }],
    ["an eventType that is not a string", { eventType: 3, eventName: null }],
  ])("never throws on %s and leaves those fields out", (_name, record) => {
    const { event } = toEventBridgeEvent(record);
    for (const key of ["id", "source", "account", "time", "region"]) expect(event[key]).toBeUndefined();
  });
});
