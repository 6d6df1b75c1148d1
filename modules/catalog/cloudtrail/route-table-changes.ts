import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Security Hub CloudWatch.13 ("Ensure a log metric filter and alarm exist for route table
 * changes"; CIS AWS Foundations Benchmark v1.2.0/3.13, v1.4.0/4.13).
 *
 * Which pattern: Security Hub's current page (cloudwatch-controls.html#cloudwatch-13) gives the
 * pattern below and says "Our recommended filter pattern in these remediation steps differs from
 * the filter pattern in the CIS guidance. Our recommended filters target only events coming from
 * Amazon Elastic Compute Cloud (EC2) API calls." We deploy that text byte for byte. Both checkers
 * pass with it: Security Hub prescribes it, and Prowler's
 * `cloudwatch_changes_to_network_route_tables_alarm_configured` requires
 * `$.eventSource = ec2.amazonaws.com` plus the seven event names, which CIS's unscoped text
 * `{($.eventName=CreateRoute) || … || ($.eventName=DisassociateRouteTable)}` lacks (that text fails
 * Prowler). Scoping also keeps API Gateway's own `CreateRoute`/`DeleteRoute` (HTTP API routes) out.
 * Precedence note: `&&` binds tighter than `||`, hence AWS's parentheses around the name list.
 */
export const routeTableChanges = {
  id: "route-table-changes",
  title: "A VPC route table was changed",
  why: "A new route can send a subnet's traffic through an attacker's instance or out of an unexpected gateway.",
  runbook: "Read the route in requestParameters (destination, target); remove routes to unknown instances, ENIs or gateways.",
  severity: "medium",
  controls: ["CloudWatch.13", "CIS-4.13"],
  mitre: "T1599",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-13",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html",
  ],
  falsePositives: [
    "Infrastructure as code and services that manage routes themselves (Transit Gateway attachments, VPN route propagation, EKS and NAT gateway set-up).",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern:
    "{($.eventSource=ec2.amazonaws.com) && (($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable))}",
  alarm: CIS_ALARM,
  examples: {
    match: [
      apiCall({ eventName: "CreateRoute", requestParameters: { routeTableId: "rtb-0123456789abcdef0", destinationCidrBlock: "0.0.0.0/0", instanceId: "i-0123456789abcdef0" } }),
      apiCall({ eventName: "ReplaceRouteTableAssociation", errorCode: "Client.UnauthorizedOperation" }),
    ],
    miss: [
      // API Gateway (HTTP APIs) has its own CreateRoute: the reason for the eventSource term.
      apiCall({ eventSource: "apigateway.amazonaws.com", eventName: "CreateRoute" }),
      apiCall({ eventName: "CreateTransitGatewayRoute" }),
    ],
  },
} as const satisfies MetricFilterDetection;
