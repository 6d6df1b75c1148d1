/**
 * The instance role and profile `tripline-ssh-instance`, where the manifest sets
 * `ssh.instanceProfile: true` (otherwise the instances' own role needs the same, README "SSH log
 * shipping"): the two managed policies the agent and Systems Manager document for EC2, and the
 * one thing they lack, writing the bootstrap's output to tripline's bucket with the SSH log key.
 * IAM is global: one per account, whatever the SSH Regions.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/create-iam-roles-for-cloudwatch-agent.html
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html
 */
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { awsManagedPolicyArn, kmsKeysIn, SSH_INSTANCE_ROLE_NAME, SSH_LOG_GROUP_KEY_ALIAS, s3BucketArn, sshOutputBucketName } from "../deployment/names";
import type { Partition } from "../manifest/regions";
import { dnsSuffix, policyDocument, renderPolicy, type PolicyDocument } from "./policy-document";
import { SSH_OUTPUT_PREFIX } from "./ssh-log-shipping";

/** The AWS managed policies an SSH-shipping instance needs (docs/aws-facts.md g5). */
export const SSH_INSTANCE_MANAGED_POLICIES = ["CloudWatchAgentServerPolicy", "AmazonSSMManagedInstanceCore"] as const;

export interface SshInstanceProfileProps {
  readonly provider: AwsProvider;
  readonly partition: Partition;
  readonly accountId: string;
  /** The account's SSH Regions: one output bucket each. */
  readonly regions: readonly string[];
}

export class SshInstanceProfile extends Construct {
  readonly role: IamRole;
  readonly profile: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: SshInstanceProfileProps) {
    super(scope, id);
    const { provider, partition } = props;
    this.role = new IamRole(this, "role", {
      provider,
      name: SSH_INSTANCE_ROLE_NAME,
      description: "tripline: EC2 instances shipping their SSH auth log (CloudWatch agent, Systems Manager)",
      assumeRolePolicy: renderPolicy(
        policyDocument({ Sid: "Ec2AssumesInstanceRole", Effect: "Allow", Principal: { Service: `ec2.${dnsSuffix(partition)}` }, Action: "sts:AssumeRole" }),
      ),
    });
    for (const name of SSH_INSTANCE_MANAGED_POLICIES) {
      new IamRolePolicyAttachment(this, name, { provider, role: this.role.name, policyArn: awsManagedPolicyArn(partition, name) });
    }
    new IamRolePolicy(this, "bootstrap-output", { provider, role: this.role.id, name: "tripline-ssh-bootstrap-output", policy: renderPolicy(sshBootstrapOutputPolicy(props)) });
    this.profile = new IamInstanceProfile(this, "profile", { provider, name: SSH_INSTANCE_ROLE_NAME, role: this.role.name });
  }
}

/** What an instance role needs beyond the managed policies: writing the association's output. */
export function sshBootstrapOutputPolicy(at: Pick<SshInstanceProfileProps, "partition" | "accountId" | "regions">): PolicyDocument {
  return policyDocument(
    {
      Sid: "WriteBootstrapOutput",
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: at.regions.map((region) => `${s3BucketArn(at, sshOutputBucketName({ ...at, region }))}/${SSH_OUTPUT_PREFIX}*`),
    },
    {
      Sid: "EncryptBootstrapOutput",
      Effect: "Allow",
      Action: "kms:GenerateDataKey",
      Resource: at.regions.map((region) => kmsKeysIn({ ...at, region })),
      Condition: {
        StringEquals: { "kms:ViaService": at.regions.map((region) => `s3.${region}.${dnsSuffix(at.partition)}`) },
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": SSH_LOG_GROUP_KEY_ALIAS },
      },
    },
  );
}
