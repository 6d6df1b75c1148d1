/**
 * One Terraform stack per account, named by the account. It reads like a table of contents:
 * which role gets which constructs.
 */
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { AccountModel, OrganizationModel } from "../manifest/model";
import { configureBackend } from "./backend";
import { createRegionProviders, type RegionProviders } from "./region-providers";

export interface AccountStackProps {
  readonly organization: OrganizationModel;
  readonly account: AccountModel;
}

export class AccountStack extends TerraformStack {
  readonly providers: RegionProviders;

  constructor(scope: Construct, props: AccountStackProps) {
    const { organization, account } = props;
    super(scope, account.name);
    configureBackend(this, account.name, organization);
    // The home Region always has a provider: the trail, its alarms and the central bus live there.
    this.providers = createRegionProviders(this, account, unique([organization.homeRegion, ...account.regions]));
  }
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
