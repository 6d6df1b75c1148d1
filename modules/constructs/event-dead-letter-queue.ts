/**
 * A dead-letter queue for EventBridge: where an event goes when its delivery to the central bus
 * fails for good (after the target's retry policy, or at once on a permission or missing-resource
 * error), with the rule, target and error as message attributes (docs/aws-facts.md m4).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 *
 * - A standard queue in the same account and Region as the rule or bus it serves (m4).
 * - Encrypted with SQS-managed keys, not a customer managed key: a key of tripline's own in every
 *   account and Region would cost a dollar a month each (thousands for a large organization) for
 *   queues that are empty when all is well, EventBridge's use of a customer managed key on a
 *   dead-letter queue is not documented where we looked (m5), and the central bus's queue must not
 *   depend on the key whose failures it catches (m7).
 * - Its policy lets EventBridge send only on behalf of the named rules or bus (`aws:SourceArn`,
 *   the confused-deputy guard AWS documents for this queue policy), and refuses anything but TLS.
 */
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import type { Construct } from "constructs";
import { FOURTEEN_DAYS_SECONDS } from "./alert-topic";
import { denyWithoutTls, policyDocument, renderPolicy, type PolicyDocument } from "./policy-document";

export interface EventDeadLetterQueueProps {
  readonly provider: AwsProvider;
  readonly name: string;
  /** The queue's ARN (derived: a policy must not wait for the queue to exist to be reviewed). */
  readonly queueArn: string;
  /** The rules (or the bus) that may send here. */
  readonly sourceArns: readonly string[];
}

/** Creates the queue (id `dead-letters`) and its policy (id `dead-letters-policy`) in `scope`. */
export function createEventDeadLetterQueue(scope: Construct, props: EventDeadLetterQueueProps): SqsQueue {
  const { provider } = props;
  const queue = new SqsQueue(scope, "dead-letters", {
    provider,
    name: props.name,
    sqsManagedSseEnabled: true,
    messageRetentionSeconds: FOURTEEN_DAYS_SECONDS,
  });
  new SqsQueuePolicy(scope, "dead-letters-policy", { provider, queueUrl: queue.url, policy: renderPolicy(eventDeadLetterQueuePolicy(props.queueArn, props.sourceArns)) });
  return queue;
}

export function eventDeadLetterQueuePolicy(queueArn: string, sourceArns: readonly string[]): PolicyDocument {
  return policyDocument(
    {
      Sid: "EventBridgeDeadLetters",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": [...sourceArns] } },
    },
    denyWithoutTls("sqs", queueArn),
  );
}
