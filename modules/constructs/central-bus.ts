/**
 * The central bus `tripline-security-events`, in the security account's home Region (standalone:
 * the one account's): every account's EventBridge rules and the trail owner's alarm state changes
 * arrive here, and the notifier subscribes a rule to it (docs/design.md "The pieces, by account role").
 *
 * - Encrypted with a customer managed key (docs/aws-facts.md m7), which EventBridge alone may use,
 *   only for this bus (`aws:SourceArn` and the bus's encryption context). AWS documents that
 *   events from AWS services stay under an AWS owned key on the bus where they were emitted; how a
 *   forwarded `aws.*` event is treated on a customer-managed-key bus is not stated (m8): a test in
 *   a real organization should confirm that they arrive, and the bus-level dead-letter queue keeps
 *   what fails to encrypt or decrypt (m7).
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-key-policy.html
 * - Its resource policy admits `events:PutEvents` and nothing else, from principals of this
 *   organization only (`aws:PrincipalOrgID`, f5, m1); standalone, from the account itself. The
 *   senders are each account's forwarding role (./event-forwarder-role.ts).
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
 */
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { accountRoot, CENTRAL_BUS_DLQ_NAME, CENTRAL_BUS_KEY_ALIAS, CENTRAL_BUS_NAME, centralBusArn, queueArn } from "../deployment/names";
import type { OrganizationModel } from "../manifest/model";
import { createEventDeadLetterQueue } from "./event-dead-letter-queue";
import { createKeyWithAlias } from "./key-with-alias";
import { keyAdministration, policyDocument, renderPolicy, type PolicyDocument } from "./policy-document";

type BusScope = Pick<OrganizationModel, "mode" | "organizationId" | "partition" | "homeRegion" | "security">;

export interface CentralBusProps {
  readonly organization: BusScope;
  /** The provider of the security account's home Region. */
  readonly provider: AwsProvider;
}

export class CentralBus extends Construct {
  readonly bus: CloudwatchEventBus;
  readonly key: KmsKey;
  readonly deadLetters: SqsQueue;
  /** Derived, so that other stacks name it without reading this one's state. */
  readonly arn: string;
  readonly name = CENTRAL_BUS_NAME;

  constructor(scope: Construct, id: string, props: CentralBusProps) {
    super(scope, id);
    const { organization, provider } = props;
    this.arn = centralBusArn(organization);
    this.key = createKeyWithAlias(this, {
      provider,
      description: "tripline: encrypts the central security-events bus",
      policy: centralBusKeyPolicy(organization),
      alias: CENTRAL_BUS_KEY_ALIAS,
      aliasId: "key-alias",
    }).key;
    this.deadLetters = createEventDeadLetterQueue(this, {
      provider,
      name: CENTRAL_BUS_DLQ_NAME,
      queueArn: queueArn({ partition: organization.partition, region: organization.homeRegion, accountId: organization.security.id }, CENTRAL_BUS_DLQ_NAME),
      sourceArns: [this.arn],
    });
    this.bus = new CloudwatchEventBus(this, "bus", {
      provider,
      name: CENTRAL_BUS_NAME,
      description: "tripline: security events from every account and Region",
      kmsKeyIdentifier: this.key.arn,
      deadLetterConfig: { arn: this.deadLetters.arn },
    });
    new CloudwatchEventBusPolicy(this, "bus-policy", { provider, eventBusName: this.bus.name, policy: renderPolicy(centralBusPolicy(organization)) });
  }
}

/** Who may put events on the bus: the organization's principals (standalone: the account's). */
export function centralBusPolicy(org: BusScope): PolicyDocument {
  const arn = centralBusArn(org);
  if (org.mode === "organization") {
    if (!org.organizationId) throw new Error("an organization without its id passed validation");
    return policyDocument({
      Sid: "OrganizationPutsEvents",
      Effect: "Allow",
      Principal: "*",
      Action: "events:PutEvents",
      Resource: arn,
      Condition: { StringEquals: { "aws:PrincipalOrgID": org.organizationId } },
    });
  }
  return policyDocument({
    Sid: "AccountPutsEvents",
    Effect: "Allow",
    Principal: { AWS: accountRoot(org.partition, org.security.id) },
    Action: "events:PutEvents",
    Resource: arn,
  });
}

/**
 * The bus key: administration by the security account; use by EventBridge for this bus only. The
 * encryption-context condition is AWS's for data keys; DescribeKey carries no encryption context,
 * so it is fenced by the bus's ARN and account alone.
 */
export function centralBusKeyPolicy(org: BusScope): PolicyDocument {
  const arn = centralBusArn(org);
  return policyDocument(
    keyAdministration(org.partition, org.security.id),
    {
      Sid: "EventBridgeEncryptsTheBus",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": org.security.id, "kms:EncryptionContext:aws:events:event-bus:arn": arn },
        ArnEquals: { "aws:SourceArn": arn },
      },
    },
    {
      Sid: "EventBridgeDescribesTheKey",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": org.security.id }, ArnEquals: { "aws:SourceArn": arn } },
    },
  );
}
