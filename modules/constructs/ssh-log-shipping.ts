/**
 * EC2 SSH log shipping in one account and Region, through Systems Manager (docs/aws-facts.md g, h):
 * - the CloudWatch agent configuration as the SSM parameter `AmazonCloudWatch-tripline-ssh`,
 *   which `CloudWatchAgentServerPolicy` already lets instances read (g5);
 * - the SSM Command document `tripline-ssh-log-shipping`: `ssh-bootstrap.sh` beside this file,
 *   read at synth time, as its one `aws:runShellScript` step;
 * - the State Manager association running it on the instances carrying the manifest's tag, on the
 *   manifest's schedule, its output in a bucket of this account and Region (State Manager writes
 *   association output to S3 only: CreateAssociation `OutputLocation`);
 * - that bucket: private, TLS only, encrypted with the SSH log key, output kept 90 days.
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/state-manager-about.html
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { SsmAssociation } from "@cdktf/provider-aws/lib/ssm-association";
import { SsmDocument } from "@cdktf/provider-aws/lib/ssm-document";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Construct } from "constructs";
import { SSH_AGENT_PARAMETER_NAME, SSH_ASSOCIATION_NAME, SSH_DOCUMENT_NAME, s3BucketArn, sshOutputBucketName } from "../deployment/names";
import { sshAgentConfig } from "../deployment/ssh-agent-config";
import type { SshModel } from "../manifest/model";
import { lockDownBucket } from "./bucket-lockdown";
import { denyInsecureTransport, policyDocument, renderPolicy } from "./policy-document";
import type { SshPlace } from "./ssh-log-group";
import { terraformLiteral } from "./terraform-literal";

/** The bootstrap script, a real file so that tests run it under bash (`__tests__/constructs/ssh-bootstrap.test.ts`). */
export const SSH_BOOTSTRAP_PATH = join(__dirname, "ssh-bootstrap.sh");
/** Days the bootstrap's output is kept in the bucket. */
export const SSH_OUTPUT_DAYS = 90;
/** Where in the bucket State Manager writes each run's output. */
export const SSH_OUTPUT_PREFIX = "ssh-log-shipping/";

export interface SshLogShippingProps extends SshPlace {
  readonly provider: AwsProvider;
  readonly ssh: SshModel;
  /** The SSH log key, for the output bucket. */
  readonly keyArn: string;
}

export class SshLogShipping extends Construct {
  readonly parameter: SsmParameter;
  readonly document: SsmDocument;
  readonly association: SsmAssociation;
  readonly outputBucket: S3Bucket;

  constructor(scope: Construct, id: string, props: SshLogShippingProps) {
    super(scope, id);
    const { provider, ssh } = props;
    this.parameter = new SsmParameter(this, "agent-config", {
      provider,
      name: SSH_AGENT_PARAMETER_NAME,
      description: "tripline: CloudWatch agent configuration shipping the SSH auth log",
      type: "String",
      tier: "Standard",
      value: terraformLiteral(JSON.stringify(sshAgentConfig())),
    });
    this.document = new SsmDocument(this, "document", {
      provider,
      name: SSH_DOCUMENT_NAME,
      documentType: "Command",
      documentFormat: "JSON",
      targetType: "/AWS::EC2::Instance",
      content: terraformLiteral(JSON.stringify(sshDocumentContent(readFileSync(SSH_BOOTSTRAP_PATH, "utf8")), null, 2)),
    });

    const bucketName = sshOutputBucketName(props);
    this.outputBucket = new S3Bucket(this, "output-bucket", { provider, bucket: bucketName });
    const bucket = this.outputBucket.id;
    const publicAccess = lockDownBucket(this, provider, bucket);
    new S3BucketServerSideEncryptionConfigurationA(this, "output-encryption", {
      provider,
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.keyArn } }],
    });
    new S3BucketLifecycleConfiguration(this, "output-lifecycle", {
      provider,
      bucket,
      rule: [{ id: "expire-bootstrap-output", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days: SSH_OUTPUT_DAYS }] }],
    });
    new S3BucketPolicy(this, "output-policy", {
      provider,
      bucket,
      policy: renderPolicy(policyDocument(denyInsecureTransport(s3BucketArn(props, bucketName)))),
      dependsOn: [publicAccess],
    });

    this.association = new SsmAssociation(this, "association", {
      provider,
      name: SSH_DOCUMENT_NAME,
      associationName: SSH_ASSOCIATION_NAME,
      targets: [{ key: terraformLiteral(`tag:${ssh.instanceTag.key}`), values: [terraformLiteral(ssh.instanceTag.value)] }],
      scheduleExpression: ssh.schedule,
      complianceSeverity: "MEDIUM",
      maxConcurrency: "10%",
      maxErrors: "10%",
      outputLocation: { s3BucketName: bucketName, s3KeyPrefix: SSH_OUTPUT_PREFIX, s3Region: props.region },
      dependsOn: [this.document, this.parameter, this.outputBucket],
    });
  }
}

/** Ends the here-document that carries the script; no line of the script may be this. */
export const SCRIPT_DELIMITER = "TRIPLINE_SSH_BOOTSTRAP";

/**
 * The Command document: schema 2.2, one Linux step. SSM writes `runCommand` to a file and runs
 * it with a shell that may be plain `sh` (dash on Debian and Ubuntu), shebang or not, so the step
 * only writes the bash script out through a quoted here-document (nothing in it is expanded) and
 * runs it with bash; the tests run the step under `sh`. https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-command-ssm-plugin-reference.html#aws-runShellScript
 */
export function sshDocumentContent(script: string) {
  const lines = script.replace(/\n$/, "").split("\n");
  if (lines.includes(SCRIPT_DELIMITER)) throw new Error(`the bootstrap script contains the line ${SCRIPT_DELIMITER}, which ends its here-document`);
  const runCommand = [
    "set -e",
    'script="$(mktemp)"',
    'trap \'rm -f "$script"\' EXIT',
    `cat >"$script" <<'${SCRIPT_DELIMITER}'`,
    ...lines,
    SCRIPT_DELIMITER,
    'bash "$script"',
  ];
  return {
    schemaVersion: "2.2",
    description: "tripline: install and configure the CloudWatch agent to ship the SSH auth log (idempotent)",
    mainSteps: [
      {
        action: "aws:runShellScript",
        name: "shipSshLog",
        precondition: { StringEquals: ["platformType", "Linux"] },
        inputs: { timeoutSeconds: "900", runCommand },
      },
    ],
  };
}
