/**
 * tripline's CloudWatch alarms as EventBridge sees them: a state change lands on the default bus
 * of the alarm's account and Region (docs/aws-facts.md l1, l2), so the trail owner's stack forwards those
 * of its `tripline-` alarms that go to ALARM to the central bus, where the notifier has one input
 * for rules and alarms alike. The pattern is AWS's own example shape (l8).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
import { RESOURCE_PREFIX } from "./names";

export const ALARM_STATE_CHANGE_PATTERN = {
  source: ["aws.cloudwatch"],
  "detail-type": ["CloudWatch Alarm State Change"],
  detail: { alarmName: [{ prefix: RESOURCE_PREFIX }], state: { value: ["ALARM"] } },
} as const;
