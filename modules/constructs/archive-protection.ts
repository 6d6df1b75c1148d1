/**
 * What keeps the trail archive's contents: bucket-policy denies that hold against every
 * principal, administrators of the log-archive account included, except the ones named here.
 *
 * - Deleting a log file or one of its versions (and lifting or shortening an Object Lock
 *   retention): denied to everyone but the manifest's break-glass role (`trail.breakGlassRoleArn`).
 *   Terraform never deletes objects; S3's lifecycle expiry is not a request and is not subject
 *   to the policy.
 * - Weakening the bucket (its policy, lifecycle, versioning, Object Lock, encryption, logging,
 *   public-access block, ownership, or deleting it): denied to everyone but the break-glass role
 *   and the role Terraform deploys the log-archive account with (its `assumeRole`), so that a
 *   reviewed manifest change can still be applied. Trade-off: whoever controls that deploy role
 *   can change the protections, through Terraform and its review. Without a known deploy role
 *   (a standalone account deployed with the caller's own credentials) this deny is left out, as
 *   it would lock Terraform out of its own bucket; README, Security.
 * The account's root user can always change or delete a bucket policy, whatever it denies: the
 * last resort if both roles are lost.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html (root user and bucket policies)
 */
import type { OrganizationModel } from "../manifest/model";
import type { PolicyStatement } from "./policy-document";

type Org = Pick<OrganizationModel, "trail" | "logArchive">;

export const OBJECT_REMOVAL_ACTIONS = [
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:BypassGovernanceRetention",
  "s3:PutObjectRetention",
  "s3:PutObjectLegalHold",
];

export const BUCKET_WEAKENING_ACTIONS = [
  "s3:DeleteBucket",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketObjectLockConfiguration",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketPolicy",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketVersioning",
  "s3:PutEncryptionConfiguration",
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketLogging",
];

/** The principals the archive's denies exempt: the break-glass role, and for configuration also the deploy role. */
export function archiveExemptions(org: Org): { readonly removal: readonly string[]; readonly configuration?: readonly string[] } {
  const breakGlass = org.trail.breakGlassRoleArn ? [org.trail.breakGlassRoleArn] : [];
  const deployer = org.logArchive.assumeRoleArn;
  return { removal: breakGlass, configuration: deployer ? [...new Set([deployer, ...breakGlass])] : undefined };
}

export function archiveProtectionStatements(org: Org, bucketArn: string): PolicyStatement[] {
  const { removal, configuration } = archiveExemptions(org);
  const except = (arns: readonly string[]) => (arns.length > 0 ? { Condition: { ArnNotEquals: { "aws:PrincipalArn": [...arns] } } } : {});
  const statements: PolicyStatement[] = [
    {
      Sid: "DenyRemovingArchivedLogs",
      Effect: "Deny",
      Principal: "*",
      Action: OBJECT_REMOVAL_ACTIONS,
      Resource: `${bucketArn}/*`,
      ...except(removal),
    },
  ];
  if (configuration) {
    statements.push({
      Sid: "DenyWeakeningTheArchive",
      Effect: "Deny",
      Principal: "*",
      Action: BUCKET_WEAKENING_ACTIONS,
      Resource: bucketArn,
      ...except(configuration),
    });
  }
  return statements;
}
