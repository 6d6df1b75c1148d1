import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { deliveryRolePolicy } from "../../modules/constructs/org-trail";
import {
  LOG_ARCHIVE_ID,
  MANAGEMENT_ID,
  ORG_ID,
  SECURITY_ID,
  STANDALONE_ID,
  delegatedOrganization,
  fullOrganization,
  onlyResource,
  resourcesOf,
  plainOrganization,
  standaloneAccount,
  statementsOf,
  synthOrganization,
} from "./trail-manifests";

describe("the organization trail (management account owns it)", () => {
  const stacks = synthOrganization(plainOrganization());
  const management = stacks.management.json;
  const trail = onlyResource(stacks, "management", "aws_cloudtrail");

  test("records every account, every Region and global service events, with log file validation", () => {
    expect(management).toHaveResourceWithProperties(Cloudtrail, {
      name: "tripline-trail",
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
    });
  });

  test("delivers to the log-archive bucket, encrypted with the trail key found by its alias ARN", () => {
    expect(trail.s3_bucket_name).toBe(`tripline-trail-${LOG_ARCHIVE_ID}-us-east-1`);
    expect(management).toHaveDataSourceWithProperties(DataAwsKmsKey, {
      key_id: `arn:aws:kms:us-east-1:${LOG_ARCHIVE_ID}:alias/tripline-trail`,
      provider: "aws.us-east-1",
    });
    expect(trail.kms_key_id).toMatch(/^\$\{data\.aws_kms_key\.[\w-]+\.arn\}$/);
  });

  test("gives CloudTrail a key ARN, never the alias ARN, so plans stay clean", () => {
    expect(String(trail.kms_key_id)).not.toContain("alias/");
  });

  test("lives in the home Region", () => {
    expect(trail.provider).toBe("aws.us-east-1");
  });

  test("delivers to its CloudWatch Logs group through the delivery role, after the role may write", () => {
    expect(trail.cloud_watch_logs_group_arn).toMatch(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.arn\}:\*$/);
    expect(trail.cloud_watch_logs_role_arn).toMatch(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/);
    expect(trail.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\./)]);
  });

  test("records management events, read and write, as an advanced event selector", () => {
    expect(trail.advanced_event_selector).toEqual([{ name: "Management events", field_selector: [{ field: "eventCategory", equals: ["Management"] }] }]);
  });

  test("enables no Insights unless the manifest asks", () => {
    expect(trail.insight_selector).toBeUndefined();
  });

  test("the delivery role trusts CloudTrail, as AWS documents it", () => {
    expect(management).toHaveResourceWithProperties(IamRole, { name: "tripline-trail-delivery" });
    const trust = statementsOf(onlyResource(stacks, "management", "aws_iam_role").assume_role_policy);
    expect(trust).toEqual({
      CloudTrailAssumesDeliveryRole: { Sid: "CloudTrailAssumesDeliveryRole", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" },
    });
  });

  test("the delivery role writes only the trail's own and the organization's streams of its one log group", () => {
    const group = `arn:aws:logs:us-east-1:${MANAGEMENT_ID}:log-group:tripline-trail`;
    expect(statementsOf(onlyResource(stacks, "management", "aws_iam_role_policy").policy)).toEqual({
      WriteTrailLogStreams: {
        Sid: "WriteTrailLogStreams",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [`${group}:log-stream:${MANAGEMENT_ID}_CloudTrail_us-east-1*`, `${group}:log-stream:${ORG_ID}_*`],
      },
    });
  });

  test("registers no delegated administrator", () => {
    for (const { tf } of Object.values(stacks)) expect(tf.resource?.aws_cloudtrail_organization_delegated_admin_account).toBeUndefined();
  });
});

