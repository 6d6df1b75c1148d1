import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Security Hub CloudWatch.7 ("Ensure a log metric filter and alarm exist for disabling or
 * scheduled deletion of customer managed keys"; CIS AWS Foundations Benchmark v1.2.0/3.7,
 * v1.4.0/4.7). Pattern byte for byte from
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-7.
 * Security Hub also fails it when the trail excludes `kms.amazonaws.com` management events.
 */
export const cmkDisabledOrDeleted = {
  id: "cmk-disabled-or-deleted",
  title: "A KMS key was disabled or scheduled for deletion",
  why: "Data encrypted under a disabled or deleted key is unreadable: a quiet way to destroy or ransom it.",
  runbook: "Find the key in requestParameters.keyId; if the change is unexplained, cancel the deletion (cancel-key-deletion) or re-enable the key within the waiting period.",
  severity: "high",
  controls: ["CloudWatch.7", "CIS-4.7"],
  mitre: "T1485",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-7",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html",
  ],
  falsePositives: [
    "Tearing down a stack or environment that owns its keys (infrastructure as code schedules their deletion).",
    "Planned key retirement after rotation to a new key.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern: "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
  alarm: CIS_ALARM,
  examples: {
    match: [
      apiCall({ eventSource: "kms.amazonaws.com", eventName: "ScheduleKeyDeletion", requestParameters: { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", pendingWindowInDays: 7 } }),
      apiCall({ eventSource: "kms.amazonaws.com", eventName: "DisableKey", requestParameters: { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" } }),
    ],
    miss: [
      apiCall({ eventSource: "kms.amazonaws.com", eventName: "DisableKeyRotation" }),
      apiCall({ eventSource: "kms.amazonaws.com", eventName: "CancelKeyDeletion" }),
    ],
  },
} as const satisfies MetricFilterDetection;
