import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Security Hub CloudWatch.9 ("Ensure a log metric filter and alarm exist for AWS Config
 * configuration changes"; CIS AWS Foundations Benchmark v1.2.0/3.9, v1.4.0/4.9). Pattern byte for
 * byte from https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-9.
 */
export const configChanges = {
  id: "config-changes",
  title: "AWS Config recording or delivery was changed",
  why: "Stopping the recorder or its delivery channel erases the configuration history investigators rely on.",
  runbook: "Check describe-configuration-recorder-status; restart recording and restore the delivery channel, then review the caller's session.",
  severity: "medium",
  controls: ["CloudWatch.9", "CIS-4.9"],
  mitre: "T1562.008",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-9",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html",
  ],
  falsePositives: [
    "A landing zone (Control Tower, LZA) or infrastructure as code updating the configuration recorder or delivery channel during a planned change.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern:
    "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
  alarm: CIS_ALARM,
  examples: {
    match: [
      apiCall({ eventSource: "config.amazonaws.com", eventName: "StopConfigurationRecorder", requestParameters: { configurationRecorderName: "default" } }),
      apiCall({ eventSource: "config.amazonaws.com", eventName: "PutDeliveryChannel" }),
    ],
    miss: [
      // Not in CIS's list (security-service-disabled catches it).
      apiCall({ eventSource: "config.amazonaws.com", eventName: "DeleteConfigurationRecorder" }),
      apiCall({ eventSource: "config.amazonaws.com", eventName: "DescribeConfigurationRecorders", readOnly: true }),
    ],
  },
} as const satisfies MetricFilterDetection;
