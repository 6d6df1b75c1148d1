/**
 * The catalog as deployed (a replay profile: the organization's detections with thresholds and
 * exceptions compiled in, docs/design.md contract 6) → one HuntPlan. Each detection becomes a
 * HuntQuery or a Refusal naming why SQL cannot evaluate it exactly.
 */
import type { ContributorInsightsDetection, Detection } from "../catalog/detection";
import type { ReplayProfile } from "../deployment/profile";
import { parseJsonPath } from "../engines/contributor-rule";
import { keyFieldName } from "../engines/windows/contributor-window";
import { compileEventPatternToIr } from "./compile-event-pattern";
import { compileFilterPatternToIr } from "./compile-filter-pattern";
import { and, or, Unsupported, type Expr, type HuntPlan, type HuntQuery, type Refusal, type ValueRef } from "./ir";
import { locateField } from "./table-layout";

export function compileHuntPlan(profile: ReplayProfile): HuntPlan {
  const queries: HuntQuery[] = [];
  const refusals: Refusal[] = [];
  profile.detections.forEach((detection, index) => {
    try {
      queries.push(compileDetection(detection, index, profile));
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      refusals.push({ detection: detection.id, reason: error.message });
    }
  });
  return { queries, refusals };
}

/** A dot path or `$.a.b` JSON path → a field of the table; `allowJson` for filters, not keys. */
function textField(path: string, allowJson = false): ValueRef {
  const steps = parseJsonPath(path.startsWith("$") ? path : `$.${path}`);
  if (typeof steps === "string") throw new Unsupported(`${path}: ${steps}`);
  const location = locateField(steps);
  if (location.kind === "absent") throw new Unsupported(location.reason);
  if (location.kind === "json" && !(allowJson && location.path.length > 0)) throw new Unsupported(`${path}: a key or counted value inside JSON text is not compiled to SQL yet`);
  return location;
}

function compileDetection(detection: Detection, index: number, profile: ReplayProfile): HuntQuery {
  const base = { index, detection, source: detection.source };
  switch (detection.kind) {
    case "metric-filter":
      return { ...base, test: compileFilterPatternToIr(detection.pattern, detection.source), listsMatches: true, window: { kind: "period-count", alarm: detection.alarm } };
    case "contributor-insights": {
      if (detection.source !== "cloudtrail") throw new Unsupported("a Contributor Insights rule over sshd lines reads the fields of its log transformer (grok), which hunt does not compile to SQL yet; tripline replay evaluates it");
      const keys = detection.rule.keys.map((k) => ({ name: keyFieldName(k), value: textField(k) }));
      // The engine counts a record only when every key has a value: that is part of its test.
      const test = and([...contributorFilters(detection), ...keys.map((k): Expr => ({ kind: "scalar", value: k.value }))]);
      return { ...base, test, listsMatches: true, window: { kind: "contributor", alarm: detection.alarm, keys } };
    }
    case "event-rule":
      if (detection.source !== "cloudtrail") throw new Unsupported("event rules read CloudTrail records only");
      return { ...base, test: compileEventPatternToIr(detection.eventPattern), listsMatches: true, window: { kind: "none" } };
    case "stream": {
      const test = compileFilterPatternToIr(detection.pattern, detection.source);
      const detector = detection.detector;
      if (detector.type === "distinct-count") {
        const keys = detector.keyFields.map((k) => ({ name: k.replace(/^\$\./, ""), value: textField(k) }));
        const values = detector.valueFields.map((v) => textField(v));
        // A distinct count has no per-record test (docs/design.md contract 6): no matches, only alarms.
        return { ...base, test, listsMatches: false, window: { kind: "distinct", windowSeconds: detector.windowSeconds, threshold: detector.threshold, keys, values } };
      }
      return {
        ...base,
        test,
        listsMatches: true,
        outsideHours: profile.schedule,
        window: { kind: "instant", key: { name: "userIdentity.arn", value: textField("userIdentity.arn") } },
      };
    }
  }
}

/** Contributor Insights filters (modules/engines/contributor-rule/compile.ts): In compares the leaf's text. */
function contributorFilters(detection: ContributorInsightsDetection): Expr[] {
  return detection.rule.filters.map((filter): Expr => {
    const value = textField(filter.Match, true);
    if (filter.In !== undefined) {
      // The engine compares a boolean leaf by its text; the JSON text functions here read strings and numbers only.
      if (value.kind === "json" && filter.In.some((v) => String(v) === "true" || String(v) === "false")) {
        throw new Unsupported(`${filter.Match}: In with true/false inside JSON text is not compiled to SQL yet`);
      }
      return or(filter.In.map((v): Expr => ({ kind: "text", value, test: { kind: "equals", text: String(v) }, negate: false })));
    }
    if (filter.NotIn !== undefined) {
      if (value.kind === "json") throw new Unsupported(`${filter.Match}: NotIn inside JSON text is not compiled to SQL yet`);
      return and([{ kind: "scalar", value }, { kind: "not", operand: or(filter.NotIn.map((v): Expr => ({ kind: "text", value, test: { kind: "equals", text: String(v) }, negate: false }))) }]);
    }
    if (filter.IsPresent !== undefined) {
      const present: Expr = { kind: "scalar", value };
      return filter.IsPresent ? present : { kind: "not", operand: { kind: "present", value } };
    }
    throw new Unsupported(`the Contributor Insights filter ${JSON.stringify(filter)} is not compiled to SQL yet`);
  });
}
