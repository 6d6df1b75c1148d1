import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Security Hub CloudWatch.5 ("Ensure a log metric filter and alarm exist for CloudTrail
 * configuration changes"; CIS AWS Foundations Benchmark v1.2.0/3.5, v1.4.0/4.5). Pattern byte for
 * byte from https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-5.
 * It names event names only, so failed calls count too.
 */
export const cloudtrailConfigChanges = {
  id: "cloudtrail-config-changes",
  title: "A CloudTrail trail was changed",
  why: "Stopping, deleting or redirecting a trail blinds every other detection; attackers do it first.",
  runbook: "Check the trail's status and settings now (get-trail-status, get-event-selectors); restore logging, then review who made the change and what they did next.",
  severity: "high",
  controls: ["CloudWatch.5", "CIS-4.5"],
  mitre: "T1562.008",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-5",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-update-a-trail-console.html",
  ],
  falsePositives: [
    "Planned trail changes: this baseline's own `cdktf deploy` of the trail, a landing zone update (Control Tower, LZA) or adding event selectors.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern: "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
  alarm: CIS_ALARM,
  examples: {
    match: [
      apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", requestParameters: { name: "org-trail" } }),
      apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "UpdateTrail", errorCode: "TrailNotFoundException", requestParameters: { name: "myTrail2" } }),
    ],
    miss: [
      // Turning management events off is as blinding, but CIS does not list it (security-service-disabled does).
      apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "PutEventSelectors" }),
      apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "GetTrailStatus", readOnly: true }),
    ],
  },
} as const satisfies MetricFilterDetection;
