/**
 * One HTTP POST that tries again when trying again can help: on a timeout, a network error or a
 * 5xx, with exponential backoff and full jitter; on a 429, after the `Retry-After` the server asked
 * for (Slack answers 429 with Retry-After, docs/aws-facts.md p4), within a cap so a Lambda never waits
 * past its own timeout. Other 4xx are final: the request itself is wrong. The URL is a secret and
 * never appears in a result or an error (only its host).
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Per attempt: a server that holds the connection longer is a failed attempt. */
  readonly timeoutMs: number;
  /** Milliseconds per Retry-After second (1000; tests shrink it). */
  readonly retryAfterUnitMs: number;
  /** The longest Retry-After honoured; a longer one fails the delivery (it goes to the dead-letter queue). */
  readonly maxRetryAfterMs: number;
}

/** 4 attempts over at most about 25 s: inside the function's 60 s timeout with two channels in parallel. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 4000, timeoutMs: 5000, retryAfterUnitMs: 1000, maxRetryAfterMs: 10_000 };

export interface Delivery {
  readonly ok: boolean;
  readonly attempts: number;
  /** The last HTTP status, when a response came. */
  readonly status?: number;
  /** Why it failed, for the dead-letter queue: statuses and errors of each attempt. */
  readonly reason?: string;
}

export interface HttpRequest {
  readonly url: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3), in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, unitMs: number, nowMs: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * unitMs;
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return "an unparsable URL";
  }
};

export async function postWithRetries(request: HttpRequest, policy: RetryPolicy = DEFAULT_RETRY, sleep: (ms: number) => Promise<void> = sleepFor): Promise<Delivery> {
  const trail: string[] = [];
  let status: number | undefined;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    let waitMs: number | undefined;
    try {
      const response = await fetch(request.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "tripline-notifier", ...request.headers },
        body: request.body,
        signal: AbortSignal.timeout(policy.timeoutMs),
        redirect: "error",
      });
      status = response.status;
      // Read the body so the connection is released; a short excerpt helps the reason.
      const text = (await response.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ");
      if (response.ok) return { ok: true, attempts: attempt, status };
      trail.push(`HTTP ${status}${text ? ` ${JSON.stringify(text)}` : ""}`);
      if (status === 429) {
        const asked = retryAfterMs(response.headers.get("retry-after"), policy.retryAfterUnitMs, Date.now());
        if (asked !== undefined && asked > policy.maxRetryAfterMs) {
          return { ok: false, attempts: attempt, status, reason: `${hostOf(request.url)}: ${trail.join("; ")}; Retry-After ${asked} ms is past the ${policy.maxRetryAfterMs} ms cap` };
        }
        waitMs = asked;
      } else if (status < 500) {
        return { ok: false, attempts: attempt, status, reason: `${hostOf(request.url)}: ${trail.join("; ")} (not retried: the request was refused)` };
      }
    } catch (error) {
      const name = (error as Error)?.name;
      trail.push(name === "TimeoutError" || name === "AbortError" ? `no answer within ${policy.timeoutMs} ms` : `network error (${(error as Error)?.message ?? String(error)})`.replace(request.url, hostOf(request.url)));
    }
    if (attempt < policy.attempts) {
      const backoff = Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(waitMs ?? backoff);
    }
  }
  return { ok: false, attempts: policy.attempts, status, reason: `${hostOf(request.url)}: ${trail.join("; ")} (gave up after ${policy.attempts} attempts)` };
}
