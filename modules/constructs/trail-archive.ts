/**
 * Where the trail's log files are kept, in the log-archive account and the trail's home
 * Region: the trail key, the trail bucket and its access-log bucket (docs/trail-layout.md).
 */
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { OrganizationModel } from "../manifest/model";
import { AccessLogBucket } from "./access-log-bucket";
import { TrailBucket } from "./trail-bucket";
import { TrailKey } from "./trail-key";

export interface TrailArchiveProps {
  readonly organization: OrganizationModel;
  /** The home Region's provider: the key must be in the bucket's Region (docs/aws-facts.md a9). */
  readonly provider: AwsProvider;
}

export class TrailArchive extends Construct {
  readonly key: TrailKey;
  readonly accessLogs: AccessLogBucket;
  readonly bucket: TrailBucket;

  constructor(scope: Construct, id: string, props: TrailArchiveProps) {
    super(scope, id);
    const { organization, provider } = props;
    this.key = new TrailKey(this, "key", { organization, provider });
    this.accessLogs = new AccessLogBucket(this, "access-logs", { organization, provider });
    this.bucket = new TrailBucket(this, "bucket", { organization, provider, keyArn: this.key.key.arn, accessLogBucket: this.accessLogs });
  }

  /** What CreateTrail checks: the bucket policy and the key (for a trail in the same stack). */
  get readyForDelivery(): ITerraformDependable[] {
    return [...this.bucket.readyForDelivery, this.key.key, this.key.alias];
  }
}
