/**
 * How long the trail's log files live, from the manifest's `trail.archive`: current versions
 * move to S3 Glacier Flexible Retrieval, then expire; a version that was overwritten or deleted
 * stays recoverable for a while, then goes; unfinished uploads are cleaned up.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html
 */
import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import type { OrganizationModel } from "../manifest/model";

/** Days a deleted or overwritten log file stays recoverable: time to notice and restore. */
export const NONCURRENT_VERSION_DAYS = 90;
export const ABORT_MULTIPART_UPLOAD_DAYS = 7;

type Archive = OrganizationModel["trail"]["archive"];

/**
 * Lifecycle rules of the versioned trail bucket. Expiring a current version only adds a delete
 * marker; the noncurrent rule removes the data later, and the last rule removes markers left
 * with no version behind them. (An Expiration holds either `days` or
 * `expired_object_delete_marker`, never both, hence two rules.) With Object Lock, S3 does not
 * remove a locked version before its retention ends, whatever these rules say.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-lifecycle
 */
export function trailBucketLifecycleRules(archive: Archive): S3BucketLifecycleConfigurationRule[] {
  return [
    {
      id: "archive-then-expire",
      status: "Enabled",
      filter: [{}],
      transition: [{ days: archive.transitionToGlacierDays, storageClass: "GLACIER" }],
      expiration: [{ days: archive.expireDays }],
      noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_UPLOAD_DAYS }],
    },
    {
      id: "remove-expired-delete-markers",
      status: "Enabled",
      filter: [{}],
      expiration: [{ expiredObjectDeleteMarker: true }],
    },
  ];
}
