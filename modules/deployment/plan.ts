/**
 * What an organization deploys, detection by detection: the catalog with the manifest's settings
 * applied, detections turned off left out, and exceptions compiled into the patterns. The
 * constructs build resources from this list and replay's `replayProfileFor`
 * (modules/deployment/organization-profile.ts) evaluates the same list, so what runs in AWS and what
 * replay evaluates cannot drift apart (docs/design.md contract 6).
 *
 * Tuned twins (docs/exceptions.md): a detection that names a Security Hub control (`CloudWatch.N`)
 * must keep that control's pattern byte for byte, or the control fails (contract 7). When the
 * manifest gives it exceptions it is deployed twice:
 * - `<id>` with the exact pattern and no exceptions; its alarm notifies the compliance topic,
 *   which a queue subscribes to (Security Hub wants a subscriber, docs/aws-facts.md c4) and no person reads;
 * - `<id>-tuned` with the exceptions compiled in and no `controls` (it is deliberately narrower);
 *   its alarm notifies the alert topic.
 * A detection without such a control takes its exceptions in place, under its own id.
 */
import { dirname, join } from "node:path";
import { ORGANIZATION_FILE } from "../manifest/load";
import type { AccountModel, OrganizationModel } from "../manifest/model";
import type { DetectionException, DetectionSetting } from "../manifest/schema";
import type { Detection, DetectionKind, LogSource } from "../catalog/detection";
import { compileContributorExceptions, compileFilterExceptions, type ExceptionIssue } from "./exceptions";
import { compileEventPatternExceptions } from "./event-pattern-exceptions";
import { catalog as defaultCatalog } from "../catalog/index";
import { assertNever } from "../assert-never";

/** Suffix of a tuned twin's id, and so of its filter, metric and alarm names (contract 8). */
export const TUNED_SUFFIX = "-tuned";

/** A Security Hub control id (`CloudWatch.4`), whose published pattern a detection must keep. */
export const isSecurityHubControl = (control: string): boolean => /^CloudWatch\.\d+$/.test(control);

/** Which topic a deployed detection's alarm notifies. */
export type AlarmTopic = "alerts" | "compliance";

/** A place in a manifest file, for problems about what was deployed. */
export interface ManifestPlace {
  readonly file: string;
  readonly path: readonly (string | number)[];
  /** Point at the key (a detection id) rather than its value. */
  readonly atKey?: boolean;
}

export interface DeployedDetection {
  /** The record as deployed: settings applied, exceptions compiled in; a tuned twin's id ends in `-tuned`. */
  readonly detection: Detection;
  /** The catalog id it comes from (a twin's is its original's). */
  readonly catalogId: string;
  /** `exact` or `tuned` for the two halves of a twin; undefined for a detection deployed once. */
  readonly twin?: "exact" | "tuned";
  readonly notify: AlarmTopic;
  /** CloudWatch namespace of its metric. */
  readonly namespace: string;
  /** Where the manifest gave it exceptions (organization file first); empty without exceptions. */
  readonly exceptionsAt: readonly ManifestPlace[];
  /** The exceptions compiled into its pattern, reasons included, for review; empty for an exact twin. */
  readonly exceptions: readonly DetectionException[];
}

/** A manifest setting or exception that cannot be deployed, with its place. */
export interface DeploymentIssue extends ManifestPlace {
  readonly message: string;
}

export interface Deployment {
  readonly detections: readonly DeployedDetection[];
  readonly issues: readonly DeploymentIssue[];
}

/** The organization file's path: it sits beside every account file (modules/manifest/load.ts). */
export const organizationFileOf = (model: OrganizationModel): string => join(dirname(model.management.file), ORGANIZATION_FILE);

interface Sourced<T> {
  readonly value: T;
  readonly file: string;
}

/** An exception and where it was written. */
interface SourcedException {
  readonly exception: DetectionException;
  readonly place: ManifestPlace;
}

const ALARM_SETTINGS = ["threshold", "periodSeconds", "evaluationPeriods"] as const;

/**
 * Plans the deployment of every catalog detection for one account: the organization's settings
 * and exceptions, then the account's (its settings override field by field, its exceptions add
 * to the organization's). Without an account, the organization's alone. Never throws for a
 * manifest mistake: those are `issues`.
 */
