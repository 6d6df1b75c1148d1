import type { StreamDetection } from "../detection";
import { apiCall, consoleLogin, serviceEvent } from "../examples";

/**
 * One identity calling 30 distinct APIs (`eventSource:eventName`) within 5 minutes, failed calls
 * included: the shape of a key being enumerated (Pacu, ScoutSuite, `enumerate-iam`). Contributor
 * Insights cannot count distinct values per key (docs/aws-facts.md d6), so the stream detector keeps a
 * set per `userIdentity.arn` in aligned 300-second windows. The subscription filter keeps the
 * function's volume to what can count: direct API calls (`AwsApiCall`, so no AwsServiceEvent,
 * sign-in or VPC-endpoint events) by an identity with an ARN (the detector's key), not made by an
 * AWS service on a user's behalf (`invokedBy`, e.g. CloudFormation creating a stack's resources).
 */
export const apiEnumeration = {
  id: "api-enumeration",
  title: "One identity called 30 different APIs in 5 minutes",
  why: "Attackers holding a fresh key try everything to learn what it can do; people and applications call a handful of APIs.",
  runbook: "Look at the identity's calls in the window (many Describe/List/Get, many AccessDenied); if it is not a known scanner or deploy job, disable the key or revoke the role's sessions.",
  severity: "medium",
  controls: [],
  mitre: "T1580",
  references: [
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html",
    "https://attack.mitre.org/techniques/T1580/",
  ],
  falsePositives: [
    "Inventory and posture tools (CSPM scanners, AWS Config-like collectors, backup and cost tools) that call many Describe and List APIs with one role.",
    "An administrator clicking through many console pages quickly, and infrastructure as code planning or applying a large stack.",
  ],
  source: "cloudtrail",
  kind: "stream",
  pattern: '{ ($.eventType = "AwsApiCall") && ($.userIdentity.arn = "arn:*") && ($.userIdentity.invokedBy NOT EXISTS) }',
  detector: {
    type: "distinct-count",
    keyFields: ["userIdentity.arn"],
    valueFields: ["eventSource", "eventName"],
    windowSeconds: 300,
    threshold: 30,
  },
  examples: {
    match: [
      // OTRF's ec2_proxy_s3_exfiltration: user "pedro" ran 87 calls to 22 APIs in 10 minutes.
      apiCall({ eventName: "DescribeInstances", readOnly: true }),
      apiCall({ eventSource: "iam.amazonaws.com", eventName: "ListUsers", errorCode: "AccessDenied", readOnly: true }),
    ],
    miss: [
      serviceEvent({ eventName: "RotateKey", eventSource: "kms.amazonaws.com" }),
      apiCall({ eventSource: "s3.amazonaws.com", eventName: "CreateBucket", userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/deployer/deploy", invokedBy: "cloudformation.amazonaws.com" } }),
      consoleLogin(),
    ],
  },
} as const satisfies StreamDetection;
