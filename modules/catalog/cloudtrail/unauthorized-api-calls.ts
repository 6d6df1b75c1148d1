import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Security Hub CloudWatch.2 ("Ensure a log metric filter and alarm exist for unauthorized API
 * calls"; Security Hub relates it to CIS AWS Foundations Benchmark v1.2.0/3.1 only, so the CIS id
 * carries its version). Pattern byte for byte from
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-2.
 * Newer CIS versions exclude `delivery.logs.amazonaws.com` and `HeadBucket`; Security Hub's text
 * does not, so neither does this record (a tuned twin can).
 */
export const unauthorizedApiCalls = {
  id: "unauthorized-api-calls",
  title: "API calls were denied",
  why: "A burst of AccessDenied or UnauthorizedOperation errors is how stolen keys look while their holder maps what they are allowed to do.",
  runbook: "Group the denied calls by userIdentity.arn and sourceIPAddress; an unknown caller or a new address calls for disabling the access key and reviewing its recent calls.",
  severity: "low",
  controls: ["CloudWatch.2", "CIS-1.2.0/3.1"],
  mitre: "T1580",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-2",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html",
  ],
  falsePositives: [
    "Consoles and tools that probe what a user may see: a person browsing the console without read rights to every page produces AccessDenied errors.",
    "Applications retrying a call a policy change just took away, and AWS services checking for resources with calls that are expected to fail (for example S3 HeadBucket, log delivery).",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  alarm: CIS_ALARM,
  examples: {
    match: [
      // Stratus Red Team's ec2-get-password-data burst: 30 of these in 5 seconds.
      apiCall({ eventName: "GetPasswordData", errorCode: "Client.UnauthorizedOperation", errorMessage: "You are not authorized to perform this operation." }),
      apiCall({ eventSource: "sts.amazonaws.com", eventName: "AssumeRole", errorCode: "AccessDenied", errorMessage: "User is not authorized to perform: sts:AssumeRole" }),
      apiCall({ eventSource: "secretsmanager.amazonaws.com", eventName: "GetSecretValue", errorCode: "AccessDeniedException" }),
    ],
    miss: [
      apiCall({ eventSource: "iam.amazonaws.com", eventName: "GetUser", errorCode: "NoSuchEntity" }),
      apiCall({ eventName: "RunInstances", errorCode: "Client.UnauthorizedOperationException" }),
      apiCall({ eventName: "DescribeInstances", errorCode: "ThrottlingException" }),
      apiCall({ eventName: "DescribeInstances" }),
    ],
  },
} as const satisfies MetricFilterDetection;
