/**
 * The events behind an alarm, counted: who, from where, which calls. Pure; enrich.ts reads the
 * events from the trail's log group with the alarm's own filter pattern.
 */

export interface Count {
  readonly value: string;
  readonly count: number;
}

export interface Evidence {
  /** Events read (matching the pattern in the window, up to the page cap). */
  readonly events: number;
  /** True when the read stopped at the page cap: the counts are a lower bound. */
  readonly truncated: boolean;
  readonly principals: readonly Count[];
  readonly sourceIps: readonly Count[];
  readonly eventNames: readonly Count[];
  readonly userAgents: readonly Count[];
  readonly accounts: readonly Count[];
  /** Why there is no evidence, when there is none (no pattern, read failed). */
  readonly note?: string;
}

/** How many values each list shows. */
export const TOP = 5;
const MAX_KEY_LENGTH = 256;

type Json = Readonly<Record<string, unknown>>;
const isJson = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v.slice(0, MAX_KEY_LENGTH) : undefined);

/** Counts principals, source IPs, event names, user agents and accounts over CloudTrail records. */
export function summarizeEvidence(records: Iterable<unknown>, truncated = false): Evidence {
  const tallies = { principals: new Map<string, number>(), sourceIps: new Map<string, number>(), eventNames: new Map<string, number>(), userAgents: new Map<string, number>(), accounts: new Map<string, number>() };
  const bump = (map: Map<string, number>, key: string | undefined) => {
    if (key !== undefined) map.set(key, (map.get(key) ?? 0) + 1);
  };
  let events = 0;
  for (const record of records) {
    if (!isJson(record)) continue;
    events++;
    const identity = isJson(record.userIdentity) ? record.userIdentity : {};
    bump(tallies.principals, str(identity.arn) ?? str(identity.principalId) ?? str(identity.userName));
    bump(tallies.sourceIps, str(record.sourceIPAddress));
    bump(tallies.eventNames, str(record.eventName));
    bump(tallies.userAgents, str(record.userAgent));
    bump(tallies.accounts, str(record.recipientAccountId) ?? str(identity.accountId));
  }
  const top = (map: Map<string, number>): Count[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, TOP)
      .map(([value, count]) => ({ value, count }));
  return {
    events,
    truncated,
    principals: top(tallies.principals),
    sourceIps: top(tallies.sourceIps),
    eventNames: top(tallies.eventNames),
    userAgents: top(tallies.userAgents),
    accounts: top(tallies.accounts),
  };
}

/** No evidence, and why. */
export const noEvidence = (note: string): Evidence => ({ events: 0, truncated: false, principals: [], sourceIps: [], eventNames: [], userAgents: [], accounts: [], note });
