/** The README's table of detections, rendered from the catalog so that it cannot drift. */
import { isDeployedByTripline } from "./plan";
import type { Detection } from "../catalog/detection";
import { assertNever } from "../assert-never";

const HOW: Record<Detection["kind"], string> = {
  "metric-filter": "metric filter + alarm",
  "contributor-insights": "Contributor Insights rule + alarm",
  stream: "stream detector (subscription filter → Lambda)",
  "event-rule": "EventBridge rule, every account and region",
};

function thresholdOf(detection: Detection): string {
  switch (detection.kind) {
    case "metric-filter":
    case "contributor-insights": {
      const { threshold, periodSeconds, comparison } = detection.alarm;
      return `${comparison === "GreaterThanThreshold" ? ">" : "≥"} ${threshold} in ${periodSeconds} s`;
    }
    case "stream":
      switch (detection.detector.type) {
        case "distinct-count":
          return `≥ ${detection.detector.threshold} distinct in ${detection.detector.windowSeconds} s`;
        case "off-hours":
          return "each event";
        default:
          return assertNever(detection.detector, "detector type");
      }
    case "event-rule":
      return "each event";
    default:
      return assertNever(detection, "detection kind");
  }
}

/** Whether this version deploys the detection; the others run in `tripline replay` only. */
const deployedOf = (detection: Detection): string => (isDeployedByTripline(detection) ? "yes" : "not yet (replay only)");

export function renderDetectionReference(catalog: readonly Detection[]): string {
  const rows = catalog.map(
    (d) => `| \`${d.id}\` | ${d.title} | ${d.severity} | ${d.controls.join(", ")} | ${d.mitre} | ${d.source} | ${HOW[d.kind]} | ${thresholdOf(d)} | ${deployedOf(d)} |`,
  );
  return [
    "| id | what | severity | controls | MITRE | source | runs as | fires at | deployed |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
