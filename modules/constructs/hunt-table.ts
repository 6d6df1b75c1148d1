/**
 * The Glue database and CloudTrail table `tripline hunt --engine athena` reads: AWS's CloudTrail
 * columns (docs/aws-facts.md o2, o3; the same layout DuckDB builds locally, modules/hunt/table-layout.ts)
 * over the organization trail's archive, with partition projection on account, Region and delivery
 * day (o6, o7) instead of a crawler or ADD PARTITION: nothing to run when accounts or days are added.
 * https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html
 */
import { GlueCatalogDatabase } from "@cdktf/provider-aws/lib/glue-catalog-database";
import { GlueCatalogTable } from "@cdktf/provider-aws/lib/glue-catalog-table";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { HUNT_DATABASE_NAME, HUNT_TABLE_NAME, trailArchivePrefix, trailBucketName } from "../deployment/names";
import type { OrganizationModel } from "../manifest/model";
import { CLOUDTRAIL_COLUMNS, columnName, hiveType } from "../hunt/table-layout";

export interface HuntTableProps {
  readonly organization: OrganizationModel;
  readonly provider: AwsProvider;
}

/** The first day the projection offers; days before any file existed return no rows (o7). */
export const PROJECTION_START_DAY = "2020/01/01";

/**
 * Projection parameters. `storage.location.template` carries Athena's own `${…}` placeholders; the
 * stack-wide escape (modules/stacks/escape-templates.ts) writes them `$${…}`, so that Terraform
 * does not read them as interpolation (docs/aws-facts.md o11).
 */
export function huntTableParameters(org: OrganizationModel): Record<string, string> {
  const location = `s3://${trailBucketName(org)}/${trailArchivePrefix(org)}`;
  return {
    EXTERNAL: "TRUE",
    classification: "cloudtrail",
    "projection.enabled": "true",
    "projection.account.type": "enum",
    "projection.account.values": org.accounts.map((a) => a.id).join(","),
    "projection.region.type": "enum",
    "projection.region.values": [...new Set([org.homeRegion, ...org.regions, ...org.accounts.flatMap((a) => a.regions)])].join(","),
    "projection.timestamp.type": "date",
    "projection.timestamp.format": "yyyy/MM/dd",
    "projection.timestamp.range": `${PROJECTION_START_DAY},NOW`,
    "projection.timestamp.interval": "1",
    "projection.timestamp.interval.unit": "DAYS",
    "storage.location.template": `${location}\${account}/CloudTrail/\${region}/\${timestamp}`,
  };
}

export class HuntTable extends Construct {
  readonly database: GlueCatalogDatabase;
  readonly table: GlueCatalogTable;

  constructor(scope: Construct, id: string, props: HuntTableProps) {
    super(scope, id);
    const { organization, provider } = props;
    this.database = new GlueCatalogDatabase(this, "database", { provider, name: HUNT_DATABASE_NAME, description: "tripline hunt: the organization trail's archive" });
    this.table = new GlueCatalogTable(this, "table", {
      provider,
      databaseName: this.database.name,
      name: HUNT_TABLE_NAME,
      tableType: "EXTERNAL_TABLE",
      parameters: huntTableParameters(organization),
      partitionKeys: ["account", "region", "timestamp"].map((name) => ({ name, type: "string" })),
      storageDescriptor: {
        location: `s3://${trailBucketName(organization)}/${trailArchivePrefix(organization)}`,
        // AWS's CloudTrail SerDe and input format, which read the {"Records":[…]} files (o2).
        inputFormat: "com.amazon.emr.cloudtrail.CloudTrailInputFormat",
        outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        serDeInfo: { serializationLibrary: "org.apache.hive.hcatalog.data.JsonSerDe" },
        columns: CLOUDTRAIL_COLUMNS.map((c) => ({ name: columnName(c.name), type: hiveType(c.type) })),
      },
    });
  }
}