describe("the organization trail with a delegated administrator", () => {
  const stacks = synthOrganization(delegatedOrganization());
  const trail = onlyResource(stacks, "security", "aws_cloudtrail");

  test("is created by the delegated administrator, with its log group and role in that account", () => {
    expect(trail.is_organization_trail).toBe(true);
    expect(stacks.management.tf.resource?.aws_cloudtrail).toBeUndefined();
    expect(resourcesOf(stacks, "management", "aws_cloudwatch_log_group")).toEqual({});
    expect(Object.keys(resourcesOf(stacks, "security", "aws_cloudwatch_log_group"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(stacks, "security", "aws_iam_role"))).toHaveLength(1);
  });

  test("the management account registers it as CloudTrail's delegated administrator", () => {
    expect(onlyResource(stacks, "management", "aws_cloudtrail_organization_delegated_admin_account")).toMatchObject({ account_id: SECURITY_ID });
  });

  test("writes the owner's and the creator's own streams and the organization's, in the delegated administrator's log group", () => {
    const group = `arn:aws:logs:us-east-1:${SECURITY_ID}:log-group:tripline-trail`;
    expect(statementsOf(onlyResource(stacks, "security", "aws_iam_role_policy").policy).WriteTrailLogStreams.Resource).toEqual([
      `${group}:log-stream:${MANAGEMENT_ID}_CloudTrail_us-east-1*`,
      `${group}:log-stream:${SECURITY_ID}_CloudTrail_us-east-1*`,
      `${group}:log-stream:${ORG_ID}_*`,
    ]);
  });
});

describe("the trail when the delegated administrator is the log-archive account", () => {
  const stacks = synthOrganization(delegatedOrganization("log-archive"));
  const trail = onlyResource(stacks, "log-archive", "aws_cloudtrail");

  test("uses the trail key of its own stack and waits for the bucket policy and key", () => {
    expect(trail.kms_key_id).toMatch(/^\$\{aws_kms_key\.trail-archive_key_[\w-]+\.arn\}$/);
    expect(stacks["log-archive"].tf.data?.aws_kms_key).toBeUndefined();
    expect(trail.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket_policy\.trail-archive_bucket_/), expect.stringMatching(/^aws_kms_key\.trail-archive_key_/)]),
    );
  });
});

describe("the standalone trail", () => {
  const stacks = synthOrganization(standaloneAccount());
  const trail = onlyResource(stacks, "solo", "aws_cloudtrail");

  test("is the account's own multi-Region trail, not an organization trail", () => {
    expect(trail).toMatchObject({ is_organization_trail: false, is_multi_region_trail: true, include_global_service_events: true, enable_log_file_validation: true });
  });

  test("delivers to the account's own bucket with the key of the same stack, in its home Region", () => {
    expect(trail).toMatchObject({ s3_bucket_name: `tripline-trail-${STANDALONE_ID}-eu-west-1`, provider: "aws.eu-west-1" });
    expect(trail.kms_key_id).toMatch(/^\$\{aws_kms_key\.trail-archive_key_[\w-]+\.arn\}$/);
  });

  test("writes only the account's own log streams", () => {
    expect(statementsOf(onlyResource(stacks, "solo", "aws_iam_role_policy").policy).WriteTrailLogStreams.Resource).toEqual([
      `arn:aws:logs:eu-west-1:${STANDALONE_ID}:log-group:tripline-trail:log-stream:${STANDALONE_ID}_CloudTrail_eu-west-1*`,
    ]);
  });
});

describe("optional trail settings", () => {
  const stacks = synthOrganization(fullOrganization());
  const trail = onlyResource(stacks, "management", "aws_cloudtrail");
  const selectors = trail.advanced_event_selector as { name: string; field_selector: unknown[] }[];

  test("enables the CloudTrail Insights types the manifest names", () => {
    expect(trail.insight_selector).toEqual([{ insight_type: "ApiCallRateInsight" }, { insight_type: "ApiErrorRateInsight" }]);
  });

  test("keeps management events first", () => {
    expect(selectors[0].field_selector).toEqual([{ field: "eventCategory", equals: ["Management"] }]);
  });

  test("S3 object events for every bucket leave out the trail's own buckets", () => {
    expect(selectors[1].field_selector).toEqual([
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      {
        field: "resources.ARN",
        not_starts_with: [`arn:aws:s3:::tripline-trail-${LOG_ARCHIVE_ID}-us-east-1/`, `arn:aws:s3:::tripline-access-logs-${LOG_ARCHIVE_ID}-us-east-1/`],
      },
    ]);
  });

  test("S3 object events for named prefixes, writes only", () => {
    expect(selectors[2].field_selector).toEqual([
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      { field: "resources.ARN", starts_with: ["arn:aws:s3:::payments-data/"] },
      { field: "readOnly", equals: ["false"] },
    ]);
  });

  test("Lambda invocations of named functions", () => {
    expect(selectors[3].field_selector).toEqual([
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::Lambda::Function"] },
      { field: "resources.ARN", starts_with: ["arn:aws:lambda:us-east-1:444444444444:function:"] },
    ]);
  });
});

describe("deliveryRolePolicy", () => {
  test("grants log actions only, on log streams only", () => {
    const { Statement } = deliveryRolePolicy(plainOrganization());
    const actions = Statement.flatMap((s) => s.Action);
    expect(actions.every((a) => a === "logs:CreateLogStream" || a === "logs:PutLogEvents")).toBe(true);
    expect(Statement.flatMap((s) => [s.Resource ?? []].flat()).every((r) => r.includes(":log-group:tripline-trail:log-stream:"))).toBe(true);
  });
});
