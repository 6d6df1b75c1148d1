import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Security Hub CloudWatch.14 ("Ensure a log metric filter and alarm exist for VPC changes"; CIS
 * AWS Foundations Benchmark v1.2.0/3.14, v1.4.0/4.14). Pattern byte for byte from
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-14.
 */
export const vpcChanges = {
  id: "vpc-changes",
  title: "A VPC or VPC peering connection was changed",
  why: "A peering connection joins two networks' trust boundaries; an unexpected one can be a path into production.",
  runbook: "Check both sides of any peering connection (requester and accepter account); delete peerings and VPCs nobody owns.",
  severity: "medium",
  controls: ["CloudWatch.14", "CIS-4.14"],
  mitre: "T1599",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-14",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/vpc/latest/peering/what-is-vpc-peering.html",
  ],
  falsePositives: [
    "Creating or removing VPCs and peering connections with infrastructure as code; a landing zone vending a new account creates its VPC.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern:
    "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
  alarm: CIS_ALARM,
  examples: {
    match: [
      apiCall({ eventName: "CreateVpcPeeringConnection", requestParameters: { vpcId: "vpc-0123456789abcdef0", peerOwnerId: "444455556666", peerVpcId: "vpc-0fedcba9876543210" } }),
      apiCall({ eventName: "ModifyVpcAttribute" }),
    ],
    miss: [apiCall({ eventName: "CreateSubnet" }), apiCall({ eventName: "ModifyVpcEndpoint" })],
  },
} as const satisfies MetricFilterDetection;
