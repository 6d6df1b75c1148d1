/** The README's table of detections, rendered from the catalog so that it cannot drift. */
import { isDeployedByTripline } from "./plan";
import type { Detection } from "../catalog/detection";

const HOW: Record<Detection["kind"], string> = {
  "metric-filter": "metric filter + alarm",
  "contributor-insights": "Contributor Insights rule + alarm",
  stream: "stream detector (subscription filter → Lambda)",
  "event-rule": "EventBridge rule, every account and region",
};

function thresholdOf(detection: Detection): string {
  if (detection.kind === "metric-filter" || detection.kind === "contributor-insights") {
    const { threshold, periodSeconds, comparison } = detection.alarm;
    return `${comparison === "GreaterThanThreshold" ? ">" : "≥"} ${threshold} in ${periodSeconds} s`;
  }
  if (detection.kind === "stream" && detection.detector.type === "distinct-count") {
    return `≥ ${detection.detector.threshold} distinct in ${detection.detector.windowSeconds} s`;
  }
  return "each event";
}

/** Whether this version deploys the detection; the others run in `tripline replay` only. */
const deployedOf = (detection: Detection): string => (isDeployedByTripline(detection) ? "yes" : "not yet (replay only)");

/** How it runs; a rule on transformed text lines says so. */
const howOf = (d: Detection): string => (d.kind === "contributor-insights" && d.transformer !== undefined ? `log transformer (grok) + ${HOW[d.kind]}` : HOW[d.kind]);

export function renderDetectionReference(catalog: readonly Detection[]): string {
  const rows = catalog.map(
    (d) => `| \`${d.id}\` | ${d.title} | ${d.severity} | ${d.controls.join(", ")} | ${d.mitre} | ${d.source} | ${howOf(d)} | ${thresholdOf(d)} | ${deployedOf(d)} |`,
  );
  return [
    "| id | what | severity | controls | MITRE | source | runs as | fires at | deployed |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
