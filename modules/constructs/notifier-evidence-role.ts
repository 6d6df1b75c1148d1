/**
 * The role the notifier assumes, in the trail owner's account, to read the events behind an
 * alarm: FilterLogEvents on the trail's log group and nothing else (docs/aws-facts.md n1, n6). Reads
 * of a KMS-encrypted log group need no key permission of the caller: CloudWatch Logs decrypts
 * with its own grant on the key.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 *
 * The trust names the security account and, by condition, the notifier's role: a trust policy
 * naming a role as principal is rejected while that role does not exist, and the security stack
 * may deploy after this one.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { accountRoot, NOTIFIER_EVIDENCE_ROLE_NAME } from "../deployment/names";
import type { Partition } from "../manifest/regions";
import { accountOfPrincipalArn, policyDocument, renderPolicy, type PolicyDocument } from "./policy-document";

export interface NotifierEvidenceRoleProps {
  readonly provider: AwsProvider;
  readonly partition: Partition;
  /** The trail's log group ARN, without `:*`. */
  readonly logGroupArn: string;
  /** The notifier's role, in the security account. */
  readonly notifierRoleArn: string;
}

export class NotifierEvidenceRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: NotifierEvidenceRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      provider: props.provider,
      name: NOTIFIER_EVIDENCE_ROLE_NAME,
      description: "tripline: the notifier reads the trail's log group for the events behind an alarm",
      maxSessionDuration: 3600,
      assumeRolePolicy: renderPolicy(evidenceTrustPolicy(props)),
    });
    new IamRolePolicy(this, "policy", { provider: props.provider, name: NOTIFIER_EVIDENCE_ROLE_NAME, role: this.role.name, policy: renderPolicy(evidenceRolePolicy(props)) });
  }
}

export function evidenceTrustPolicy(props: Pick<NotifierEvidenceRoleProps, "partition" | "notifierRoleArn">): PolicyDocument {
  return policyDocument({
    Sid: "NotifierAssumes",
    Effect: "Allow",
    Principal: { AWS: accountRoot(props.partition, accountOfPrincipalArn(props.notifierRoleArn)) },
    Action: "sts:AssumeRole",
    Condition: { ArnEquals: { "aws:PrincipalArn": props.notifierRoleArn } },
  });
}

export function evidenceRolePolicy(props: Pick<NotifierEvidenceRoleProps, "logGroupArn">): PolicyDocument {
  return policyDocument({ Sid: "FilterTrailLogGroup", Effect: "Allow", Action: "logs:FilterLogEvents", Resource: [props.logGroupArn, `${props.logGroupArn}:*`] });
}
