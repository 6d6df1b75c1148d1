/**
 * What the notifier is told at synth time (functions/notifier/config.ts), from the same deployment
 * plan the detections are built from: the patterns as deployed (exceptions compiled in, settings
 * applied), so the evidence it reads for an alarm is what fed the alarm's metric. `tripline notify
 * --dry-run` builds the same thing, so it renders what the Lambda would send.
 */
import { catalog as defaultCatalog } from "../catalog";
import type { Detection } from "../catalog/detection";
import type { OrganizationModel } from "../manifest/model";
import { DEFAULT_SCHEDULE } from "../manifest/schema";
import type { ChannelConfig, NotifierConfig, NotifierDetection, SecretReference } from "../../functions/notifier/config";
import { notifierEvidenceRoleArn, notifierTopicArn, TRAIL_LOG_GROUP_NAME } from "./names";
import { deployedDetections, runsOnTrailLogGroup, trailDetections } from "./plan";

/** The words, patterns and alarm spans of detections, as the notifier reads them. */
export function notifierDetections(detections: readonly Detection[]): NotifierDetection[] {
  return detections.map((d) => ({
    id: d.id,
    title: d.title,
    why: d.why,
    runbook: d.runbook,
    severity: d.severity,
    kind: d.kind,
    ...(d.kind === "metric-filter" || d.kind === "stream" ? { pattern: d.pattern } : {}),
    ...(d.kind === "event-rule" ? { eventPattern: d.eventPattern } : {}),
    ...(d.kind === "metric-filter" || d.kind === "contributor-insights" ? { periodSeconds: d.alarm.periodSeconds, evaluationPeriods: d.alarm.evaluationPeriods } : {}),
    ...(d.kind === "stream" && d.detector.type === "distinct-count" ? { periodSeconds: d.detector.windowSeconds, evaluationPeriods: 1 } : {}),
    ...(d.alertParameters ? { alertParameters: d.alertParameters } : {}),
  }));
}

/** Without a manifest: the catalog's defaults, UTC, no channels (the dry-run's default). */
export const defaultNotifierConfig = (catalog: readonly Detection[] = defaultCatalog): NotifierConfig => ({
  accounts: {},
  timeZone: DEFAULT_SCHEDULE.timeZone,
  detections: notifierDetections(catalog),
  channels: [],
  routing: {},
});

/** The channels the manifest configures, in a fixed order: email, slack, teams, webhooks. */
export function notifierChannels(model: OrganizationModel): ChannelConfig[] {
  const n = model.notifications;
  const channels: ChannelConfig[] = [];
  if ((n.email ?? []).length > 0) channels.push({ kind: "email", name: "email", topicArn: notifierTopicArn(model) });
  if (n.slack) channels.push({ kind: "slack", name: "slack", url: n.slack.webhook as SecretReference });
  if (n.teams) channels.push({ kind: "teams", name: "teams", url: n.teams.webhook as SecretReference });
  for (const w of n.webhooks ?? []) {
    channels.push({ kind: "webhook", name: w.name, url: w.url as SecretReference, signingSecret: w.signingSecret as SecretReference });
  }
  return channels;
}

/** The organization's notifier: its deployed detections, account names, time zone, channels, routing, evidence role. */
export function notifierConfigFor(model: OrganizationModel, catalog: readonly Detection[] = defaultCatalog): NotifierConfig {
  const onTrail = trailDetections(model, catalog).map((d) => d.detection);
  const elsewhere = deployedDetections(model, undefined, catalog)
    .map((d) => d.detection)
    .filter((d) => !runsOnTrailLogGroup(d));
  return {
    accounts: Object.fromEntries(model.accounts.map((a) => [a.id, a.name])),
    timeZone: model.detections.schedule.timeZone,
    detections: notifierDetections([...onTrail, ...elsewhere]),
    channels: notifierChannels(model),
    routing: model.notifications.routing ?? {},
    enrichment: { roleArn: notifierEvidenceRoleArn(model), logGroupName: TRAIL_LOG_GROUP_NAME, region: model.homeRegion },
  };
}