export function planDeployment(model: OrganizationModel, account?: AccountModel, catalog: readonly Detection[] = defaultCatalog): Deployment {
  const orgFile = organizationFileOf(model);
  const sections = [
    { file: orgFile, detections: model.detections },
    ...(account ? [{ file: account.file, detections: account.detections }] : []),
  ];
  const namespace = account?.detections.namespace ?? model.detections.namespace;
  const detections: DeployedDetection[] = [];
  const issues: DeploymentIssue[] = [];
  for (const original of catalog) {
    const settings: Sourced<DetectionSetting>[] = sections.flatMap((s) => {
      const value = s.detections.settings?.[original.id];
      return value ? [{ value, file: s.file }] : [];
    });
    const merged: DetectionSetting = Object.assign({}, ...settings.map((s) => s.value));
    if (merged.enabled === false) continue;
    const exceptions: SourcedException[] = sections.flatMap((s) =>
      (s.detections.exceptions?.[original.id] ?? []).map((exception, index) => ({
        exception,
        place: { file: s.file, path: ["detections", "exceptions", original.id, index] },
      })),
    );
    const exceptionsAt: ManifestPlace[] = sections
      .filter((s) => (s.detections.exceptions?.[original.id] ?? []).length > 0)
      .map((s) => ({ file: s.file, path: ["detections", "exceptions", original.id], atKey: true }));

    const configured = applySettings(original, merged, settings, issues);
    const tuned = applyExceptions(configured, exceptions, issues);
    if (tuned === undefined) continue;
    const base = { catalogId: original.id, namespace, exceptionsAt };
    const compiledIn = exceptions.map((e) => e.exception);
    if (exceptions.length > 0 && original.controls.some(isSecurityHubControl)) {
      detections.push({ ...base, detection: configured, twin: "exact", notify: "compliance", exceptions: [] });
      detections.push({
        ...base,
        exceptions: compiledIn,
        detection: { ...tuned, id: `${original.id}${TUNED_SUFFIX}`, title: `${original.title} (tuned)`, controls: [] },
        twin: "tuned",
        notify: "alerts",
      });
    } else {
      detections.push({ ...base, detection: tuned, notify: "alerts", exceptions: compiledIn });
    }
  }
  return { detections, issues: dedupeIssues(issues) };
}

