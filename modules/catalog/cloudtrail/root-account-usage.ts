import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall, consoleLogin, ROOT_IDENTITY, serviceEvent } from "../examples";

/**
 * Security Hub CloudWatch.1 ("A log metric filter and alarm should exist for usage of the "root"
 * user"; related requirement CIS AWS Foundations Benchmark v1.4.0/4.3). Pattern copied byte for
 * byte from https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1
 * (unchanged since the 2023 archived page); Security Hub fails the control if terms are added, so
 * exceptions belong in a tuned twin, not here.
 */
export const rootAccountUsage = {
  id: "root-account-usage",
  title: "The root user was used",
  why: "Root is not bound by IAM policies or permission boundaries; outside break-glass, its use means stolen credentials or a broken process.",
  runbook: "Confirm with the account owner within the hour; if nobody claims it, rotate the root password, check its MFA device and access keys, and review every call in the session.",
  severity: "high",
  controls: ["CloudWatch.1", "CIS-4.3"],
  mitre: "T1078.004",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html",
  ],
  falsePositives: [
    "Break-glass use and the few tasks only root can do (changing the account's contact or support plan, closing the account, restoring IAM access), when planned and announced.",
    "A new account's first set-up before IAM identities exist.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  alarm: CIS_ALARM,
  examples: {
    match: [
      consoleLogin({ userIdentity: ROOT_IDENTITY }),
      apiCall({ userIdentity: ROOT_IDENTITY, eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey" }),
      // A failed root sign-in still counts: the pattern does not look at the outcome.
      consoleLogin({ userIdentity: ROOT_IDENTITY, responseElements: { ConsoleLogin: "Failure" }, errorMessage: "Failed authentication" }),
    ],
    miss: [
      // An AWS service acting as root on the account's behalf (e.g. AWS Support).
      apiCall({ userIdentity: { ...ROOT_IDENTITY, invokedBy: "support.amazonaws.com" }, eventName: "DescribeTrustedAdvisorChecks", eventSource: "support.amazonaws.com" }),
      serviceEvent({ userIdentity: { type: "Root", accountId: "111122223333" }, eventName: "SharedSnapshotCopyInitiated" }),
      apiCall({ eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey" }),
    ],
  },
} as const satisfies MetricFilterDetection;
