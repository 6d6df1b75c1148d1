/**
 * IAM policy documents as plain data. Every policy tripline deploys is built by a pure function
 * from the manifest and rendered with `renderPolicy`, so the JSON in the plan is the JSON the
 * tests audit, and it carries no Terraform references (each ARN is derived, see
 * manifest/names.ts).
 */
import { accountRoot } from "../deployment/names";
import type { Partition } from "../manifest/regions";

export type ConditionValues = string | string[];
export type Condition = Record<string, Record<string, ConditionValues>>;
export type Principal = "*" | { readonly AWS?: string | string[]; readonly Service?: string | string[] };

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Principal;
  readonly Action: string | string[];
  /** Absent only in a role's trust policy, where IAM forbids it. */
  readonly Resource?: string | string[];
  readonly Condition?: Condition;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export const policyDocument = (...statements: (PolicyStatement | undefined | false)[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements.filter((s): s is PolicyStatement => Boolean(s)),
});

export const renderPolicy = (document: PolicyDocument): string => JSON.stringify(document, null, 2);

/**
 * Key administration for the account that owns a key, spelled out instead of `kms:*`: the
 * account (and through IAM, its deployment role) manages the key but cannot use it to encrypt
 * or decrypt. `kms:PutKeyPolicy` keeps the key manageable, as KMS's lockout check requires.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];

export const keyAdministration = (partition: Partition, accountId: string): PolicyStatement => ({
  Sid: "KeyAdministrationByOwningAccount",
  Effect: "Allow",
  Principal: { AWS: accountRoot(partition, accountId) },
  Action: KEY_ADMINISTRATION_ACTIONS,
  Resource: "*",
});

/** Refuses every request to a bucket that does not come over TLS (Security Hub S3.5). */
export const denyInsecureTransport = (bucketArn: string): PolicyStatement => ({
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [bucketArn, `${bucketArn}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});

/** DNS suffix of Regional service principals and endpoints (`logs.<region>.amazonaws.com`). */
export const dnsSuffix = (partition: Partition): string => (partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com");

/** The account id in an IAM principal ARN (`*` when the ARN leaves it open). */
export const accountOfPrincipalArn = (arn: string): string => arn.split(":")[4] ?? "";
