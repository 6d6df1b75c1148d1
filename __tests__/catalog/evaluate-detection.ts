/**
 * Test support: one detection compiled into "does it fire on this event?", by kind, with the
 * engines tripline deploys against. CloudTrail events may be given as a record or as the text of
 * one (a corpus line); sshd events are the raw syslog line.
 */
import type { Detection, ExampleEvent } from "../../modules/catalog/detection";
import { compileContributorRule } from "../../modules/engines/contributor-rule";
import { compileEventPattern } from "../../modules/engines/event-pattern";
import { compileFilterPattern, toLogEvent } from "../../modules/engines/filter-pattern";
import { compileTransformedRule } from "../../modules/replay/transformed-rule";
import { toEventBridgeEvent } from "../../modules/replay/eventbridge-envelope";
import { compileFieldPath } from "../../modules/engines/windows/field-path";

/** An event to evaluate: an example, or a corpus line with its parsed record. */
export interface TestEvent {
  /** The log event's message as CloudWatch Logs would hold it. */
  readonly message: string;
  /** The parsed CloudTrail record; undefined for sshd lines. */
  readonly record?: Readonly<Record<string, unknown>>;
}

export const asTestEvent = (e: ExampleEvent): TestEvent =>
  typeof e === "string" ? { message: e } : { message: JSON.stringify(e), record: e };

/**
 * - metric-filter and stream: the filter pattern on the message (for CloudTrail, the record's
 *   JSON text, so JSON patterns apply; for SSH, the whole syslog line);
 * - contributor-insights: the rule on the record, firing when it yields a contributor;
 * - event-rule: the event pattern on the record as EventBridge delivers it, and only when
 *   EventBridge delivers it to a rule without opt-in (read-only calls are not).
 */
export function compileDetection(d: Detection): (e: TestEvent) => boolean {
  switch (d.kind) {
    case "metric-filter":
    case "stream": {
      const test = compileFilterPattern(d.pattern);
      return (e) => test(toLogEvent(e.message));
    }
    case "contributor-insights": {
      if (d.transformer !== undefined) {
        const transformed = compileTransformedRule(d);
        return (e) => e.record === undefined && transformed(e.message) !== undefined;
      }
      const contributor = compileContributorRule(d.rule);
      return (e) => e.record !== undefined && contributor(e.record) !== undefined;
    }
    case "event-rule": {
      const test = compileEventPattern(d.eventPattern);
      return (e) => {
        if (e.record === undefined) return false;
        const { event, deliveredByDefault } = toEventBridgeEvent(e.record);
        return deliveredByDefault && test(event);
      };
    }
  }
}

/**
 * The fields a stream detection's detector reads, missing from `record` (empty when it can run):
 * the distinct-count key and value fields, or the off-hours detector's `eventTime`.
 */
export function missingDetectorFields(d: Detection, record: Readonly<Record<string, unknown>>): string[] {
  if (d.kind !== "stream") return [];
  const fields = d.detector.type === "distinct-count" ? [...d.detector.keyFields, ...d.detector.valueFields] : ["eventTime"];
  return fields.filter((f) => compileFieldPath(f)(record) === undefined);
}
