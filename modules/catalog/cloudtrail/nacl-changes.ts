import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Security Hub CloudWatch.11 ("Ensure a log metric filter and alarm exist for changes to Network
 * Access Control Lists (NACL)"; CIS AWS Foundations Benchmark v1.2.0/3.11, v1.4.0/4.11). Pattern
 * byte for byte from https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-11.
 */
export const naclChanges = {
  id: "nacl-changes",
  title: "A network ACL was changed",
  why: "NACLs are the subnet-wide firewall; one permissive entry exposes every host behind it.",
  runbook: "Compare the entry in requestParameters with the intended network design; revert unexplained allow rules.",
  severity: "medium",
  controls: ["CloudWatch.11", "CIS-4.11"],
  mitre: "T1562.007",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-11",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html",
  ],
  falsePositives: [
    "Network changes by infrastructure as code or a network team's planned change; creating a VPC creates its default network ACL.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern:
    "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
  alarm: CIS_ALARM,
  examples: {
    match: [
      apiCall({ eventName: "CreateNetworkAclEntry", requestParameters: { networkAclId: "acl-0123456789abcdef0", ruleNumber: 100, ruleAction: "allow", egress: false, cidrBlock: "0.0.0.0/0" } }),
      apiCall({ eventName: "DeleteNetworkAcl" }),
    ],
    miss: [apiCall({ eventName: "DescribeNetworkAcls", readOnly: true }), apiCall({ eventName: "CreateNetworkInterface" })],
  },
} as const satisfies MetricFilterDetection;
