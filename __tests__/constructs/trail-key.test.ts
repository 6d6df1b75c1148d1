import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KEY_ADMINISTRATION_ACTIONS } from "../../modules/constructs/policy-document";
import {
  LOG_ARCHIVE_ID,
  MANAGEMENT_ID,
  ORG_ID,
  SECURITY_ID,
  STANDALONE_ID,
  delegatedOrganization,
  fullOrganization,
  onlyResource,
  plainOrganization,
  resourceNamed,
  standaloneAccount,
  statementsOf,
  synthOrganization,
} from "./trail-manifests";

const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT_ID}:trail/tripline-trail`;

describe("the trail key (log-archive account)", () => {
  const stacks = synthOrganization(plainOrganization());
  const logArchive = stacks["log-archive"].json;
  const statements = statementsOf(onlyResource(stacks, "log-archive", "aws_kms_key").policy);

  test("rotates, is in the bucket's Region, and has the alias the trail owner derives", () => {
    expect(logArchive).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, provider: "aws.us-east-1" });
    expect(logArchive).toHaveResourceWithProperties(KmsAlias, { name: "alias/tripline-trail", provider: "aws.us-east-1" });
  });

  test("grants nothing else: administration, CloudTrail's two uses, the trail owner's alias lookup", () => {
    expect(Object.keys(statements).sort()).toEqual([
      "CloudTrailDescribesKey",
      "CloudTrailEncryptsLogFiles",
      "KeyAdministrationByOwningAccount",
      "TrailOwnerResolvesAlias",
    ]);
  });

  test("key administration belongs to the log-archive account root, without cryptographic use", () => {
    expect(statements.KeyAdministrationByOwningAccount).toMatchObject({
      Principal: { AWS: `arn:aws:iam::${LOG_ARCHIVE_ID}:root` },
      Action: KEY_ADMINISTRATION_ACTIONS,
    });
  });

  test("CloudTrail encrypts only for this trail and only under the management account's trail context", () => {
    expect(statements.CloudTrailEncryptsLogFiles).toEqual({
      Sid: "CloudTrailEncryptsLogFiles",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceArn": TRAIL_ARN },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${MANAGEMENT_ID}:trail/*` },
      },
    });
  });

  test("CloudTrail describes the key only for this trail", () => {
    expect(statements.CloudTrailDescribesKey).toMatchObject({ Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } } });
  });

  test("CloudTrail may not decrypt: AWS asks for that only with an S3 Bucket Key, which the bucket does not use", () => {
    const cloudTrailActions = Object.values(statements)
      .filter((s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: "cloudtrail.amazonaws.com" }))
      .flatMap((s) => [s.Action].flat());
    expect(cloudTrailActions.sort()).toEqual(["kms:DescribeKey", "kms:GenerateDataKey*"]);
  });

  test("the trail owner's account may only describe the key, to resolve its alias at plan time", () => {
    expect(statements.TrailOwnerResolvesAlias).toEqual({
      Sid: "TrailOwnerResolvesAlias",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${MANAGEMENT_ID}:root` },
      Action: "kms:DescribeKey",
      Resource: "*",
    });
  });
});

describe("the trail key with a delegated administrator", () => {
  const stacks = synthOrganization(delegatedOrganization());
  const statements = statementsOf(onlyResource(stacks, "log-archive", "aws_kms_key").policy);

  test("still names the management account's trail: the management account owns it", () => {
    expect(statements.CloudTrailEncryptsLogFiles.Condition).toEqual({
      StringEquals: { "aws:SourceArn": TRAIL_ARN },
      StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${MANAGEMENT_ID}:trail/*` },
    });
  });

  test("lets the delegated administrator, which creates the trail, resolve the alias", () => {
    expect(statements.TrailOwnerResolvesAlias.Principal).toEqual({ AWS: `arn:aws:iam::${SECURITY_ID}:root` });
  });

  test("needs no alias lookup when the delegated administrator holds the key itself", () => {
    const sameStack = synthOrganization(delegatedOrganization("log-archive"));
    expect(statementsOf(resourceNamed(sameStack, "log-archive", "aws_kms_key", "trail-archive").policy).TrailOwnerResolvesAlias).toBeUndefined();
  });
});

describe("the trail key with log readers", () => {
  const stacks = synthOrganization(fullOrganization());
  const statements = statementsOf(onlyResource(stacks, "log-archive", "aws_kms_key").policy);

  test("lets the manifest's readers of the organization decrypt trail log files, through S3 only", () => {
    expect(statements.LogReadersDecryptTrailLogs).toEqual({
      Sid: "LogReadersDecryptTrailLogs",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: {
        ArnLike: { "aws:PrincipalArn": [`arn:aws:iam::${SECURITY_ID}:role/security-audit`, `arn:aws:iam::${SECURITY_ID}:role/incident-response`] },
        StringEquals: { "aws:PrincipalOrgID": ORG_ID, "kms:ViaService": "s3.us-east-1.amazonaws.com" },
        Null: { "kms:EncryptionContext:aws:cloudtrail:arn": "false" },
      },
    });
  });
});

describe("the standalone trail key", () => {
  const stacks = synthOrganization(standaloneAccount());
  const statements = statementsOf(resourceNamed(stacks, "solo", "aws_kms_key", "trail-archive").policy);

  test("names the account's own trail, in its home Region", () => {
    expect(statements.CloudTrailEncryptsLogFiles.Condition).toEqual({
      StringEquals: { "aws:SourceArn": `arn:aws:cloudtrail:eu-west-1:${STANDALONE_ID}:trail/tripline-trail` },
      StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${STANDALONE_ID}:trail/*` },
    });
  });

  test("fences readers to the account, having no organization", () => {
    expect(statements.LogReadersDecryptTrailLogs.Condition).toMatchObject({
      StringEquals: { "aws:PrincipalAccount": [STANDALONE_ID], "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
    });
    expect(statements.TrailOwnerResolvesAlias).toBeUndefined();
  });
});
