/**
 * `tripline validate` rejects, with file:line, what AWS would reject once the manifest's settings
 * and exceptions are compiled (docs/aws-facts.md e1, e2, e6, e7, d2):
 * - a filter pattern over 1,024 characters, or with more than 2 regexes;
 * - more than 100 metric filters, or more than 5 filter patterns with a regex, on one log group;
 * - a Contributor Insights rule over its 4 filters × 10 values;
 * - settings and exceptions a detection's kind cannot take (deployment.ts `issues`);
 * - an alarm whose periods add up to more than CloudWatch evaluates;
 * - an EventBridge rule's compiled event pattern over EventBridge's 2,048 characters, or one PutRule
 *   would refuse (docs/aws-facts.md m11, f).
 * Unknown detection ids are rejected earlier, by modules/manifest/checks.ts.
 */
import { compileEventPattern, DEFAULT_MAX_PATTERN_LENGTH, EventPatternError } from "../engines/event-pattern";
import { describeFilterPattern, type FilterPatternFacts } from "../engines/filter-pattern";
import type { AccountModel, ModelCheck, OrganizationModel } from "../manifest/model";
import { formatFieldPath } from "../manifest/locate";
import type { Problem } from "../manifest/problem";
import type { Detection } from "../catalog/detection";
import { organizationFileOf, planDeployment, runsOnTrailLogGroup, subscriptionPattern, type DeployedDetection, type ManifestPlace } from "./plan";
import { catalog as defaultCatalog } from "../catalog/index";

/** PutMetricFilter / PutSubscriptionFilter `filterPattern` (docs/aws-facts.md e2). */
export const MAX_PATTERN_LENGTH = 1024;
/** Metric filters per log group, not adjustable (docs/aws-facts.md e1). */
export const MAX_METRIC_FILTERS_PER_LOG_GROUP = 100;
/** Filter patterns holding a regex per log group, and regexes per pattern (docs/aws-facts.md e6). */
export const MAX_REGEX_PATTERNS_PER_LOG_GROUP = 5;
export const MAX_REGEXES_PER_PATTERN = 2;
/**
 * PutMetricAlarm: Period × EvaluationPeriods may not exceed one day, or seven days for periods of
 * an hour or more. https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export const maxAlarmSpanSeconds = (periodSeconds: number): number => (periodSeconds >= 3600 ? 7 * 86400 : 86400);

/** The deployment checks, for `loadOrganization(dir, ids, deploymentChecks)`. */
export const deploymentChecks: readonly ModelCheck[] = [(model) => checkDeployment(model)];

/** Every problem deploying this organization would meet; `catalog` only for tests. */
export function checkDeployment(model: OrganizationModel, catalog: readonly Detection[] = defaultCatalog): Problem[] {
  const problems: Problem[] = [];
  const orgFile = organizationFileOf(model);
  const place = (p: ManifestPlace): Pick<Problem, "file" | "line" | "col" | "field"> => ({
    file: p.file,
    ...model.locate(p.file, p.path, p.atKey),
    field: formatFieldPath(p.path),
  });
  const seen = new Set<string>();
  const once = (p: ManifestPlace & { readonly message: string }) => {
    const problem = { ...place(p), message: p.message };
    const key = `${problem.file}:${problem.line}:${problem.col}:${problem.field}:${problem.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(problem);
  };

  // The organization's own settings, then each account's (account plans repeat the
  // organization's issues: reported once).
  const plans = [planDeployment(model, undefined, catalog), ...model.accounts.map((a) => planDeployment(model, a, catalog))];
  for (const plan of plans) plan.issues.forEach(once);

  // The trail's detections run once, in the trail owner's account: another account's settings
  // or exceptions for them would change nothing, which is worse than an error.
  const onTrailIds = new Set(catalog.filter(runsOnTrailLogGroup).map((d) => d.id));
  for (const account of model.accounts) {
    if (account === model.trailOwner) continue;
    for (const section of ["settings", "exceptions"] as const) {
      for (const id of Object.keys(account.detections[section] ?? {})) {
        if (!onTrailIds.has(id)) continue;
        once({
          file: account.file,
          path: ["detections", section, id],
          atKey: true,
          message: `${id} runs once, on the organization trail's log group in ${model.trailOwner.name}'s account; set its ${section} in the organization file or in ${model.trailOwner.name}'s`,
        });
      }
    }
  }

  // The trail's log group: the trail owner's plan.
  const trail = plans[model.accounts.indexOf(model.trailOwner) + 1];
  const onTrail = trail.detections.filter((d) => runsOnTrailLogGroup(d.detection));
  const where = (d: DeployedDetection): ManifestPlace =>
    d.exceptionsAt[d.exceptionsAt.length - 1] ?? { file: orgFile, path: ["detections"], atKey: true };
  checkLogGroup(
    "the organization trail's log group",
    onTrail,
    where,
    { file: orgFile, path: ["detections"], atKey: true },
    once,
  );

  plans.forEach((plan, i) => checkAlarmSpans(plan.detections, model.accounts[i - 1], orgFile, once));
  const patternErrors = new Map<string, string | undefined>();
  plans.forEach((plan) => checkEventPatterns(plan.detections, orgFile, patternErrors, once));

  // Each account's SSH log group, with that account's settings.
  model.accounts.forEach((account, i) => {
    const ssh = plans[i + 1].detections.filter((d) => d.detection.source === "ssh" && d.detection.kind === "metric-filter");
    const at: ManifestPlace = { file: account.file, path: ["detections"], atKey: true };
    checkLogGroup(`${account.name}'s SSH log group`, ssh, () => at, at, once);
  });
  return problems;
}

type Report = (p: ManifestPlace & { message: string }) => void;

