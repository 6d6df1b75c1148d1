/**
 * The notifier's logic, its AWS clients injected: input → one Alert (with the events behind an
 * alarm) → the channels routing picks → each channel's format → delivery with retries → what still
 * fails, with its reason, to the dead-letter queue. Never throws on an odd event (it becomes an
 * "unknown" message); throws only when a failure could not even be dead-lettered, so that Lambda
 * retries the invocation and the claims keep what was sent from going twice.
 */
import { buildAlert, type Alert } from "./alert";
import { claimKey, type ClaimStore } from "./claims";
import type { ChannelConfig, NotifierConfig } from "./config";
import { evidenceQuery, type EvidenceQuery } from "./enrich";
import { parseInput, unwrapLambdaEvent } from "./envelope";
import { noEvidence, type Evidence } from "./evidence";
import { DEFAULT_RETRY, postWithRetries, type Delivery, type HttpRequest, type RetryPolicy } from "./deliver";
import { formatSlack } from "./format-slack";
import { formatTeams } from "./format-teams";
import { formatText, type TextMessage } from "./format-text";
import { formatWebhook, signWebhook } from "./format-webhook";
import { routeAlert } from "./route";
import { describeSecret, type SecretReader } from "./secrets";

/** What goes on the dead-letter queue: the message model (no URL, no secret) and why it was not delivered. */
export interface DeadLetter {
  readonly alertId: string;
  readonly channel: string;
  readonly detection: string;
  readonly reason: string;
  readonly attempts: number;
  readonly alert: Alert;
}

export interface NotifierLog {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}

export interface NotifierDeps {
  readonly claims: ClaimStore;
  readonly readSecret: SecretReader;
  readonly publishEmail: (topicArn: string, message: TextMessage) => Promise<void>;
  readonly deadLetter: (letter: DeadLetter) => Promise<void>;
  /** Reads the events behind an alarm; absent where no evidence role is deployed. */
  readonly readEvidence?: (query: EvidenceQuery) => Promise<Evidence>;
  readonly post?: (request: HttpRequest, policy: RetryPolicy) => Promise<Delivery>;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
  readonly log: NotifierLog;
}

export type ChannelOutcome = "sent" | "duplicate" | "dead-lettered";

export interface NotifyResult {
  readonly alerts: readonly { readonly id: string; readonly detection: string; readonly channels: Readonly<Record<string, ChannelOutcome>> }[];
}

export function createNotifier(config: NotifierConfig, deps: NotifierDeps): (event: unknown) => Promise<NotifyResult> {
  const post = deps.post ?? postWithRetries;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const now = deps.now ?? Date.now;

  const deliver = async (alert: Alert, channel: ChannelConfig): Promise<Delivery> => {
    switch (channel.kind) {
      case "email":
        await deps.publishEmail(channel.topicArn, formatText(alert));
        return { ok: true, attempts: 1 };
      case "slack":
        return post({ url: await deps.readSecret(channel.url), body: JSON.stringify(formatSlack(alert)) }, retry);
      case "teams":
        return post({ url: await deps.readSecret(channel.url), body: JSON.stringify(formatTeams(alert)) }, retry);
      case "webhook": {
        const [url, key] = await Promise.all([deps.readSecret(channel.url), deps.readSecret(channel.signingSecret)]);
        const body = JSON.stringify(formatWebhook(alert));
        // Signed per attempt would be fresher, but one signature keeps retries byte-identical; receivers allow minutes of skew.
        return post({ url, body, headers: signWebhook(body, key, Math.floor(now() / 1000)) }, retry);
      }
    }
  };

  const secretsOf = (channel: ChannelConfig): string =>
    channel.kind === "email" ? `topic ${channel.topicArn}` : channel.kind === "webhook" ? `${describeSecret(channel.url)}, ${describeSecret(channel.signingSecret)}` : describeSecret(channel.url);

  const send = async (alert: Alert, channel: ChannelConfig): Promise<ChannelOutcome> => {
    const key = claimKey(alert.id, channel.name);
    if (!(await deps.claims.claim(key, now()))) return "duplicate";
    let delivery: Delivery;
    try {
      delivery = await deliver(alert, channel);
    } catch (error) {
      // A secret that cannot be read, an SNS error: the message cannot go this time; name the place, not the value.
      delivery = { ok: false, attempts: 1, reason: `${(error as Error)?.name ?? "Error"}: ${(error as Error)?.message ?? String(error)} (${secretsOf(channel)})` };
    }
    const fields = { alertId: alert.id, detection: alert.detection.id, account: alert.where.accountId, channel: channel.name, attempts: delivery.attempts, status: delivery.status };
    if (delivery.ok) {
      await deps.claims.settle(key);
      deps.log.info("delivered", fields);
      return "sent";
    }
    try {
      await deps.deadLetter({ alertId: alert.id, channel: channel.name, detection: alert.detection.id, reason: delivery.reason ?? "unknown", attempts: delivery.attempts, alert });
    } catch (error) {
      await deps.claims.release(key).catch(() => undefined);
      throw error;
    }
    await deps.claims.settle(key);
    deps.log.warn("not delivered; sent to the dead-letter queue", { ...fields, reason: delivery.reason });
    return "dead-lettered";
  };

  return async (event) => {
    const results: NotifyResult["alerts"][number][] = [];
    for (const raw of unwrapLambdaEvent(event)) {
      const input = parseInput(raw);
      let alert = buildAlert(input, { config });
      if (alert.alarm && deps.readEvidence) {
        const query = evidenceQuery(alert, config.detections.find((d) => d.id === alert.detection.id));
        let evidence: Evidence;
        if (typeof query === "string") evidence = noEvidence(query);
        else {
          try {
            evidence = await deps.readEvidence(query);
          } catch (error) {
            deps.log.warn("could not read the events behind the alarm", { alertId: alert.id, error: (error as Error)?.name ?? String(error) });
            evidence = noEvidence(`the trail's log group could not be read (${(error as Error)?.name ?? "error"})`);
          }
        }
        alert = buildAlert(input, { config, evidence });
      }
      const channels = routeAlert(alert, config.channels, config.routing);
      const outcomes = await Promise.all(channels.map(async (c) => [c.name, await send(alert, c)] as const));
      results.push({ id: alert.id, detection: alert.detection.id, channels: Object.fromEntries(outcomes) });
    }
    return { alerts: results };
  };
}
