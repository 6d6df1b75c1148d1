/**
 * `tripline-hunter`: the role an investigator assumes to run `tripline hunt --engine athena`.
 * It may run queries in the hunt workgroup only, read the table's Glue metadata, read the trail
 * archive's `AWSLogs/` files and decrypt them through S3 with the trail key (the bucket and key
 * policies grant it as a log reader, log-readers.ts), and read and write the workgroup's results.
 * Assumable by principals of its own account that IAM allows to (the account decides who hunts).
 * https://docs.aws.amazon.com/athena/latest/ug/workgroups-iam-policy.html
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import {
  accountRoot,
  arnIn,
  HUNT_DATABASE_NAME,
  HUNT_TABLE_NAME,
  HUNTER_ROLE_NAME,
  huntResultsBucketName,
  huntWorkgroupArn,
  s3BucketArn,
  trailArchivePrefix,
  trailBucketName,
} from "../deployment/names";
import type { OrganizationModel } from "../manifest/model";
import { dnsSuffix, policyDocument, renderPolicy, type PolicyDocument } from "./policy-document";

type HuntOrganization = OrganizationModel & { readonly hunt: NonNullable<OrganizationModel["hunt"]> };

export interface HunterRoleProps {
  readonly organization: HuntOrganization;
  readonly provider: AwsProvider;
  /** The results key (same stack). */
  readonly resultsKeyArn: string;
}

export class HunterRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: HunterRoleProps) {
    super(scope, id);
    const { organization, provider, resultsKeyArn } = props;
    this.role = new IamRole(this, "role", {
      provider,
      name: HUNTER_ROLE_NAME,
      description: "tripline hunt: Athena queries over the organization trail's archive",
      maxSessionDuration: 3600,
      assumeRolePolicy: renderPolicy(
        policyDocument({
          Sid: "OwnAccountAssumes",
          Effect: "Allow",
          Principal: { AWS: accountRoot(organization.partition, organization.hunt.holder.id) },
          Action: "sts:AssumeRole",
        }),
      ),
    });
    new IamRolePolicy(this, "policy", { provider, role: this.role.id, name: "hunt", policy: renderPolicy(hunterPolicy(organization, resultsKeyArn)) });
  }
}

/** What the hunter may do, and nothing else. */
export function hunterPolicy(org: HuntOrganization, resultsKeyArn: string): PolicyDocument {
  const { partition, homeRegion } = org;
  const account = org.hunt.holder.id;
  const glue = (what: string) => arnIn({ partition, region: homeRegion, accountId: account }, "glue", what);
  const archive = s3BucketArn(org, trailBucketName(org));
  const results = s3BucketArn(org, huntResultsBucketName(org));
  return policyDocument(
    {
      Sid: "QueriesInHuntWorkgroupOnly",
      Effect: "Allow",
      Action: ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution", "athena:GetWorkGroup"],
      Resource: huntWorkgroupArn(org),
    },
    {
      Sid: "ReadHuntTableMetadata",
      Effect: "Allow",
      Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
      Resource: [glue("catalog"), glue(`database/${HUNT_DATABASE_NAME}`), glue(`table/${HUNT_DATABASE_NAME}/${HUNT_TABLE_NAME}`)],
    },
    {
      Sid: "ListTrailArchive",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:ListBucket"],
      Resource: archive,
    },
    { Sid: "ReadTrailArchive", Effect: "Allow", Action: "s3:GetObject", Resource: `${archive}/${trailArchivePrefix(org)}*` },
    {
      // The trail key's id is random and lives in another stack: the log-archive account's keys, only through S3.
      Sid: "DecryptTrailArchiveThroughS3",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: `arn:${partition}:kms:${homeRegion}:${org.logArchive.id}:key/*`,
      Condition: { StringEquals: { "kms:ViaService": `s3.${homeRegion}.${dnsSuffix(partition)}` } },
    },
    {
      Sid: "ReadWriteResults",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      Resource: [results, `${results}/*`],
    },
    { Sid: "UseResultsKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: resultsKeyArn },
  );
}
