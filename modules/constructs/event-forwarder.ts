/**
 * An account's EventBridge rules in one Region, each forwarding what it matches to the central
 * bus: rule `tripline-<id>` on the default bus (AWS services' events arrive only there, docs/aws-facts.md
 * l2, f1), its pattern exactly as the deployment plan compiled it, in state ENABLED (write calls
 * only, f2); a target naming the central bus and the account's forwarding role (f5, m2), with an
 * explicit retry policy and a dead-letter queue in this Region (m4, m6), so that a delivery
 * failure is kept, not dropped. Rules are Regional, so the same names repeat in every Region.
 */
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { EVENT_FORWARDER_DLQ_NAME, defaultBusRuleArn, queueArn } from "../deployment/names";
import type { Partition } from "../manifest/regions";
import { createEventDeadLetterQueue } from "./event-dead-letter-queue";

/**
 * How long and how often EventBridge retries a failed delivery before the dead-letter queue takes
 * the event: an hour (an alert older than that is history; the queue keeps it 14 days), and as
 * many attempts as EventBridge allows (m6).
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
 */
export const FORWARD_RETRY_POLICY = { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 185 } as const;
/** The target's id on each rule. */
export const CENTRAL_BUS_TARGET_ID = "tripline-security-events";

/** One rule to deploy: its name, what the console shows, and its pattern. */
export interface ForwardedRule {
  readonly name: string;
  readonly description: string;
  readonly eventPattern: Readonly<Record<string, unknown>>;
}

export interface EventForwarderProps {
  readonly provider: AwsProvider;
  readonly partition: Partition;
  readonly region: string;
  readonly accountId: string;
  readonly busArn: string;
  readonly roleArn: string;
  readonly rules: readonly ForwardedRule[];
}

export class EventForwarder extends Construct {
  readonly rules: readonly CloudwatchEventRule[];
  readonly targets: readonly CloudwatchEventTarget[];
  readonly deadLetters: SqsQueue;

  constructor(scope: Construct, id: string, props: EventForwarderProps) {
    super(scope, id);
    const { provider } = props;
    this.deadLetters = createEventDeadLetterQueue(this, {
      provider,
      name: EVENT_FORWARDER_DLQ_NAME,
      queueArn: queueArn(props, EVENT_FORWARDER_DLQ_NAME),
      sourceArns: props.rules.map((r) => defaultBusRuleArn(props, r.name)),
    });
    const rules: CloudwatchEventRule[] = [];
    const targets: CloudwatchEventTarget[] = [];
    for (const forwarded of props.rules) {
      const rule = new CloudwatchEventRule(this, forwarded.name, {
        provider,
        name: forwarded.name,
        description: forwarded.description.slice(0, 512),
        // The catalog's pattern, exceptions compiled in (the stack escapes manifest text for
        // Terraform: modules/stacks/escape-templates.ts).
        eventPattern: JSON.stringify(forwarded.eventPattern),
        state: "ENABLED",
      });
      rules.push(rule);
      targets.push(
        new CloudwatchEventTarget(this, `${forwarded.name}-target`, {
          provider,
          rule: rule.name,
          targetId: CENTRAL_BUS_TARGET_ID,
          arn: props.busArn,
          roleArn: props.roleArn,
          retryPolicy: { ...FORWARD_RETRY_POLICY },
          deadLetterConfig: { arn: this.deadLetters.arn },
        }),
      );
    }
    this.rules = rules;
    this.targets = targets;
  }
}
