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

/** Link texts by host, so a row of references reads "Security Hub, CIS, AWS" rather than URLs. */
const SOURCE_NAMES: readonly (readonly [host: string, name: string])[] = [
  ["docs.aws.amazon.com/securityhub/", "Security Hub"],
  ["www.cisecurity.org", "CIS"],
  ["attack.mitre.org", "ATT&CK"],
  ["man.openbsd.org", "OpenSSH"],
  ["docs.aws.amazon.com", "AWS"],
];

/** The references as Markdown links named by their source, numbered where a source repeats. */
function referenceLinks(references: readonly string[]): string {
  const seen = new Map<string, number>();
  return references
    .map((url) => {
      const name = SOURCE_NAMES.find(([host]) => url.includes(`//${host}`))?.[1] ?? new URL(url).host;
      const count = (seen.get(name) ?? 0) + 1;
      seen.set(name, count);
      return `[${count === 1 ? name : `${name} ${count}`}](${url})`;
    })
    .join(", ");
}

/** A table cell holds one line and no column separator. */
const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

/** How it runs; a rule on transformed text lines says so. */
const howOf = (d: Detection): string => (d.kind === "contributor-insights" && d.transformer !== undefined ? `log transformer (grok) + ${HOW[d.kind]}` : HOW[d.kind]);

export function renderDetectionReference(catalog: readonly Detection[]): string {
  const rows = catalog.map(
    (d) => `| \`${d.id}\` | ${d.title} | ${d.severity} | ${d.controls.join(", ")} | ${d.mitre} | ${d.source} | ${howOf(d)} | ${thresholdOf(d)} | ${deployedOf(d)} |`,
  );
  const context = catalog.map((d) => `| \`${d.id}\` | ${cell(d.falsePositives.join(" "))} | ${referenceLinks(d.references)} |`);
  return [
    "| id | what | severity | controls | MITRE | source | runs as | fires at | deployed |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "What else sets each one off, and where it is documented:",
    "",
    "| id | false positives: legitimate causes to rule out first | references |",
    "| --- | --- | --- |",
    ...context,
  ].join("\n");
}
