/**
 * A CloudTrail record wrapped the way EventBridge delivers it to the default bus (EB UG "AWS
 * service events delivered via AWS CloudTrail",
 * docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html): the record
 * becomes `detail`, `detail-type` names the CloudTrail event type, `source` is "aws." plus the
 * service part of `eventSource` (the per-service pages of the EventBridge events reference,
 * docs.aws.amazon.com/eventbridge/latest/ref/, pair e.g. aws.monitoring with
 * monitoring.amazonaws.com and aws.signin with signin.amazonaws.com).
 */
import { isPlainObject } from "../engines/plain-object";

/** The event a rule on the default bus sees, and whether a plain ENABLED rule sees it at all. */
export interface EventBridgeEnvelope {
  readonly event: Record<string, unknown>;
  /**
   * False for read-only management API calls, which EventBridge delivers only to rules in state
   * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (EB UG "Receiving read-only management events
   * from AWS services", …/eb-service-event-cloudtrail-management.html).
   */
  readonly deliveredByDefault: boolean;
}

/**
 * CloudTrail `eventType` → EventBridge `detail-type`. The guide's list spells the sign-in type
 * "AWS Console Signin via CloudTrail", but delivered events and AWS's own examples carry
 * "AWS Console Sign In via CloudTrail"; patterns that must not depend on the spelling should match
 * `source` and `detail.eventName` instead (docs/aws-facts.md b5). The network-activity spelling comes from
 * the same guide page's later revision and is the least certain of these.
 */
const DETAIL_TYPES: Readonly<Record<string, string>> = {
  AwsApiCall: "AWS API Call via CloudTrail",
  AwsConsoleSignIn: "AWS Console Sign In via CloudTrail",
  AwsConsoleAction: "AWS Console Action via CloudTrail",
  AwsServiceEvent: "AWS Service Event via CloudTrail",
  AwsCloudTrailInsight: "AWS Insight via CloudTrail",
  AwsVpceEvent: "AWS Network Activity Event via CloudTrail",
};

const API_CALL = DETAIL_TYPES.AwsApiCall;

/** Read-only APIs are named Describe*, Get*, List* (EB UG, same page); these STS calls are not read-only. */
const READ_ONLY_NAME = /^(Describe|Get|List)/;
const CHANGE_EVENTS_NAMED_LIKE_READS = new Set(["GetFederationToken", "GetSessionToken"]);

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (isPlainObject(v) ? v : undefined);

/** `iam.amazonaws.com` → `aws.iam`, `signin.amazonaws.com` → `aws.signin`. */
function sourceOf(eventSource: string | undefined): string | undefined {
  if (!eventSource) return undefined;
  const service = eventSource.endsWith(".amazonaws.com")
    ? eventSource.slice(0, -".amazonaws.com".length)
    : eventSource.split(".")[0];
  return service ? `aws.${service}` : undefined;
}

function detailTypeOf(record: Record<string, unknown>): string {
  const eventType = str(record.eventType);
  if (eventType !== undefined) return DETAIL_TYPES[eventType] ?? API_CALL;
  // Hand-written records often omit eventType; a ConsoleLogin is still a sign-in.
  return record.eventName === "ConsoleLogin" ? DETAIL_TYPES.AwsConsoleSignIn : API_CALL;
}

/**
 * EventBridge withholds from ENABLED rules the management API calls that CloudTrail marks
 * `readOnly` and whose names read as reads; the guide says read-only events named otherwise are
 * already delivered. Without a `readOnly` field we go by the name alone. Data, Insights and
 * network-activity events are not management events and are not affected by the rule state.
 */
function isDeliveredByDefault(record: Record<string, unknown>): boolean {
  const eventType = str(record.eventType);
  if (eventType !== undefined && eventType !== "AwsApiCall") return true;
  const category = str(record.eventCategory);
  if (record.managementEvent === false || (category !== undefined && category !== "Management")) return true;
  const name = str(record.eventName) ?? "";
  if (!READ_ONLY_NAME.test(name) || CHANGE_EVENTS_NAMED_LIKE_READS.has(name)) return true;
  return record.readOnly === undefined ? false : record.readOnly !== true;
}

/** Wraps one CloudTrail record; pure, never throws, leaves out envelope fields the record lacks. */
export function toEventBridgeEvent(record: Record<string, unknown>): EventBridgeEnvelope {
  const event: Record<string, unknown> = { version: "0" };
  const put = (key: string, value: string | undefined): void => {
    if (value !== undefined) event[key] = value;
  };
  // EventBridge assigns its own id; the CloudTrail eventID keeps replay output traceable.
  put("id", str(record.eventID));
  event["detail-type"] = detailTypeOf(record);
  put("source", sourceOf(str(record.eventSource)));
  put("account", str(record.recipientAccountId) ?? str(obj(record.userIdentity)?.accountId));
  put("time", str(record.eventTime));
  put("region", str(record.awsRegion));
  event.resources = [];
  event.detail = record;
  return { event, deliveredByDefault: isDeliveredByDefault(record) };
}
