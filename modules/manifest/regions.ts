/**
 * AWS Regions tripline can deploy to, by partition. A typo such as `us-east1` must fail in
 * `validate`, not at `terraform apply`; a new Region is one line here.
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */
const REGIONS_BY_PARTITION = {
  aws: [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
    "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
    "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2",
    "us-west-1", "us-west-2",
  ],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
} as const;

export type Partition = keyof typeof REGIONS_BY_PARTITION;

export const AWS_REGIONS: readonly string[] = Object.values(REGIONS_BY_PARTITION).flat();

const PARTITION_OF = new Map<string, Partition>(
  (Object.entries(REGIONS_BY_PARTITION) as [Partition, readonly string[]][]).flatMap(([partition, regions]) =>
    regions.map((region) => [region, partition] as const),
  ),
);

export const isAwsRegion = (value: string): boolean => PARTITION_OF.has(value);

/** The ARN partition of a Region (`aws`, `aws-us-gov`, `aws-cn`). */
export const partitionOf = (region: string): Partition => PARTITION_OF.get(region) ?? "aws";
