/**
 * The Athena side of `tripline hunt`, asserted on the synthesized JSON: the Glue table and its
 * projection, the workgroup, the results bucket and key, the hunter role, and the trail bucket's and
 * key's log-reader grants that let the role read the archive.
 */
import { GlueCatalogTable } from "@cdktf/provider-aws/lib/glue-catalog-table";
import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { organizationFrom } from "../support/synth";
import { CLOUDTRAIL_COLUMNS } from "../../modules/hunt/table-layout";
import { LOG_ARCHIVE_ID, ORG_ID, SECURITY_ID, onlyResource, resourceNamed, resourcesOf, statementsOf, synthOrganization } from "./trail-manifests";

interface GlueTableJson {
  name: string;
  table_type: string;
  partition_keys: { name: string; type: string }[];
  parameters: Record<string, string>;
  storage_descriptor: { location: string; input_format: string; ser_de_info: { serialization_library: string }; columns: { name: string; type: string }[] };
}
interface EncryptionJson {
  rule: { apply_server_side_encryption_by_default: unknown }[];
}
interface LifecycleJson {
  rule: { expiration: unknown }[];
}
interface PolicyHolderJson {
  name?: string;
  policy: string;
  assume_role_policy: string;
  enable_key_rotation?: boolean;
}

const RESULTS_KEY_ARN = /^\$\{aws_kms_key\.hunt_workgroup_key_[0-9A-F]+\.arn\}$/;
const HUNTER = `arn:aws:iam::${SECURITY_ID}:role/tripline-hunter`;
const withHunt = (hunt: string[]) =>
  organizationFrom({ "organization.yaml": [`organizationId: ${ORG_ID}`, "homeRegion: us-east-1", "regions: [us-east-1, eu-west-1]", "hunt:", ...hunt, ""].join("\n") });

