/**
 * How long the trail's log files and the access logs live, from the manifest's `trail.archive`:
 * current versions of 128 KB or more move to S3 Glacier Flexible Retrieval, then everything
 * expires; a version that was overwritten or deleted stays recoverable as long, then goes;
 * unfinished uploads are cleaned up.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html
 */
import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import type { OrganizationModel } from "../manifest/model";

export const ABORT_MULTIPART_UPLOAD_DAYS = 7;

/**
 * Objects under 128 KB stay in S3 Standard until they expire; larger ones move to Glacier. That
 * is S3's default since September 2024, written out so the plan shows it and a change of default
 * cannot move the archive. Most CloudTrail log files (gzip, one per account, Region and about
 * 5 minutes), the hourly digest files and the server access logs are smaller. For them Glacier
 * does not pay: each archived object adds 40 KB of metadata (32 KB at Glacier's rate, 8 KB at
 * Standard's) and a billed transition request, so a file under about 16 KB costs more in Glacier
 * than in Standard every month, and one under about 35 KB does not earn its transition fee back
 * within the default seven years (us-east-1 list prices, to be checked: $0.023 and $0.0036 per
 * GB-month, $0.03 per 1,000 transitions). Between that and 128 KB the saving is under a cent per
 * file over the years, and a file in Standard stays readable without a restore.
 * `varies_by_storage_class` would move them all.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
 */
export const TRANSITION_MINIMUM_OBJECT_SIZE = "all_storage_classes_128K";

type Archive = OrganizationModel["trail"]["archive"];

/**
 * The rule both log buckets share: to Glacier after `transitionToGlacierDays` (objects of 128 KB
 * or more, above), expired after `expireDays`, unfinished uploads removed.
 */
export function archiveThenExpireRule(archive: Archive): S3BucketLifecycleConfigurationRule {
  return {
    id: "archive-then-expire",
    status: "Enabled",
    filter: [{}],
    transition: [{ days: archive.transitionToGlacierDays, storageClass: "GLACIER" }],
    expiration: [{ days: archive.expireDays }],
    abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_UPLOAD_DAYS }],
  };
}

/**
 * Lifecycle rules of a versioned log bucket (the trail bucket and its access-log bucket).
 * Expiring a current version only adds a delete marker; the noncurrent rule removes the data
 * later, and the last rule removes markers left with no version behind them. A version that
 * was overwritten or deleted is kept as long as a current one (`expireDays` after it became
 * noncurrent): a deletion, by mistake or by an intruder, never shortens how long evidence
 * lives. (An Expiration holds either `days` or
 * `expired_object_delete_marker`, never both, hence two rules.) With Object Lock, S3 does not
 * remove a locked version before its retention ends, whatever these rules say.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-lifecycle
 */
export function trailBucketLifecycleRules(archive: Archive): S3BucketLifecycleConfigurationRule[] {
  return [
    { ...archiveThenExpireRule(archive), noncurrentVersionExpiration: [{ noncurrentDays: archive.expireDays }] },
    {
      id: "remove-expired-delete-markers",
      status: "Enabled",
      filter: [{}],
      expiration: [{ expiredObjectDeleteMarker: true }],
    },
  ];
}
