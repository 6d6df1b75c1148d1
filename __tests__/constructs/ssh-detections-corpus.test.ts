/**
 * The SSH detections exactly as deployed, run over the public sshd corpus (`__tests__/corpus/ssh`):
 * the metric filters' patterns and alarms, the transformer's grok and the Contributor Insights
 * rule are read back from the synthesized Terraform JSON of one account (escapes undone as
 * Terraform does), turned into detection records, and replayed. Matches must equal the corpus
 * labels line for line; alarms must equal what an independent count of the labelled lines per
 * minute (and per source address for ssh-brute-force) gives.
 */
import { readFileSync, readdirSync } from "node:fs";
import { catalog } from "../../modules/catalog";
import type { ContributorInsightsDetection, Detection, MetricFilterDetection } from "../../modules/catalog/detection";
import { loadCheckedOrganization } from "../../modules/deployment/load-organization";
import { valueOf } from "../../modules/result";
import { detectionResourceName } from "../../modules/deployment/names";
import { DEFAULT_SCHEDULE } from "../../modules/deployment/profile";
import { terraformValue } from "../../modules/constructs/terraform-literal";
import { replayFiles } from "../../modules/replay/evaluate";
import { toReport, type ReplayReport } from "../../modules/replay/report";
import { corpusPath } from "../corpus-path";
import { synthOrganization, type TerraformJson } from "../support/synth";

type Resource = Record<string, unknown>;
interface SshLabels {
  readonly counts: Readonly<Record<string, number>>;
  readonly lines: Readonly<Record<string, readonly number[]>>;
  readonly sshd_lines_not_evaluated: readonly number[];
}

/** Classic headers carry no year: replay and the oracle both place them in this one. */
const YEAR = 2026;
const REFERENCE_TIME = Date.UTC(YEAR, 11, 31, 23, 59, 59);
const ACCOUNT = "payments-prod";
const REGION = "us-east-1";

function deployedFromJson(tf: TerraformJson): Detection[] {
  const resources = (type: string): Resource[] => Object.values(tf.resource?.[type] ?? {}).filter((r) => r.provider === `aws.${REGION}`);
  const byName = (type: string, key: string, name: string): Resource => {
    const found = resources(type).find((r) => r[key] === name);
    if (found === undefined) throw new Error(`no ${type} ${name} in ${ACCOUNT}/${REGION}`);
    return found;
  };
  return catalog
    .filter((d) => d.source === "ssh")
    .map((d): Detection => {
      const alarm = byName("aws_cloudwatch_metric_alarm", "alarm_name", detectionResourceName(d.id));
      const spec = {
        threshold: Number(alarm.threshold),
        comparison: alarm.comparison_operator as MetricFilterDetection["alarm"]["comparison"],
        evaluationPeriods: Number(alarm.evaluation_periods),
        periodSeconds: Number(alarm.period ?? (alarm.metric_query as { period: number }[])[0].period),
      };
      if (d.kind === "metric-filter") {
        const filter = byName("aws_cloudwatch_log_metric_filter", "name", detectionResourceName(d.id));
        return { ...d, pattern: terraformValue(String(filter.pattern)), alarm: spec };
      }
      if (d.kind !== "contributor-insights") throw new Error(`${d.id}: unexpected kind ${d.kind}`);
      const [transformer] = resources("aws_cloudwatch_log_transformer");
      const grok = (transformer.transformer_config as { grok: { match: string }[] }[])[0].grok[0].match;
      const stack = byName("aws_cloudformation_stack", "name", detectionResourceName(d.id));
      const template = JSON.parse(terraformValue(String(stack.template_body))) as { Resources: { Rule: { Properties: { RuleBody: string } } } };
      const body = JSON.parse(template.Resources.Rule.Properties.RuleBody) as { Contribution: { Keys: string[]; Filters: ContributorInsightsDetection["rule"]["filters"] } };
      return { ...d, transformer: { grok: terraformValue(grok) }, rule: { keys: body.Contribution.Keys, filters: body.Contribution.Filters }, alarm: spec };
    });
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The oracle's clock: the minute (ms) of a line's header, classic in YEAR, or RFC 3339. */
function minuteOf(line: string): number {
  const classic = /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):\d\d /.exec(line);
  if (classic) return Date.UTC(YEAR, MONTHS.indexOf(classic[1]), Number(classic[2]), Number(classic[3]), Number(classic[4]));
  const t = Date.parse(line.slice(0, line.indexOf(" ")));
  if (Number.isNaN(t)) throw new Error(`the oracle cannot read the time of: ${line}`);
  return Math.floor(t / 60_000) * 60_000;
}

/** Source address: the last ` from <addr> port <n> ssh2` of the line (independent of the grok). */
const addressOf = (line: string): string => {
  const all = [...line.matchAll(/ from (\S+) port \d+ ssh2/g)];
  return all[all.length - 1][1];
};

interface OracleAlarm {
  readonly start: string;
  readonly end: string;
  readonly value: number;
}

