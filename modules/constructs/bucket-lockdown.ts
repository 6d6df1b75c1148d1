/**
 * What every tripline bucket gets: all four public-access blocks, and ACLs disabled so that the
 * bucket's account owns every object and access is granted by policy alone.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 */
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import type { Construct } from "constructs";

/** Returns the public-access block, which a bucket policy must wait for. */
export function lockDownBucket(scope: Construct, provider: AwsProvider, bucket: string): S3BucketPublicAccessBlock {
  const publicAccess = new S3BucketPublicAccessBlock(scope, "public-access", {
    provider,
    bucket,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, "ownership", { provider, bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
  return publicAccess;
}
