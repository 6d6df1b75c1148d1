/** createKeyWithAlias: every customer managed key of tripline, with its alias, under the ids its construct passes. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { createKeyWithAlias } from "../../modules/constructs/key-with-alias";
import { keyAdministration, policyDocument } from "../../modules/constructs/policy-document";
import type { TerraformJson } from "../support/synth";

const stack = new TerraformStack(Testing.app(), "test");
const provider = new AwsProvider(stack, "aws", { region: "eu-west-1" });
const owner = new Construct(stack, "owner");
const policy = policyDocument(keyAdministration("aws", "111111111111"));
createKeyWithAlias(owner, { provider, description: "tripline: test key", policy, alias: "alias/tripline-test", aliasId: "key-alias" });
const json = Testing.synth(stack);
const tf = JSON.parse(json) as TerraformJson;

test("the key rotates, waits 30 days before deletion, and carries the rendered policy", () => {
  expect(json).toHaveResourceWithProperties(KmsKey, { description: "tripline: test key", enable_key_rotation: true, deletion_window_in_days: 30 });
  expect(JSON.parse(Object.values(tf.resource?.aws_kms_key ?? {})[0].policy as string)).toEqual(policy);
});

test("the alias names the key, and both keep the ids of the construct that created them", () => {
  const [keyId] = Object.keys(tf.resource?.aws_kms_key ?? {});
  expect(json).toHaveResourceWithProperties(KmsAlias, { name: "alias/tripline-test", target_key_id: `\${aws_kms_key.${keyId}.key_id}` });
  expect(keyId).toMatch(/^owner_key_/);
  expect(Object.keys(tf.resource?.aws_kms_alias ?? {})).toEqual([expect.stringMatching(/^owner_key-alias_/)]);
});
