/**
 * The role EventBridge assumes in an account to put its rules' events on the central bus. The
 * bus admits the organization by `aws:PrincipalOrgID`, and then the sender's target must name a
 * role of its own account (docs/aws-facts.md f5, m2); AWS recommends a role for every event-bus target,
 * same account included (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html).
 * IAM is global: one role per account serves its rules in every Region. It may do one thing:
 * `events:PutEvents` on that one bus; only EventBridge rules of this account named `tripline-…`
 * can assume it (the confused-deputy guard).
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { EVENT_FORWARDER_ROLE_NAME, RESOURCE_PREFIX, roleArn } from "../deployment/names";
import type { Partition } from "../manifest/regions";
import { policyDocument, renderPolicy, type PolicyDocument } from "./policy-document";

export interface EventForwarderRoleScope {
  readonly partition: Partition;
  readonly accountId: string;
  /** The central bus's ARN. */
  readonly busArn: string;
}

export interface EventForwarderRoleProps extends EventForwarderRoleScope {
  /** Any of the account's providers: IAM is global. */
  readonly provider: AwsProvider;
}

export class EventForwarderRole extends Construct {
  readonly role: IamRole;
  /** Derived, so that targets in every Region name it before it exists. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EventForwarderRoleProps) {
    super(scope, id);
    const { provider } = props;
    this.arn = roleArn(props.partition, props.accountId, EVENT_FORWARDER_ROLE_NAME);
    this.role = new IamRole(this, "role", {
      provider,
      name: EVENT_FORWARDER_ROLE_NAME,
      description: "tripline: EventBridge forwards this account's security events to the central bus",
      assumeRolePolicy: renderPolicy(eventForwarderTrustPolicy(props)),
    });
    new IamRolePolicy(this, "role-policy", { provider, role: this.role.name, name: "put-events-on-central-bus", policy: renderPolicy(eventForwarderPolicy(props)) });
  }
}

export function eventForwarderTrustPolicy(s: EventForwarderRoleScope): PolicyDocument {
  return policyDocument({
    Sid: "EventBridgeRulesOfThisAccountAssume",
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: {
      StringEquals: { "aws:SourceAccount": s.accountId },
      ArnLike: { "aws:SourceArn": `arn:${s.partition}:events:*:${s.accountId}:rule/${RESOURCE_PREFIX}*` },
    },
  });
}

export function eventForwarderPolicy(s: EventForwarderRoleScope): PolicyDocument {
  return policyDocument({ Sid: "PutEventsOnCentralBus", Effect: "Allow", Action: "events:PutEvents", Resource: s.busArn });
}