/** An alarm's evaluation span, blamed on the file that set its period or evaluation periods. */
function checkAlarmSpans(deployed: readonly DeployedDetection[], account: AccountModel | undefined, orgFile: string, report: Report): void {
  for (const { detection, catalogId } of deployed) {
    if (detection.kind !== "metric-filter" && detection.kind !== "contributor-insights") continue;
    const { periodSeconds, evaluationPeriods } = detection.alarm;
    const span = periodSeconds * evaluationPeriods;
    if (span <= maxAlarmSpanSeconds(periodSeconds)) continue;
    const own = account?.detections.settings?.[catalogId];
    const file = own && (own.periodSeconds !== undefined || own.evaluationPeriods !== undefined) ? (account).file : orgFile;
    report({
      file,
      path: ["detections", "settings", catalogId],
      atKey: true,
      message: `periodSeconds × evaluationPeriods is ${periodSeconds} × ${evaluationPeriods} = ${span} s; CloudWatch evaluates at most ${maxAlarmSpanSeconds(periodSeconds)} s (one day, or seven days for periods of an hour or more)`,
    });
  }
}

/**
 * Each event rule's pattern as deployed, exceptions compiled in, read the way PutRule reads it:
 * over the size quota, or refused. Blamed on the exceptions that made it (the last file that gave
 * some), else on the organization's detections. Most accounts deploy the organization's patterns:
 * each distinct text is read once (`seen`), which keeps validate fast for thousands of accounts.
 */
function checkEventPatterns(deployed: readonly DeployedDetection[], orgFile: string, seen: Map<string, string | undefined>, report: Report): void {
  for (const d of deployed) {
    if (d.detection.kind !== "event-rule") continue;
    const text = JSON.stringify(d.detection.eventPattern);
    if (!seen.has(text)) seen.set(text, eventPatternError(text));
    const error = seen.get(text);
    if (error === undefined) continue;
    const at = d.exceptionsAt[d.exceptionsAt.length - 1] ?? { file: orgFile, path: ["detections"], atKey: true };
    report({ ...at, message: `with its exceptions, the event pattern of tripline-${d.detection.id}: ${error}; merge entries or drop values` });
  }
}

/** Why PutRule would refuse this pattern text, or undefined. */
function eventPatternError(text: string): string | undefined {
  try {
    compileEventPattern(text, { maxPatternLength: DEFAULT_MAX_PATTERN_LENGTH });
    return undefined;
  } catch (error) {
    if (error instanceof EventPatternError) return error.message;
    throw error;
  }
}

/** One log group's limits: each pattern, the metric filters, the regex patterns, the subscription filter. */
function checkLogGroup(
  group: string,
  deployed: readonly DeployedDetection[],
  where: (d: DeployedDetection) => ManifestPlace,
  groupPlace: ManifestPlace,
  report: Report,
): void {
  const withRegex: DeployedDetection[] = [];
  const factsOf = (d: DeployedDetection, pattern: string, what: string): FilterPatternFacts | undefined => {
    try {
      const facts = describeFilterPattern(pattern);
      if (facts.length > MAX_PATTERN_LENGTH) {
        report({ ...where(d), message: `with its exceptions, ${what} is ${facts.length} characters; AWS allows ${MAX_PATTERN_LENGTH}: merge entries, drop values or wildcards` });
      }
      if (facts.regexCount > MAX_REGEXES_PER_PATTERN) {
        report({ ...where(d), message: `with its exceptions, ${what} holds ${facts.regexCount} regexes; AWS allows ${MAX_REGEXES_PER_PATTERN} per pattern (a value with several * or a quote needs a regex for its field in its entry)` });
      }
      return facts;
    } catch (error) {
      report({ ...where(d), message: `with its exceptions, ${what} is not a valid filter pattern: ${error instanceof Error ? error.message : String(error)}` });
      return undefined;
    }
  };
  const metricFilters = deployed.filter((d) => d.detection.kind === "metric-filter");
  for (const d of metricFilters) {
    if (d.detection.kind !== "metric-filter") continue;
    const facts = factsOf(d, d.detection.pattern, `the pattern of tripline-${d.detection.id}`);
    if (facts && facts.regexCount > 0) withRegex.push(d);
  }
  if (metricFilters.length > MAX_METRIC_FILTERS_PER_LOG_GROUP) {
    report({ ...groupPlace, message: `${metricFilters.length} metric filters on ${group}; AWS allows ${MAX_METRIC_FILTERS_PER_LOG_GROUP} per log group (turn detections off or drop twins' exceptions)` });
  }
  const streams = deployed.filter((d) => d.detection.kind === "stream");
  const subscription = subscriptionPattern(streams.map((d) => d.detection));
  if (subscription !== undefined) {
    // Blame the stream detection with exceptions, if any: they are what can make it too long.
    const blamed = streams.find((d) => d.exceptionsAt.length > 0) ?? streams[0];
    const facts = factsOf(blamed, subscription, "the stream detector's subscription filter pattern (the OR of the stream detections' patterns)");
    if (facts && facts.regexCount > 0) withRegex.push(blamed);
  }
  // AWS counts filter patterns with a regex per log group; counted here over metric and
  // subscription filters alike (the quota page does not tell them apart).
  if (withRegex.length > MAX_REGEX_PATTERNS_PER_LOG_GROUP) {
    const tuned = withRegex.filter((d) => d.exceptionsAt.length > 0);
    const at = tuned.length > 0 ? where(tuned[tuned.length - 1]) : groupPlace;
    report({
      ...at,
      message: `${withRegex.length} filter patterns on ${group} hold a regex (${withRegex.map((d) => d.detection.id).join(", ")}); AWS allows ${MAX_REGEX_PATTERNS_PER_LOG_GROUP}: avoid exception values with several * or quotes`,
    });
  }
}