/** The deployment, for code that runs after `validate` passed (constructs): an issue is our bug. */
export function deployedDetections(model: OrganizationModel, account?: AccountModel, catalog: readonly Detection[] = defaultCatalog): DeployedDetection[] {
  const plan = planDeployment(model, account, catalog);
  if (plan.issues.length > 0) {
    throw new Error(`the manifest passed validation but cannot be deployed: ${plan.issues.map((i) => `${i.file} ${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return [...plan.detections];
}

/**
 * Whether a detection runs on the organization trail's log group: the CloudTrail detections that
 * CloudWatch Logs evaluates (metric filters, Contributor Insights, the stream detector), all in
 * the trail owner's account and home Region (docs/aws-facts.md a1). Event rules run in every account.
 */
export function runsOnTrailLogGroup(d: Detection): boolean {
  switch (d.kind) {
    case "metric-filter":
    case "contributor-insights":
    case "stream":
      return d.source === "cloudtrail";
    case "event-rule":
      return false;
    default:
      return assertNever(d, "detection kind");
  }
}

/** Whether a detection runs on an account's SSH log group (modules/constructs/ssh-detections.ts). */
export const runsOnSshLogGroup = (d: Detection): boolean => d.source === "ssh";

/**
/**
 * Whether this version of tripline deploys a detection anywhere, as an allow-list by kind and
 * source: a new kind or source fails to compile until this table says whether it is deployed.
 * Today that is the trail's log group (`runsOnTrailLogGroup`), the SSH log groups
 * (`runsOnSshLogGroup`), and for event rules every account and Region, forwarded to the central
 * bus (modules/constructs/event-forwarder.ts). Widen this table when a stack deploys a new kind;
 * `replay --accounts`, which evaluates only what is deployed, and the README's table follow.
 */
export const DEPLOYED_BY_TRIPLINE: Readonly<Record<DetectionKind, Readonly<Record<LogSource, boolean>>>> = {
  "metric-filter": { cloudtrail: true, ssh: true },
  "contributor-insights": { cloudtrail: true, ssh: true },
  stream: { cloudtrail: true, ssh: false },
  "event-rule": { cloudtrail: true, ssh: false },
};

export const isDeployedByTripline = (d: Detection): boolean => DEPLOYED_BY_TRIPLINE[d.kind][d.source];

/** An EventBridge rule on CloudTrail's events, in every account and Region. */
export const isEventRule = (d: Detection): boolean => d.source === "cloudtrail" && d.kind === "event-rule";

/** What the trail owner deploys on the trail's log group: the organization's settings plus the trail owner's. */
export function trailDetections(model: OrganizationModel, catalog: readonly Detection[] = defaultCatalog): DeployedDetection[] {
  return deployedDetections(model, model.trailOwner, catalog).filter((d) => runsOnTrailLogGroup(d.detection));
}

/** What one account deploys on its SSH log groups: the organization's settings plus the account's. */
export function sshDetections(model: OrganizationModel, account: AccountModel, catalog: readonly Detection[] = defaultCatalog): DeployedDetection[] {
  return deployedDetections(model, account, catalog).filter((d) => runsOnSshLogGroup(d.detection));
}

/**
 * The subscription filter's pattern: the OR of the stream detections' deployed patterns, so that
 * the function only receives events one of them can match (its volume, and cost, follow). The
 * function still tests each detection's own pattern.
 */
export function subscriptionPattern(streams: readonly Detection[]): string | undefined {
  const patterns = streams.flatMap((d) => (d.kind === "stream" ? [d.pattern] : []));
  if (patterns.length <= 1) return patterns[0];
  const inners = patterns.map((p) => p.trim().slice(1, -1).trim());
  return `{ ${inners.map((inner) => `(${inner})`).join(" || ")} }`;
}

// ---------------------------------------------------------------------------------------------

function applySettings(d: Detection, merged: DetectionSetting, sources: readonly Sourced<DetectionSetting>[], issues: DeploymentIssue[]): Detection {
  const reject = (field: (typeof ALARM_SETTINGS)[number], why: string) => {
    for (const s of sources) {
      if (s.value[field] !== undefined) issues.push({ file: s.file, path: ["detections", "settings", d.id, field], message: why });
    }
  };
  if (ALARM_SETTINGS.every((field) => merged[field] === undefined)) return d;
  switch (d.kind) {
    case "metric-filter":
    case "contributor-insights":
      return {
        ...d,
        alarm: {
          ...d.alarm,
          threshold: merged.threshold ?? d.alarm.threshold,
          periodSeconds: merged.periodSeconds ?? d.alarm.periodSeconds,
          evaluationPeriods: merged.evaluationPeriods ?? d.alarm.evaluationPeriods,
        },
      };
    case "stream":
      switch (d.detector.type) {
        case "distinct-count":
          reject("evaluationPeriods", `${d.id} fires once per window when the distinct count reaches the threshold; it has no evaluation periods (set threshold or periodSeconds, the window)`);
          if (merged.threshold !== undefined && !Number.isInteger(merged.threshold)) {
            reject("threshold", `${d.id} counts distinct values: its threshold is a whole number, not ${merged.threshold}`);
          }
          return {
            ...d,
            detector: { ...d.detector, threshold: merged.threshold ?? d.detector.threshold, windowSeconds: merged.periodSeconds ?? d.detector.windowSeconds },
          };
        case "off-hours":
          for (const field of ALARM_SETTINGS) reject(field, `${d.id} fires on each sign-in outside working hours; it has no ${field} (change detections.schedule instead)`);
          return d;
        default:
          return assertNever(d.detector, "detector type");
      }
    case "event-rule":
      for (const field of ALARM_SETTINGS) reject(field, `${d.id} is an EventBridge rule: every matching event is delivered, there is no ${field}; only enabled applies`);
      return d;
    default:
      return assertNever(d, "detection kind");
  }
}

function applyExceptions(d: Detection, exceptions: readonly SourcedException[], issues: DeploymentIssue[]): Detection | undefined {
  if (exceptions.length === 0) return d;
  const report = (found: readonly ExceptionIssue[]) => {
    for (const issue of found) {
      const place = exceptions[issue.entry]?.place ?? exceptions[0].place;
      issues.push({ file: place.file, path: [...place.path, ...issue.path], message: issue.message });
    }
  };
  const list = exceptions.map((e) => e.exception);
  if (d.source !== "cloudtrail") {
    report([{ entry: 0, path: [], message: `${d.id} reads sshd log lines; exceptions (principals, source IPs, user agents) apply to CloudTrail detections` }]);
    return undefined;
  }
  switch (d.kind) {
    case "metric-filter":
    case "stream": {
      const compiled = compileFilterExceptions(d.pattern, list);
      if (compiled.ok) return { ...d, pattern: compiled.value };
      report(compiled.problems);
      return undefined;
    }
    case "contributor-insights": {
      const compiled = compileContributorExceptions(d.rule, list);
      if (compiled.ok) return { ...d, rule: { ...d.rule, filters: compiled.value } };
      report(compiled.problems);
      return undefined;
    }
    case "event-rule": {
      const compiled = compileEventPatternExceptions(d.eventPattern, list);
      if (compiled.ok) return { ...d, eventPattern: compiled.value };
      report(compiled.problems);
      return undefined;
    }
    default:
      return assertNever(d, "detection kind");
  }
}

function dedupeIssues(issues: readonly DeploymentIssue[]): DeploymentIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.file}\u0000${i.path.join("\u0000")}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
