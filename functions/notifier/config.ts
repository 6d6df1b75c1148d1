/**
 * What the notifier knows, fixed at synth time and shipped in its package as `config.json`
 * (beside `index.js`, like the stream detector's): the deployed detections' words and patterns,
 * the organization's account names and time zone, the channels and their routing. No secret is
 * here: a channel names the SSM parameter or Secrets Manager secret that holds its URL, and the
 * function reads it at run time (so it is in neither the environment nor Terraform's state).
 */
import type { Severity } from "../../modules/catalog/detection";

/** Where a secret lives: an SSM Parameter Store SecureString, or a Secrets Manager secret. */
export type SecretReference = { readonly ssmParameter: string } | { readonly secretsManager: string };

export type ChannelKind = "email" | "slack" | "teams" | "webhook";

/** One place alerts go. `name` is what routing refers to: `email`, `slack`, `teams`, or a webhook's name. */
export type ChannelConfig =
  | { readonly kind: "email"; readonly name: "email"; readonly topicArn: string }
  | { readonly kind: "slack"; readonly name: "slack"; readonly url: SecretReference }
  | { readonly kind: "teams"; readonly name: "teams"; readonly url: SecretReference }
  | { readonly kind: "webhook"; readonly name: string; readonly url: SecretReference; readonly signingSecret: SecretReference };

/** Which channels get an alert: by detection id first, else by severity, else every channel. */
export interface RoutingConfig {
  readonly severity?: Partial<Readonly<Record<Severity, readonly string[]>>>;
  readonly detections?: Readonly<Record<string, readonly string[]>>;
}

/** What the notifier needs of a deployed detection (settings applied, exceptions compiled in). */
export interface NotifierDetection {
  readonly id: string;
  readonly title: string;
  readonly why: string;
  readonly runbook: string;
  readonly severity: Severity;
  readonly kind: string;
  /** The filter pattern as deployed (metric filter, stream subscription): enrichment runs it over the trail's log group. */
  readonly pattern?: string;
  /** The event pattern as deployed (event rules): tells which detection a forwarded event is. */
  readonly eventPattern?: Readonly<Record<string, unknown>>;
  /** Alarm period and evaluation periods, for the alarm's window when the event does not say. */
  readonly periodSeconds?: number;
  readonly evaluationPeriods?: number;
  /** Request fields the alert shows first (dot paths into the CloudTrail record). */
  readonly alertParameters?: readonly string[];
}

/** Where the trail's log group is, and the role that may read it there (docs/aws-facts.md n6). */
export interface EnrichmentConfig {
  readonly roleArn: string;
  readonly logGroupName: string;
  readonly region: string;
}

export interface NotifierConfig {
  /** Account id → the account's name in the manifest. */
  readonly accounts: Readonly<Record<string, string>>;
  /** IANA time zone of the organization (manifest `detections.schedule.timeZone`). */
  readonly timeZone: string;
  readonly detections: readonly NotifierDetection[];
  readonly channels: readonly ChannelConfig[];
  readonly routing: RoutingConfig;
  readonly enrichment?: EnrichmentConfig;
}

/** The config file's name inside the function package, beside `index.js`. */
export const CONFIG_FILE = "config.json";

/** Reads a config written by the construct; throws on a malformed one (a bug of ours, not the user's). */
export function parseNotifierConfig(text: string): NotifierConfig {
  const config = JSON.parse(text) as NotifierConfig;
  if (typeof config?.timeZone !== "string" || !Array.isArray(config.detections) || !Array.isArray(config.channels) || typeof config.accounts !== "object") {
    throw new Error("notifier config.json lacks timeZone, accounts, detections or channels");
  }
  return config;
}
