/**
 * What the notifier knows, fixed at synth time and shipped in its package as `config.json`
 * (beside `index.js`, like the stream detector's): the deployed detections' words and patterns,
 * the organization's account names and time zone, the channels and their routing. No secret is
 * here: a channel names the SSM parameter or Secrets Manager secret that holds its URL, and the
 * function reads it at run time (so it is in neither the environment nor Terraform's state).
 */
import { z } from "zod";
import { DETECTION_TEXT_FIELDS } from "../detection-text";
import { SEVERITIES, type Severity } from "../../modules/catalog/detection";

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

const Secret = z.union([z.object({ ssmParameter: z.string().min(1) }), z.object({ secretsManager: z.string().min(1) })]);

const ConfigFile = z.object({
  accounts: z.record(z.string(), z.string()),
  timeZone: z.string().min(1),
  detections: z.array(
    z.object({
      ...DETECTION_TEXT_FIELDS,
      kind: z.string(),
      pattern: z.string().optional(),
      eventPattern: z.record(z.string(), z.unknown()).optional(),
      periodSeconds: z.number().positive().optional(),
      evaluationPeriods: z.number().int().positive().optional(),
      alertParameters: z.array(z.string()).optional(),
    }),
  ),
  channels: z.array(
    z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("email"), name: z.literal("email"), topicArn: z.string().startsWith("arn:") }),
      z.object({ kind: z.literal("slack"), name: z.literal("slack"), url: Secret }),
      z.object({ kind: z.literal("teams"), name: z.literal("teams"), url: Secret }),
      z.object({ kind: z.literal("webhook"), name: z.string().min(1), url: Secret, signingSecret: Secret }),
    ]),
  ),
  routing: z.object({
    severity: z.partialRecord(z.enum(SEVERITIES), z.array(z.string())).optional(),
    detections: z.record(z.string(), z.array(z.string())).optional(),
  }),
  enrichment: z.object({ roleArn: z.string().startsWith("arn:"), logGroupName: z.string().min(1), region: z.string().min(1) }).optional(),
});

/** Reads a config written by the construct; throws on a malformed one (a bug of ours, not the user's). */
export function parseNotifierConfig(text: string): NotifierConfig {
  const parsed = ConfigFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`notifier config.json is malformed: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
