import type { AlarmSpec } from "./types";
import { alarmRuns, periodStart } from "./alarm-window";
import { joinKey } from "./window-key";

/** One contributor's count in one period. */
interface Contribution {
  readonly values: readonly string[];
  count: number;
}

/** An alarm on `MaxContributorValue`, with the contributor that made it. */
export interface ContributorAlarm {
  readonly start: number;
  readonly end: number;
  readonly value: number;
  /** The top contributor's key values, in the rule's key order. */
  readonly values: readonly string[];
}

/**
 * A Contributor Insights rule with `AggregateOn: Count`, alarmed on
 * `INSIGHT_RULE_METRIC(rule, "MaxContributorValue")` (docs/aws-facts.md d4, d5): per aligned period and
 * per contributor (each distinct combination of key values) a count; the metric's value in a
 * period is the top contributor's count. CloudWatch's alarm does not say which contributor it was
 * (that takes GetInsightRuleReport); replay can, and names the top contributor of the run's
 * highest period. Ties go to the contributor seen first in that period.
 */
export class ContributorCounter {
  private readonly periods = new Map<number, Map<string, Contribution>>();

  constructor(readonly spec: AlarmSpec) {}

  add(timeMs: number, values: readonly string[]): void {
    const start = periodStart(timeMs, this.spec.periodSeconds);
    let contributors = this.periods.get(start);
    if (contributors === undefined) {
      contributors = new Map();
      this.periods.set(start, contributors);
    }
    const key = values.length === 1 ? values[0] : joinKey(...values);
    const contribution = contributors.get(key);
    if (contribution === undefined) contributors.set(key, { values: [...values], count: 1 });
    else contribution.count++;
  }

  /** The top contributor of one period. */
  topContributor(start: number): Contribution | undefined {
    let top: Contribution | undefined;
    for (const c of this.periods.get(start)?.values() ?? []) if (top === undefined || c.count > top.count) top = c;
    return top;
  }

  /** MaxContributorValue per period start. */
  maxContributorValues(): Map<number, number> {
    const values = new Map<number, number>();
    for (const start of this.periods.keys()) values.set(start, this.topContributor(start)?.count ?? 0);
    return values;
  }

  alarms(): ContributorAlarm[] {
    return alarmRuns(this.maxContributorValues(), this.spec).map((run) => ({
      start: run.start,
      end: run.end,
      value: run.value,
      values: this.topContributor(run.peakStart)?.values ?? [],
    }));
  }
}

/** `$.userIdentity.arn` → `userIdentity.arn`: how the report names a key (docs/design.md contract 6). */
export const keyFieldName = (path: string): string => path.replace(/^\$\.?/, "");
