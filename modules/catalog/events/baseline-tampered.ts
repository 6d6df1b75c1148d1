import type { EventRuleDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Self-defence: calls that switch off tripline itself, matched on the names tripline gives what it
 * deploys (prefix `tripline-`, docs/design.md contract 8), so that other teams' rules, alarms and
 * topics do not page. Case-sensitive, as AWS's names are. Deployed as an EventBridge rule in every
 * account and Region (IAM's calls are recorded in us-east-1, docs/aws-facts.md b4), so removing the
 * trail's alarms still rings through the rule, and removing a rule still rings through the trail's
 * own copy of the call (CloudTrail records it whatever EventBridge does) and the other Regions.
 *
 * A call matches when a field of its request that names a resource (as CloudTrail records the
 * request: camelCase of the API's parameters) names one of tripline's; the calls and their fields:
 * - EventBridge: `DeleteRule`, `DisableRule` (`name`), `PutRule` with `state` `DISABLED`,
 *   `RemoveTargets` (`rule`), `DeleteEventBus` (`name`), `PutPermission`/`RemovePermission` on the
 *   central bus (`eventBusName`);
 * - CloudWatch: `DeleteAlarms`, `DisableAlarmActions` (`alarmNames`, an array: any element matches,
 *   docs/aws-facts.md f), `PutMetricAlarm` with `actionsEnabled` false, `DeleteInsightRules`,
 *   `DisableInsightRules` (`ruleNames`);
 * - CloudWatch Logs: `DeleteMetricFilter`, `DeleteSubscriptionFilter` (`filterName`),
 *   `DeleteLogGroup`, `DeleteRetentionPolicy`, `PutRetentionPolicy` (`logGroupName`: the trail's
 *   log group and its retention, the evidence);
 * - SNS: `DeleteTopic`, `SetTopicAttributes` of its `Policy` (`topicArn`), `Unsubscribe`
 *   (`subscriptionArn`, the topic's ARN plus an id): ARNs, so a wildcard on the name part;
 * - IAM: `DeleteRole`, `DeleteRolePolicy`, `DetachRolePolicy`, `UpdateAssumeRolePolicy` (`roleName`):
 *   the trail's delivery role, the forwarding role, the detector's role.
 * The services, the calls and the name fields are listed once each, not paired call by call, so
 * that the pattern fits EventBridge's 2,048 characters with room for the manifest's exceptions
 * (docs/aws-facts.md m11). The looser pairing only ever widens to tripline's own resources: a
 * `DeleteMetricFilter` of anyone's filter on tripline's log group (`logGroupName`) matches too. A change
 * tripline's own deployment makes (a retention or topic policy updated by Terraform)
 * pages too: changes to the baseline should be announced, and the page says who made it.
 */
const OURS = [{ prefix: "tripline-" }];
const OUR_TOPICS = [{ wildcard: "arn:*:sns:*:*:tripline-*" }];

export const baselineTampered = {
  id: "baseline-tampered",
  title: "Someone switched off part of tripline itself",
  why: "Deleting the rules, alarms, filters, topic or log group that watch an account is how an intruder silences the alarm before acting.",
  runbook: "Redeploy the account's stack (cdktf deploy) to restore what was removed, then find out who made the call and review what else their session did.",
  severity: "critical",
  controls: [],
  mitre: "T1562.001",
  source: "cloudtrail",
  kind: "event-rule",
  eventPattern: {
    detail: { eventSource: ["events.amazonaws.com", "monitoring.amazonaws.com", "logs.amazonaws.com", "sns.amazonaws.com", "iam.amazonaws.com"] },
    $or: [
      {
        detail: {
          eventName: [
            ...["DeleteRule", "DisableRule", "RemoveTargets", "DeleteEventBus", "PutPermission", "RemovePermission"],
            ...["DeleteAlarms", "DisableAlarmActions", "DeleteInsightRules", "DisableInsightRules"],
            ...["DeleteMetricFilter", "DeleteSubscriptionFilter", "DeleteLogGroup", "DeleteRetentionPolicy", "PutRetentionPolicy"],
            ...["DeleteTopic", "Unsubscribe"],
            ...["DeleteRole", "DeleteRolePolicy", "DetachRolePolicy", "UpdateAssumeRolePolicy"],
          ],
          requestParameters: {
            $or: [
              { name: OURS },
              { rule: OURS },
              { eventBusName: OURS },
              { alarmNames: OURS },
              { ruleNames: OURS },
              { filterName: OURS },
              { logGroupName: OURS },
              { roleName: OURS },
              { topicArn: OUR_TOPICS },
              { subscriptionArn: OUR_TOPICS },
            ],
          },
        },
      },
      // Updates that switch something off, not every update tripline's own deployment makes.
      { detail: { eventName: ["PutRule"], requestParameters: { name: OURS, state: ["DISABLED"] } } },
      { detail: { eventName: ["PutMetricAlarm"], requestParameters: { alarmName: OURS, actionsEnabled: [false] } } },
      { detail: { eventName: ["SetTopicAttributes"], requestParameters: { topicArn: OUR_TOPICS, attributeName: ["Policy"] } } },
    ],
  },
  references: [
    "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Operations.html",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteAlarms.html",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DisableAlarmActions.html",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteInsightRules.html",
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteMetricFilter.html",
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html",
    "https://docs.aws.amazon.com/sns/latest/api/API_Unsubscribe.html",
    "https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html",
  ],
  falsePositives: [
    "A deployment of tripline itself (cdktf deploy) changing a retention, a topic policy or a role policy, or destroying a stack.",
    "Another tool adopting tripline's resources (for example a cleanup script matching tripline-*).",
  ],
  examples: {
    match: [
      apiCall({ eventSource: "events.amazonaws.com", eventName: "DeleteRule", requestParameters: { name: "tripline-security-service-disabled", force: false } }),
      apiCall({ eventSource: "events.amazonaws.com", eventName: "DisableRule", requestParameters: { name: "tripline-root-console-login" } }),
      apiCall({ eventSource: "events.amazonaws.com", eventName: "PutRule", requestParameters: { name: "tripline-baseline-tampered", state: "DISABLED" } }),
      apiCall({ eventSource: "events.amazonaws.com", eventName: "RemoveTargets", requestParameters: { rule: "tripline-baseline-tampered", ids: ["tripline-security-events"] } }),
      apiCall({ eventSource: "events.amazonaws.com", eventName: "RemovePermission", requestParameters: { eventBusName: "tripline-security-events", removeAllPermissions: true } }),
      apiCall({ eventSource: "monitoring.amazonaws.com", eventName: "DeleteAlarms", requestParameters: { alarmNames: ["team-latency", "tripline-root-account-usage"] } }),
      apiCall({ eventSource: "monitoring.amazonaws.com", eventName: "DisableAlarmActions", requestParameters: { alarmNames: ["tripline-console-brute-force"] } }),
      apiCall({ eventSource: "monitoring.amazonaws.com", eventName: "PutMetricAlarm", requestParameters: { alarmName: "tripline-iam-policy-changes", actionsEnabled: false } }),
      apiCall({ eventSource: "monitoring.amazonaws.com", eventName: "DeleteInsightRules", requestParameters: { ruleNames: ["tripline-console-brute-force"] } }),
      apiCall({ eventSource: "logs.amazonaws.com", eventName: "DeleteMetricFilter", requestParameters: { logGroupName: "tripline-trail", filterName: "tripline-root-account-usage" } }),
      apiCall({ eventSource: "logs.amazonaws.com", eventName: "DeleteSubscriptionFilter", requestParameters: { logGroupName: "tripline-trail", filterName: "tripline-stream-detector" } }),
      apiCall({ eventSource: "logs.amazonaws.com", eventName: "PutRetentionPolicy", requestParameters: { logGroupName: "tripline-trail", retentionInDays: 1 } }),
      apiCall({ eventSource: "logs.amazonaws.com", eventName: "DeleteLogGroup", requestParameters: { logGroupName: "tripline-trail" } }),
      apiCall({ eventSource: "sns.amazonaws.com", eventName: "DeleteTopic", requestParameters: { topicArn: "arn:aws:sns:us-east-1:111122223333:tripline-alerts" } }),
      apiCall({ eventSource: "sns.amazonaws.com", eventName: "Unsubscribe", requestParameters: { subscriptionArn: "arn:aws:sns:us-east-1:111122223333:tripline-alerts:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" } }),
      apiCall({ eventSource: "sns.amazonaws.com", eventName: "SetTopicAttributes", requestParameters: { topicArn: "arn:aws:sns:us-east-1:111122223333:tripline-alerts", attributeName: "Policy", attributeValue: "{}" } }),
      apiCall({ eventSource: "iam.amazonaws.com", eventName: "DeleteRolePolicy", requestParameters: { roleName: "tripline-event-forwarder", policyName: "put-events-on-central-bus" } }),
      // Denied by an SCP: an attempt, and still an alert.
      apiCall({ eventSource: "events.amazonaws.com", eventName: "DeleteRule", errorCode: "AccessDenied", requestParameters: { name: "tripline-baseline-tampered" } }),
    ],
    miss: [
      // Other teams' resources.
      apiCall({ eventSource: "events.amazonaws.com", eventName: "DeleteRule", requestParameters: { name: "team-nightly-batch" } }),
      apiCall({ eventSource: "monitoring.amazonaws.com", eventName: "DeleteAlarms", requestParameters: { alarmNames: ["team-latency", "payments-tripline-copy"] } }),
      apiCall({ eventSource: "logs.amazonaws.com", eventName: "DeleteLogGroup", requestParameters: { logGroupName: "/aws/lambda/orders" } }),
      apiCall({ eventSource: "sns.amazonaws.com", eventName: "DeleteTopic", requestParameters: { topicArn: "arn:aws:sns:us-east-1:111122223333:team-alerts" } }),
      apiCall({ eventSource: "iam.amazonaws.com", eventName: "DeleteRole", requestParameters: { roleName: "Tripline-legacy" } }),
      // Re-enabling, or an update that keeps actions on.
      apiCall({ eventSource: "events.amazonaws.com", eventName: "PutRule", requestParameters: { name: "tripline-root-console-login", state: "ENABLED" } }),
      apiCall({ eventSource: "events.amazonaws.com", eventName: "EnableRule", requestParameters: { name: "tripline-root-console-login" } }),
      apiCall({ eventSource: "monitoring.amazonaws.com", eventName: "PutMetricAlarm", requestParameters: { alarmName: "tripline-iam-policy-changes", actionsEnabled: true } }),
      apiCall({ eventSource: "sns.amazonaws.com", eventName: "SetTopicAttributes", requestParameters: { topicArn: "arn:aws:sns:us-east-1:111122223333:tripline-alerts", attributeName: "DisplayName", attributeValue: "alerts" } }),
      // The same parameter on a call that removes nothing.
      apiCall({ eventSource: "logs.amazonaws.com", eventName: "PutMetricFilter", requestParameters: { logGroupName: "tripline-trail", filterName: "tripline-root-account-usage" } }),
    ],
  },
} as const satisfies EventRuleDetection;
