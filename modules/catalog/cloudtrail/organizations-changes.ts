import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * CIS AWS Foundations Benchmark v1.4.0 4.15 ("Ensure a log metric filter and alarm exists for AWS
 * Organizations changes"); Security Hub has no CloudWatch.N control for it. CIS's pattern is
 * `{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || … ) }`
 * with 18 event names; Prowler's `cloudwatch_log_metric_filter_aws_organizations_changes` requires
 * 21 (CIS's 18 plus CancelHandshake, CreateOrganization, EnableAllFeatures) and the event source.
 * This pattern is CIS's text with Prowler's three names appended, so both checks pass.
 * It matters only where the management account's events are: the organization trail.
 */
export const organizationsChanges = {
  id: "organizations-changes",
  title: "The AWS Organization was changed",
  why: "Whoever can move accounts, detach SCPs or leave the organization can switch off every guardrail the organization enforces.",
  runbook: "Confirm the change with the organization's owners; re-attach detached SCPs and investigate the caller if it was not planned.",
  severity: "high",
  controls: ["CIS-4.15"],
  mitre: "T1666",
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-organizations.html",
  ],
  falsePositives: [
    "Account vending (Control Tower Account Factory, LZA) creating and moving accounts, and planned changes to SCPs and organizational units.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern:
    '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit") || ($.eventName = "CancelHandshake") || ($.eventName = "CreateOrganization") || ($.eventName = "EnableAllFeatures")) }',
  alarm: CIS_ALARM,
  examples: {
    match: [
      apiCall({ eventSource: "organizations.amazonaws.com", eventName: "DetachPolicy", requestParameters: { policyId: "p-examplepolicy", targetId: "ou-exam-ple12345" } }),
      // Stratus Red Team's organizations-leave, denied by an SCP: still an attempt worth a page.
      apiCall({ eventSource: "organizations.amazonaws.com", eventName: "LeaveOrganization", errorCode: "AccessDenied" }),
    ],
    miss: [
      // Firewall Manager's and IAM's policy calls share names with Organizations'.
      apiCall({ eventSource: "fms.amazonaws.com", eventName: "DeletePolicy" }),
      apiCall({ eventSource: "organizations.amazonaws.com", eventName: "DescribeOrganization", readOnly: true }),
    ],
  },
} as const satisfies MetricFilterDetection;