describe("tripline hunt on Athena (security account)", () => {
  const stacks = synthOrganization(withHunt(["  bytesScannedCutoffPerQuery: 5000000000"]));
  const security = stacks.security;

  test("a Glue table with AWS's CloudTrail columns, SerDe and input format over the organization's prefix", () => {
    const table = onlyResource(stacks, "security", "aws_glue_catalog_table") as unknown as GlueTableJson;
    expect(table.name).toBe("cloudtrail");
    expect(table.table_type).toBe("EXTERNAL_TABLE");
    expect(table.partition_keys).toEqual([
      { name: "account", type: "string" },
      { name: "region", type: "string" },
      { name: "timestamp", type: "string" },
    ]);
    const sd = table.storage_descriptor;
    expect(sd.location).toBe(`s3://tripline-trail-${LOG_ARCHIVE_ID}-us-east-1/AWSLogs/${ORG_ID}/`);
    expect(sd.input_format).toBe("com.amazon.emr.cloudtrail.CloudTrailInputFormat");
    expect(sd.ser_de_info.serialization_library).toBe("org.apache.hive.hcatalog.data.JsonSerDe");
    expect(sd.columns.map((c) => c.name)).toEqual(CLOUDTRAIL_COLUMNS.map((c) => c.name.toLowerCase()));
    expect(sd.columns.find((c) => c.name === "useridentity")?.type).toMatch(/^struct<type:string,principalid:string,arn:string/);
    expect(sd.columns.find((c) => c.name === "requestparameters")?.type).toBe("string");
  });

  test("partition projection on account, Region and day, no crawler, the template escaped for Terraform", () => {
    const p = (onlyResource(stacks, "security", "aws_glue_catalog_table") as unknown as GlueTableJson).parameters;
    expect(p["projection.enabled"]).toBe("true");
    expect(p["projection.account.type"]).toBe("enum");
    expect(p["projection.account.values"].split(",")).toContain(LOG_ARCHIVE_ID);
    expect(p["projection.region.values"].split(",")).toEqual(expect.arrayContaining(["us-east-1", "eu-west-1"]));
    expect(p["projection.timestamp.format"]).toBe("yyyy/MM/dd");
    expect(p["projection.timestamp.range"]).toBe("2020/01/01,NOW");
    // $${…} in the JSON: Terraform reads it as the literal ${…} Athena expects (docs/aws-facts.md o11).
    expect(p["storage.location.template"]).toBe(`s3://tripline-trail-${LOG_ARCHIVE_ID}-us-east-1/AWSLogs/${ORG_ID}/$\${account}/CloudTrail/$\${region}/$\${timestamp}`);
    expect(Object.keys(security.tf.resource ?? {})).not.toContain("aws_glue_crawler");
  });

  test("the workgroup enforces its configuration: engine 3, SSE-KMS results in its bucket, the manifest's scan limit", () => {
    expect(security.json).toHaveResource(AthenaWorkgroup);
    expect(onlyResource(stacks, "security", "aws_athena_workgroup")).toMatchObject({
      name: "tripline-hunt",
      configuration: {
        enforce_workgroup_configuration: true,
        bytes_scanned_cutoff_per_query: 5000000000,
        engine_version: { selected_engine_version: "Athena engine version 3" },
        result_configuration: {
          output_location: `s3://tripline-hunt-results-${SECURITY_ID}-us-east-1/results/`,
          expected_bucket_owner: SECURITY_ID,
          encryption_configuration: { encryption_option: "SSE_KMS", kms_key_arn: expect.stringMatching(RESULTS_KEY_ARN) },
        },
      },
    });
  });

  test("the results bucket: customer managed key, expiring results, TLS only, public access blocked", () => {
    const encryption = resourceNamed(stacks, "security", "aws_s3_bucket_server_side_encryption_configuration", "hunt") as unknown as EncryptionJson;
    expect(encryption.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: expect.stringMatching(RESULTS_KEY_ARN) });
    const lifecycle = resourceNamed(stacks, "security", "aws_s3_bucket_lifecycle_configuration", "hunt") as unknown as LifecycleJson;
    expect(lifecycle.rule[0].expiration).toEqual([{ days: 30 }]);
    const policy = statementsOf((resourceNamed(stacks, "security", "aws_s3_bucket_policy", "hunt")).policy);
    expect(policy.DenyInsecureTransport.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
    expect(security.json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const key = resourceNamed(stacks, "security", "aws_kms_key", "hunt") as unknown as PolicyHolderJson;
    expect(key.enable_key_rotation).toBe(true);
    expect(statementsOf(key.policy).HunterUsesKeyThroughS3.Condition).toEqual({
      ArnEquals: { "aws:PrincipalArn": HUNTER },
      StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "aws:PrincipalAccount": SECURITY_ID },
    });
  });

  test("the hunter role: queries in its workgroup only, the table's metadata, the archive prefix, results", () => {
    const role = resourcesOf(stacks, "security", "aws_iam_role");
    const hunter = Object.values(role).find((r) => r.name === "tripline-hunter") as unknown as PolicyHolderJson;
    expect(statementsOf(hunter.assume_role_policy).OwnAccountAssumes.Principal).toEqual({ AWS: `arn:aws:iam::${SECURITY_ID}:root` });
    const policy = Object.values(resourcesOf(stacks, "security", "aws_iam_role_policy")).find((p) => p.name === "hunt") as unknown as PolicyHolderJson;
    const s = statementsOf(policy.policy);
    expect(s.QueriesInHuntWorkgroupOnly.Resource).toBe(`arn:aws:athena:us-east-1:${SECURITY_ID}:workgroup/tripline-hunt`);
    expect(s.ReadTrailArchive.Resource).toBe(`arn:aws:s3:::tripline-trail-${LOG_ARCHIVE_ID}-us-east-1/AWSLogs/${ORG_ID}/*`);
    expect(s.DecryptTrailArchiveThroughS3.Condition).toEqual({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
    expect(Object.keys(s).sort()).toEqual(["DecryptTrailArchiveThroughS3", "ListTrailArchive", "QueriesInHuntWorkgroupOnly", "ReadHuntTableMetadata", "ReadTrailArchive", "ReadWriteResults", "UseResultsKey"]);
  });

  test("the trail bucket and key grant the hunter as a log reader (log-archive account)", () => {
    const bucket = statementsOf(resourceNamed(stacks, "log-archive", "aws_s3_bucket_policy", "bucket_policy").policy);
    expect(bucket.LogReadersReadLogFiles.Condition?.ArnLike).toEqual({ "aws:PrincipalArn": [HUNTER] });
    const key = statementsOf(resourceNamed(stacks, "log-archive", "aws_kms_key", "trail").policy);
    expect(key.LogReadersDecryptTrailLogs.Condition?.ArnLike).toEqual({ "aws:PrincipalArn": [HUNTER] });
  });

  test("nothing of it without `hunt` in the manifest; another account when the manifest names one", () => {
    const plain = synthOrganization(organizationFrom());
    expect(Object.values(plain).some((s) => s.json.includes("aws_athena_workgroup"))).toBe(false);
    const elsewhere = synthOrganization(withHunt(["  account: log-archive"]));
    expect(elsewhere["log-archive"].json).toHaveResource(GlueCatalogTable);
    expect(elsewhere.security.json.includes("aws_athena_workgroup")).toBe(false);
  });
});

test("a hunt account that does not exist is a problem naming the field", () => {
  expect(() => withHunt(["  account: nosuch"])).toThrow(/hunt.*account.*no account is named \\"nosuch\\"/);
});
