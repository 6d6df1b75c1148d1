/**
 * One AWS provider per Region of an account, each aliased by its Region, each assuming the
 * account's role and pinned to the account id, so that a misrouted credential fails at plan
 * instead of changing another account.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import { providerSessionName } from "../deployment/names";
import type { AccountModel } from "../manifest/model";

export type RegionProviders = ReadonlyMap<string, AwsProvider>;

export function createRegionProviders(scope: Construct, account: AccountModel, regions: readonly string[]): RegionProviders {
  const providers = new Map<string, AwsProvider>();
  for (const region of regions) {
    providers.set(
      region,
      new AwsProvider(scope, `aws-${region}`, {
        alias: region,
        region,
        allowedAccountIds: [account.id],
        assumeRole: account.assumeRoleArn ? [{ roleArn: account.assumeRoleArn, sessionName: providerSessionName(account.name) }] : undefined,
        defaultTags: Object.keys(account.tags).length > 0 ? [{ tags: { ...account.tags } }] : undefined,
      }),
    );
  }
  return providers;
}

/** The provider of a Region the stack was built for; asking for another is a bug of ours. */
export function providerFor(providers: RegionProviders, region: string): AwsProvider {
  const provider = providers.get(region);
  if (!provider) throw new Error(`no provider for ${region}; the stack has ${[...providers.keys()].join(", ")}`);
  return provider;
}
