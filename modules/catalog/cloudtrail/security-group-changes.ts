import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Security Hub CloudWatch.10 ("Ensure a log metric filter and alarm exist for security group
 * changes"; CIS AWS Foundations Benchmark v1.2.0/3.10, v1.4.0/4.10). Pattern byte for byte from
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-10.
 */
export const securityGroupChanges = {
  id: "security-group-changes",
  title: "A security group was created, deleted or had its rules changed",
  why: "Opening a port to 0.0.0.0/0 is how a private host becomes reachable from the Internet.",
  runbook: "Read the rule in requestParameters.ipPermissions; revoke world-open rules on admin ports (22, 3389, databases) unless a change request covers them.",
  severity: "medium",
  controls: ["CloudWatch.10", "CIS-4.10"],
  mitre: "T1562.007",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-10",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",
  ],
  falsePositives: [
    "Everyday deployments: infrastructure as code, EKS, ECS, load balancers and other services create and update security groups on their own.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern:
    "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
  alarm: CIS_ALARM,
  examples: {
    match: [
      // Stratus Red Team's ec2-security-group-open-port-22-ingress.
      apiCall({ eventName: "AuthorizeSecurityGroupIngress", requestParameters: { groupId: "sg-0123456789abcdef0", ipPermissions: { items: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } }] } } }),
      apiCall({ eventName: "CreateSecurityGroup" }),
    ],
    miss: [
      // Editing an existing rule in place is not in CIS's list.
      apiCall({ eventName: "ModifySecurityGroupRules" }),
      apiCall({ eventName: "DescribeSecurityGroups", readOnly: true }),
    ],
  },
} as const satisfies MetricFilterDetection;
