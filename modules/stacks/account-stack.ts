/**
 * One Terraform stack per account, named by the account. It reads like a table of contents:
 * which role gets which constructs.
 */
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AlertTopic } from "../constructs/alert-topic";
import { CloudTrailDetections } from "../constructs/cloudtrail-detections";
import { NotifierEvidenceRole } from "../constructs/notifier-evidence-role";
import { NotifierFunction } from "../constructs/notifier-function";
import { HuntAthena } from "../constructs/hunt-athena";
import { OrgTrail } from "../constructs/org-trail";
import { SshDetections } from "../constructs/ssh-detections";
import { SshInstanceProfile } from "../constructs/ssh-instance-profile";
import { SshLogGroup } from "../constructs/ssh-log-group";
import { SshLogShipping } from "../constructs/ssh-log-shipping";
import { TrailArchive } from "../constructs/trail-archive";
import { TrailDelegatedAdmin } from "../constructs/trail-delegated-admin";
import type { AccountModel, OrganizationModel } from "../manifest/model";
import { CENTRAL_BUS_NAME, centralBusArn, notifierRoleArn, sshLogGroupArn, trailLogGroupArn } from "../deployment/names";
import { notifierConfigFor } from "../deployment/notifier-config";
import { sshDetections } from "../deployment/plan";
import { configureBackend } from "./backend";
import { escapeTemplatesOf } from "./escape-templates";
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
  /** The notifier, on the central bus: in the security account (standalone: the one account). */
  readonly notifier?: NotifierFunction;
  /** The alert topic of each Region where this account has alarms. */
  readonly alertTopics = new Map<string, AlertTopic>();

  private readonly account: AccountModel;

  constructor(scope: Construct, props: AccountStackProps) {
    const { organization, account } = props;
    super(scope, account.name);
    escapeTemplatesOf(this);
    this.account = account;
    configureBackend(this, account.name, organization);
    // The home Region always has a provider: the trail, its alarms and the central bus live there.
    this.providers = createRegionProviders(this, account, unique([organization.homeRegion, ...account.regions, ...(account.ssh?.regions ?? [])]));
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
      // The notifier reads the events behind an alarm here, through a role that may only read this log group.
      new NotifierEvidenceRole(this, "notifier-evidence", {
        provider: home,
        partition: organization.partition,
        logGroupArn: trailLogGroupArn(organization),
        notifierRoleArn: notifierRoleArn(organization),
      });
    }
    if (is(organization.security)) {
      this.notifier = new NotifierFunction(this, "notifier", {
        provider: home,
        partition: organization.partition,
        region: organization.homeRegion,
        accountId: account.id,
        busName: CENTRAL_BUS_NAME,
        busArn: centralBusArn(organization),
        config: notifierConfigFor(organization),
        emails: organization.notifications.email ?? [],
      });
    }
    const hunt = organization.hunt;
    if (hunt && is(hunt.holder)) {
      new HuntAthena(this, "hunt", { organization: { ...organization, hunt }, provider: home });
    }
    if (is(organization.management) && !is(organization.trailOwner)) {
      new TrailDelegatedAdmin(this, "trail-delegated-admin", { accountId: organization.trailOwner.id, provider: home });
    }
    if (this.cloudTrailDetections) this.alertTopics.set(organization.homeRegion, this.cloudTrailDetections.topics);

    // EC2 SSH log shipping and the SSH detections, in each of the account's SSH Regions.
    const ssh = account.ssh;
    if (ssh) {
      if (ssh.instanceProfile) new SshInstanceProfile(this, "ssh-instance-profile", { provider: home, partition: organization.partition, accountId: account.id, regions: ssh.regions });
      const deployed = sshDetections(organization, account);
      for (const region of ssh.regions) {
        const provider = providerFor(this.providers, region);
        const place = { partition: organization.partition, region, accountId: account.id };
        const logs = new SshLogGroup(this, `ssh-log-group-${region}`, { ...place, provider, retentionInDays: ssh.logRetentionDays });
        new SshLogShipping(this, `ssh-log-shipping-${region}`, { ...place, provider, ssh, keyArn: logs.key.arn });
        if (deployed.length === 0) continue;
        new SshDetections(this, `ssh-detections-${region}`, {
          provider,
          deployed,
          logGroupName: logs.logGroup.name,
          logGroupArn: sshLogGroupArn(place),
          logGroup: logs.logGroup,
          topicArn: this.alertTopicIn(region, organization).alertTopic.arn,
        });
      }
    }
  }

  /** The account's alert topic in a Region, created on first use where the trail's is not. */
  private alertTopicIn(region: string, organization: OrganizationModel): AlertTopic {
    let topics = this.alertTopics.get(region);
    if (topics === undefined) {
      topics = new AlertTopic(this, `alert-topic-${region}`, {
        provider: providerFor(this.providers, region),
        partition: organization.partition,
        region,
        accountId: this.account.id,
        publisherRoleArns: [],
        emails: organization.notifications.email ?? [],
      });
      this.alertTopics.set(region, topics);
    }
    return topics;
  }
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
