import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KEY_ADMINISTRATION_ACTIONS } from "../../modules/constructs/policy-document";
import { MANAGEMENT_ID, SECURITY_ID, delegatedOrganization, fullOrganization, onlyResource, plainOrganization, statementsOf, synthOrganization } from "./trail-manifests";

describe("the trail's log group", () => {
  const stacks = synthOrganization(plainOrganization());
  const management = stacks.management.json;
  const key = onlyResource(stacks, "management", "aws_kms_key");

  test("is named for the detections to find, kept for the manifest's retention, in the Standard class", () => {
    expect(management).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "tripline-trail",
      retention_in_days: 365,
      log_group_class: "STANDARD",
      deletion_protection_enabled: true,
      provider: "aws.us-east-1",
    });
  });

  test("is encrypted with a customer managed key of its own stack, by key ARN", () => {
    expect(onlyResource(stacks, "management", "aws_cloudwatch_log_group").kms_key_id).toMatch(/^\$\{aws_kms_key\.trail_logs_key_[\w-]+\.arn\}$/);
  });

  test("its key rotates and has an alias", () => {
    expect(management).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(management).toHaveResourceWithProperties(KmsAlias, { name: "alias/tripline-trail-logs" });
  });

  test("its key policy lets the account administer the key and CloudWatch Logs use it for this log group only", () => {
    expect(statementsOf(key.policy)).toEqual({
      KeyAdministrationByOwningAccount: {
        Sid: "KeyAdministrationByOwningAccount",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${MANAGEMENT_ID}:root` },
        Action: KEY_ADMINISTRATION_ACTIONS,
        Resource: "*",
      },
      CloudWatchLogsEncryptsTrailLogGroup: {
        Sid: "CloudWatchLogsEncryptsTrailLogGroup",
        Effect: "Allow",
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: "*",
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${MANAGEMENT_ID}:log-group:tripline-trail` } },
      },
    });
  });

  test("key administration cannot encrypt or decrypt", () => {
    expect(KEY_ADMINISTRATION_ACTIONS.filter((a) => /Encrypt|Decrypt|GenerateDataKey|\*/.test(a))).toEqual([]);
  });
});

describe("the trail's log group with a delegated administrator", () => {
  const stacks = synthOrganization(delegatedOrganization());

  test("is in the delegated administrator's account, with the key's grant naming that account's log group", () => {
    const statements = statementsOf(onlyResource(stacks, "security", "aws_kms_key").policy);
    expect(statements.KeyAdministrationByOwningAccount.Principal).toEqual({ AWS: `arn:aws:iam::${SECURITY_ID}:root` });
    expect(statements.CloudWatchLogsEncryptsTrailLogGroup.Condition).toEqual({
      ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${SECURITY_ID}:log-group:tripline-trail` },
    });
  });
});

describe("the trail's log group with the manifest's retention", () => {
  test("keeps events for trail.logRetentionDays", () => {
    const stacks = synthOrganization(fullOrganization());
    expect(stacks.management.json).toHaveResourceWithProperties(CloudwatchLogGroup, { name: "tripline-trail", retention_in_days: 400 });
  });
});