/** Runs of consecutive breaching minutes (evaluation periods 1), each with its highest count. */
function runs(perMinute: ReadonlyMap<number, number>, breaches: (value: number) => boolean): OracleAlarm[] {
  const minutes = [...perMinute].filter(([, v]) => breaches(v)).sort((a, b) => a[0] - b[0]);
  const out: { start: number; end: number; value: number }[] = [];
  for (const [minute, value] of minutes) {
    const last = out[out.length - 1];
    if (last !== undefined && last.end === minute) {
      last.end = minute + 60_000;
      last.value = Math.max(last.value, value);
    } else out.push({ start: minute, end: minute + 60_000, value });
  }
  const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
  return out.map((r) => ({ start: iso(r.start), end: iso(r.end), value: r.value }));
}

const model = valueOf(loadCheckedOrganization("accounts"));
if (!model) throw new Error("accounts/ has problems");
const deployed = deployedFromJson(synthOrganization(model)[ACCOUNT].tf);
const files = readdirSync(corpusPath("ssh")).filter((f) => f.endsWith(".log")).sort();

describe.each(files)("%s through the deployed SSH detections", (file) => {
  const labels = JSON.parse(readFileSync(corpusPath("labels", "ssh", `${file}.labels.json`), "utf8")) as SshLabels;
  const text = readFileSync(corpusPath("ssh", file), "utf8").split("\n").map((l) => l.replace(/\r$/, ""));
  const notEvaluated = new Set(labels.sshd_lines_not_evaluated);
  let report: ReplayReport;
  beforeAll(async () => {
    report = toReport(await replayFiles([corpusPath("ssh", file)], { detections: deployed, schedule: DEFAULT_SCHEDULE }, { referenceTime: REFERENCE_TIME }));
  });

  /** ssh-brute-force counts the lines ssh-failed-password's definition counts, per address. */
  const labelled = (id: string): number[] => [...labels.lines[id === "ssh-brute-force" ? "ssh-failed-password" : id]];

  test.each(deployed.map((d) => d.id))("%s matches exactly the labelled lines (lines whose header the labels do not parse aside)", (id) => {
    const matched = report.matches.filter((m) => m.detection === id && !notEvaluated.has(m.line)).map((m) => m.line);
    expect(matched).toEqual(labelled(id));
  });

  test.each(deployed.filter((d) => d.kind === "metric-filter").map((d) => d.id))("%s: alarms are the labelled lines' breaching minutes", (id) => {
    const d = deployed.find((x) => x.id === id) as MetricFilterDetection;
    const perMinute = new Map<number, number>();
    for (const n of labelled(id)) perMinute.set(minuteOf(text[n - 1]), (perMinute.get(minuteOf(text[n - 1])) ?? 0) + 1);
    const breaches = (v: number) => (d.alarm.comparison === "GreaterThanThreshold" ? v > d.alarm.threshold : v >= d.alarm.threshold);
    const alarms = report.alarms.filter((a) => a.detection === id).map((a) => ({ start: a.start, end: a.end, value: a.value }));
    expect(alarms).toEqual(runs(perMinute, breaches));
  });

  test("ssh-brute-force: alarms are the minutes where one address failed more than the threshold, keyed by that address", () => {
    const d = deployed.find((x) => x.id === "ssh-brute-force") as ContributorInsightsDetection;
    const perKey = new Map<string, number>();
    for (const n of labelled("ssh-brute-force")) {
      const key = `${minuteOf(text[n - 1])} ${addressOf(text[n - 1])}`;
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    const top = new Map<number, number>();
    const topAddresses = new Map<number, Set<string>>();
    for (const [key, count] of perKey) {
      const [minute, address] = [Number(key.slice(0, key.indexOf(" "))), key.slice(key.indexOf(" ") + 1)];
      if (count > (top.get(minute) ?? 0)) {
        top.set(minute, count);
        topAddresses.set(minute, new Set([address]));
      } else if (count === top.get(minute)) topAddresses.get(minute)?.add(address);
    }
    const expected = runs(top, (v) => v > d.alarm.threshold);
    const alarms = report.alarms.filter((a) => a.detection === "ssh-brute-force");
    expect(alarms.map((a) => ({ start: a.start, end: a.end, value: a.value }))).toEqual(expected);
    for (const a of alarms) {
      // The key is the busiest address of the run's peak minute (ties: any of them).
      const peak = [...top].filter(([m, v]) => m >= Date.parse(a.start) && m < Date.parse(a.end) && v === a.value).sort((x, y) => x[0] - y[0])[0][0];
      expect(topAddresses.get(peak)).toContain(a.key.ip);
    }
  });
});

test("RHEL's 20 minutes of brute force raise ssh-brute-force: three runs of breaching minutes, led by 202.109.143.106", async () => {
  const report = toReport(await replayFiles([corpusPath("ssh", "beats-secure-rhel7.log")], { detections: deployed, schedule: DEFAULT_SCHEDULE }, { referenceTime: REFERENCE_TIME }));
  // One alarm per run of consecutive breaching minutes, keyed by the busiest address of its peak
  // minute (16:51 is a minute where no address failed more than 5 times).
  expect(report.alarms.filter((a) => a.detection === "ssh-brute-force").map((a) => [a.start, a.end, a.value, a.key])).toEqual([
    ["2026-02-22T16:45:00Z", "2026-02-22T16:51:00Z", 15, { ip: "202.109.143.106" }],
    ["2026-02-22T16:52:00Z", "2026-02-22T16:53:00Z", 15, { ip: "202.109.143.106" }],
    ["2026-02-22T16:54:00Z", "2026-02-22T17:05:00Z", 19, { ip: "202.109.143.106" }],
  ]);
});
