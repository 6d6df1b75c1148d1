/**
 * One Terraform stack per account, named by the account. It reads like a table of contents:
 * which role gets which constructs.
 */
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { CentralBus } from "../constructs/central-bus";
import { AlertTopic } from "../constructs/alert-topic";
import { CloudTrailDetections } from "../constructs/cloudtrail-detections";
import { EventForwarder, type ForwardedRule } from "../constructs/event-forwarder";
import { EventForwarderRole } from "../constructs/event-forwarder-role";
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
import { ALARM_STATE_CHANGE_PATTERN } from "../deployment/alarm-events";
import { eventRulePlacement, stackRegions, type RegionRules } from "../deployment/event-rule-regions";
import { ALARM_FORWARDER_RULE_NAME, CENTRAL_BUS_NAME, centralBusArn, detectionResourceName, notifierRoleArn, sshLogGroupArn, trailLogGroupArn } from "../deployment/names";
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
  /** The central bus: in the security account's stack (standalone: the one account's). */
  readonly centralBus?: CentralBus;
  /** The central bus every stack forwards to, by name and derived ARN (the notifier subscribes there). */
  readonly centralBusName = CENTRAL_BUS_NAME;
  readonly centralBusArn: string;
  /** The role EventBridge assumes to put this account's events on the central bus. */
  readonly eventForwarderRole?: EventForwarderRole;
  /** This account's EventBridge rules, one construct per Region. */
  readonly eventForwarders: readonly EventForwarder[];
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
    // The home Region always has a provider: the trail, its alarms and the central bus live there;
    // the sign-in Regions have one for the sign-in rules (modules/deployment/event-rule-regions.ts),
    // the SSH Regions for log shipping.
    const placement = eventRulePlacement(organization, account);
    this.providers = createRegionProviders(this, account, unique([...stackRegions(organization, account, placement), ...(account.ssh?.regions ?? [])]));
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
      this.centralBus = new CentralBus(this, "central-bus", { organization, provider: home });
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
      // The notifier's rule is on the central bus: Terraform must create the bus first.
      this.notifier.rule.dependsOn = [...(this.notifier.rule.dependsOn ?? []), this.centralBus.bus.fqn];
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
    // Where this account raises tripline alarms: their state changes go to the central bus too.
    const alarmRegions = new Set<string>(is(organization.trailOwner) ? [organization.homeRegion] : []);
    if (ssh) {
      if (ssh.instanceProfile) new SshInstanceProfile(this, "ssh-instance-profile", { provider: home, partition: organization.partition, accountId: account.id, regions: ssh.regions });
      const deployed = sshDetections(organization, account);
      for (const region of ssh.regions) {
        const provider = providerFor(this.providers, region);
        const place = { partition: organization.partition, region, accountId: account.id };
        const logs = new SshLogGroup(this, `ssh-log-group-${region}`, { ...place, provider, retentionInDays: ssh.logRetentionDays });
        new SshLogShipping(this, `ssh-log-shipping-${region}`, { ...place, provider, ssh, keyArn: logs.key.arn });
        if (deployed.length === 0) continue;
        alarmRegions.add(region);
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

    this.centralBusArn = centralBusArn(organization);
    const forwarding = this.forwardEvents(organization, account, placement, alarmRegions);
    this.eventForwarderRole = forwarding.role;
    this.eventForwarders = forwarding.forwarders;
  }

  /**
   * The account's event rules, Region by Region, and in each Region where it raises tripline alarms
   * (the trail owner's home Region, the SSH Regions) the rule that forwards their state changes
   * (docs/aws-facts.md l2): all to the central bus, through the account's forwarding role.
   */
  private forwardEvents(
    organization: OrganizationModel,
    account: AccountModel,
    placement: readonly RegionRules[],
    alarmRegions: ReadonlySet<string>,
  ): { readonly role?: EventForwarderRole; readonly forwarders: EventForwarder[] } {
    const byRegion = new Map<string, ForwardedRule[]>();
    for (const { region, detections } of placement) {
      byRegion.set(
        region,
        detections.map((detection) => ({
          name: detectionResourceName(detection.id),
          description: `tripline ${detection.id}: ${detection.title}`,
          eventPattern: detection.eventPattern,
        })),
      );
    }
    for (const region of alarmRegions) {
      const rules = byRegion.get(region) ?? [];
      rules.push({ name: ALARM_FORWARDER_RULE_NAME, description: "tripline: its CloudWatch alarms going to ALARM", eventPattern: ALARM_STATE_CHANGE_PATTERN });
      byRegion.set(region, rules);
    }
    if (byRegion.size === 0) return { forwarders: [] };
    const scope = { partition: organization.partition, accountId: account.id, busArn: this.centralBusArn };
    const role = new EventForwarderRole(this, "event-forwarder-role", { ...scope, provider: providerFor(this.providers, organization.homeRegion) });
    const forwarders = [...byRegion].map(
      ([region, rules]) => new EventForwarder(this, `event-forwarder-${region}`, { ...scope, provider: providerFor(this.providers, region), region, roleArn: role.arn, rules }),
    );
    return { role, forwarders };
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
