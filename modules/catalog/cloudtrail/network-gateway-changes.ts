import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Security Hub CloudWatch.12 ("Ensure a log metric filter and alarm exist for changes to network
 * gateways"; CIS AWS Foundations Benchmark v1.2.0/3.12, v1.4.0/4.12). Pattern byte for byte from
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-12.
 */
export const networkGatewayChanges = {
  id: "network-gateway-changes",
  title: "An Internet or customer gateway was changed",
  why: "Attaching an Internet gateway gives a private VPC a way out; a new customer gateway gives someone a way in.",
  runbook: "Check which VPC the gateway belongs to and whether a change request covers it; detach gateways nobody owns.",
  severity: "medium",
  controls: ["CloudWatch.12", "CIS-4.12"],
  mitre: "T1599",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-12",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html",
  ],
  falsePositives: [
    "Creating or removing VPCs with infrastructure as code, and a network team's planned VPN or Internet gateway changes.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern:
    "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
  alarm: CIS_ALARM,
  examples: {
    match: [
      apiCall({ eventName: "AttachInternetGateway", requestParameters: { internetGatewayId: "igw-0123456789abcdef0", vpcId: "vpc-0123456789abcdef0" } }),
      apiCall({ eventName: "CreateCustomerGateway" }),
    ],
    miss: [
      // NAT and transit gateways are not in CIS's list.
      apiCall({ eventName: "CreateNatGateway" }),
      apiCall({ eventName: "CreateTransitGateway" }),
    ],
  },
} as const satisfies MetricFilterDetection;
