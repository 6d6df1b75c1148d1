/**
 * A customer managed key as tripline makes every one: rotated yearly, 30 days to cancel a
 * deletion, its policy rendered from a pure function, and an alias naming it. A function, not a
 * construct, so the key and alias keep the ids (and Terraform addresses) they had in their
 * constructs.
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import { renderPolicy, type PolicyDocument } from "./policy-document";

export interface KeyWithAliasProps {
  readonly provider: AwsProvider;
  /** `tripline: encrypts …`, shown in the KMS console. */
  readonly description: string;
  readonly policy: PolicyDocument;
  /** `alias/tripline-…`. */
  readonly alias: string;
  /** Construct id of the alias within `scope` (the key's is `key`). */
  readonly aliasId: string;
}

/** Creates the key (id `key`) and its alias (id `aliasId`) in `scope`. */
export function createKeyWithAlias(scope: Construct, props: KeyWithAliasProps): { readonly key: KmsKey; readonly alias: KmsAlias } {
  const { provider } = props;
  const key = new KmsKey(scope, "key", {
    provider,
    description: props.description,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: renderPolicy(props.policy),
  });
  const alias = new KmsAlias(scope, props.aliasId, { provider, name: props.alias, targetKeyId: key.keyId });
  return { key, alias };
}
