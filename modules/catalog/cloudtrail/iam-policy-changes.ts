import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Security Hub CloudWatch.4 ("Ensure a log metric filter and alarm exist for IAM policy changes";
 * CIS AWS Foundations Benchmark v1.2.0/3.4, v1.4.0/4.4).
 *
 * Which pattern: Security Hub's current page (cloudwatch-controls.html#cloudwatch-4) gives the
 * pattern below and says "Our recommended filter pattern in these remediation steps differs from
 * the filter pattern in the CIS guidance. Our recommended filters target only events coming from
 * IAM API calls." For this control (and CloudWatch.13) the page no longer says "This control fails
 * if the exact metric filters prescribed by CIS are not used". We deploy AWS's recommended text,
 * byte for byte, because it is what "To pass this control" now prescribes and because the CIS text
 * `{($.eventName=DeleteGroupPolicy) || … || ($.eventName=DetachGroupPolicy)}` also fires on
 * Auto Scaling's, Organizations' and Firewall Manager's `DeletePolicy`/`CreatePolicy` (the 2023
 * page itself warned: "the alarm also is triggered when Auto Scaling calls DeletePolicy").
 * Prowler's `cloudwatch_log_metric_filter_policy_changes` requires the 16 event names and no
 * event source, so it passes too. The corpus has no record that tells the two variants apart.
 */
export const iamPolicyChanges = {
  id: "iam-policy-changes",
  title: "An IAM policy was changed",
  why: "Attaching or rewriting a policy is the shortest path from a foothold to administrator.",
  runbook: "Read requestParameters for the policy document or ARN and the principal it was attached to; undo changes nobody can explain and review the caller's session.",
  severity: "medium",
  controls: ["CloudWatch.4", "CIS-4.4"],
  mitre: "T1098.003",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-4",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage.html",
  ],
  falsePositives: [
    "Deployments by infrastructure as code (Terraform, CloudFormation, this very baseline) and identity-provider provisioning (IAM Identity Center permission sets) change policies all day.",
    "Administrators granting or revoking access through the normal request process.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern:
    "{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy))}",
  alarm: CIS_ALARM,
  examples: {
    match: [
      // Stratus Red Team's iam-backdoor-user: AdministratorAccess attached to a fresh user.
      apiCall({ eventSource: "iam.amazonaws.com", eventName: "AttachUserPolicy", requestParameters: { userName: "backdoor", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } }),
      apiCall({ eventSource: "iam.amazonaws.com", eventName: "PutRolePolicy", requestParameters: { roleName: "ci", policyName: "inline" } }),
      apiCall({ eventSource: "iam.amazonaws.com", eventName: "DeleteGroupPolicy", errorCode: "NoSuchEntity" }),
    ],
    miss: [
      // The reason AWS scoped the pattern to IAM: same event name, another service.
      apiCall({ eventSource: "autoscaling.amazonaws.com", eventName: "DeletePolicy" }),
      apiCall({ eventSource: "organizations.amazonaws.com", eventName: "CreatePolicy" }),
      apiCall({ eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey" }),
    ],
  },
} as const satisfies MetricFilterDetection;
