/**
 * One Terraform stack per account, named by the account. It reads like a table of contents:
 * which role gets which constructs.
 */
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { CloudTrailDetections } from "../constructs/cloudtrail-detections";
import { HuntAthena } from "../constructs/hunt-athena";
import { OrgTrail } from "../constructs/org-trail";
import { TrailArchive } from "../constructs/trail-archive";
import { TrailDelegatedAdmin } from "../constructs/trail-delegated-admin";
import type { AccountModel, OrganizationModel } from "../manifest/model";
import { trailLogGroupArn } from "../deployment/names";
import { configureBackend } from "./backend";
import { createRegionProviders, providerFor, type RegionProviders } from "./region-providers";

export interface AccountStackProps {
  readonly organization: OrganizationModel;
  readonly account: AccountModel;
}

export class AccountStack extends TerraformStack {
  readonly providers: RegionProviders;
  /** The trail's bucket, key and access logs: in the log-archive account (standalone: the one account). */
  readonly trailArchive?: TrailArchive;
  /** The trail and its log group: in the trail owner's account (docs/trail-layout.md). */
  readonly trail?: OrgTrail;
  /** Metric filters, Contributor Insights, the stream detector and their alarms, beside the trail's log group. */
  readonly cloudTrailDetections?: CloudTrailDetections;

  constructor(scope: Construct, props: AccountStackProps) {
    const { organization, account } = props;
    super(scope, account.name);
    configureBackend(this, account.name, organization);
    // The home Region always has a provider: the trail, its alarms and the central bus live there.
    this.providers = createRegionProviders(this, account, unique([organization.homeRegion, ...account.regions]));
    const home = providerFor(this.providers, organization.homeRegion);
    const is = (holder: AccountModel) => holder.name === account.name;

    if (is(organization.logArchive)) {
      this.trailArchive = new TrailArchive(this, "trail-archive", { organization, provider: home });
    }
    if (is(organization.trailOwner)) {
      const archive = this.trailArchive && { keyArn: this.trailArchive.key.key.arn, readyForDelivery: this.trailArchive.readyForDelivery };
      this.trail = new OrgTrail(this, "trail", { organization, provider: home, archive });
      // Metric filters and alarms must live beside the log group, and alarms can only notify a
      // topic of their own Region (docs/aws-facts.md a1, c1): all of it is the trail owner's.
      this.cloudTrailDetections = new CloudTrailDetections(this, "cloudtrail-detections", {
        organization,
        account,
        provider: home,
        logGroupName: this.trail.logGroup.logGroup.name,
        logGroupArn: trailLogGroupArn(organization),
      });
    }
    const hunt = organization.hunt;
    if (hunt && is(hunt.holder)) {
      new HuntAthena(this, "hunt", { organization: { ...organization, hunt }, provider: home });
    }
    if (is(organization.management) && !is(organization.trailOwner)) {
      new TrailDelegatedAdmin(this, "trail-delegated-admin", { accountId: organization.trailOwner.id, provider: home });
    }
  }
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
