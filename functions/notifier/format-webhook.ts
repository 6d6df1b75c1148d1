/**
 * The generic webhook: the message model as JSON, signed so the receiver can tell it came from
 * tripline and was not replayed. The signature is HMAC-SHA256 over `<timestamp>.<body>` with the
 * webhook's signing secret, sent as `X-Tripline-Signature: t=<unix seconds>,v1=<hex>` (the scheme
 * Stripe and Slack use for their own webhooks): the receiver recomputes it, compares in constant
 * time, and rejects a timestamp older than a few minutes.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Alert } from "./alert";

export const SIGNATURE_HEADER = "x-tripline-signature";
export const TIMESTAMP_HEADER = "x-tripline-timestamp";
/** The body's `version`: receivers can tell the model's shape. */
export const WEBHOOK_VERSION = 1;

export const formatWebhook = (alert: Alert): { version: number; alert: Alert } => ({ version: WEBHOOK_VERSION, alert });

export function signWebhook(body: string, secret: string, unixSeconds: number): Record<string, string> {
  const signature = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return { [SIGNATURE_HEADER]: `t=${unixSeconds},v1=${signature}`, [TIMESTAMP_HEADER]: String(unixSeconds) };
}

/** What a receiver runs: true when the header signs this body with this secret, within `toleranceSeconds`. */
export function verifyWebhookSignature(body: string, header: string | undefined, secret: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!match) return false;
  const t = Number(match[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2], "hex"));
}
