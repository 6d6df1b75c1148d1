import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Security Hub CloudWatch.8 ("Ensure a log metric filter and alarm exist for S3 bucket policy
 * changes"; CIS AWS Foundations Benchmark v1.2.0/3.8, v1.4.0/4.8). Pattern byte for byte from
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-8.
 */
export const s3BucketPolicyChanges = {
  id: "s3-bucket-policy-changes",
  title: "An S3 bucket's policy, ACL, CORS, lifecycle or replication changed",
  why: "One bucket-policy edit can publish or replicate a bucket's data to someone else's account.",
  runbook: "Read the new policy or ACL in requestParameters; if it grants access outside the organization or adds an unknown replication target, revert it and check the bucket's access logs.",
  severity: "medium",
  controls: ["CloudWatch.8", "CIS-4.8"],
  mitre: "T1530",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-8",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html",
  ],
  falsePositives: [
    "Infrastructure as code creating or updating buckets, and AWS services that set a bucket's policy or lifecycle when an administrator enables them (log delivery, replication set-up).",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern:
    "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
  alarm: CIS_ALARM,
  examples: {
    match: [
      apiCall({ eventSource: "s3.amazonaws.com", eventName: "PutBucketPolicy", requestParameters: { bucketName: "example-data", policy: "" } }),
      apiCall({ eventSource: "s3.amazonaws.com", eventName: "PutBucketReplication", requestParameters: { bucketName: "example-data" } }),
    ],
    miss: [
      // Not in CIS's list, though it can expose a bucket just as well.
      apiCall({ eventSource: "s3.amazonaws.com", eventName: "DeleteBucketPublicAccessBlock" }),
      apiCall({ eventSource: "s3.amazonaws.com", eventName: "PutBucketTagging" }),
    ],
  },
} as const satisfies MetricFilterDetection;
