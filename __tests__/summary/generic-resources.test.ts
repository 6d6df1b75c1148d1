/**
 * The summary over resource types tripline's stacks do not hold yet (EventBridge rules forwarded
 * to the central bus, SSH log groups and filters in other Regions, functions on x86): found by
 * the naming contract, counted, priced; and hostile names kept inside their cells.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { summaryMarkdown } from "../../modules/summary/markdown";
import { DEFAULT_ASSUMPTIONS, DEFAULT_PRICES } from "../../modules/summary/prices";
import { summarize } from "../../modules/summary/summarize";
import { readSynthOutput } from "../../modules/summary/synth-output";

function synthOutput(stacks: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "tripline-summary-generic-"));
  const manifest: Record<string, unknown> = {};
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
    manifest[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: manifest }));
  return dir;
}

const providers = (account: string, regions: string[]) => ({ aws: regions.map((region) => ({ alias: region, region, allowed_account_ids: [account] })) });

const workload = {
  provider: providers("444444444444", ["us-east-1", "eu-west-1"]),
  resource: {
    aws_cloudwatch_event_rule: {
      sd_use1: { name: "tripline-security-service-disabled", event_pattern: '{"source":["aws.guardduty"]}', provider: "aws.us-east-1" },
      sd_euw1: { name: "tripline-security-service-disabled-eu-west-1", event_pattern: '{"source":["aws.guardduty"]}', provider: "aws.eu-west-1" },
      forwarder: { name: "tripline-forward", event_pattern: '{"source":["aws.signin"]}', provider: "aws.us-east-1" },
    },
    aws_cloudwatch_event_target: {
      sd_use1_target: { rule: "${aws_cloudwatch_event_rule.sd_use1.name}", arn: "arn:aws:events:us-east-1:222222222222:event-bus/tripline-security-events", provider: "aws.us-east-1" },
      sd_euw1_target: { rule: "${aws_cloudwatch_event_rule.sd_euw1.name}", arn: "arn:aws:events:us-east-1:222222222222:event-bus/tripline-security-events", provider: "aws.eu-west-1" },
    },
    aws_cloudwatch_log_group: { ssh: { name: "tripline-ssh", retention_in_days: 30, provider: "aws.eu-west-1" } },
    aws_cloudwatch_log_metric_filter: {
      ssh_filter: { name: "tripline-ssh-invalid-user", pattern: '"Invalid user"', log_group_name: "${aws_cloudwatch_log_group.ssh.name}", metric_transformation: { name: "ssh-invalid-user", namespace: "tripline", value: "1" }, provider: "aws.eu-west-1" },
    },
    aws_cloudwatch_metric_alarm: {
      ssh_alarm: { alarm_name: "tripline-ssh-invalid-user", namespace: "tripline", metric_name: "ssh-invalid-user", threshold: 10, period: 300, evaluation_periods: 1, comparison_operator: "GreaterThanOrEqualToThreshold", alarm_actions: ["arn:aws:sns:eu-west-1:444444444444:tripline-alerts"], provider: "aws.eu-west-1" },
      queue_alarm: { alarm_name: "tripline-notifier-dlq", namespace: "AWS/SQS", metric_name: "ApproximateNumberOfMessagesVisible", threshold: 1, provider: "aws.eu-west-1" },
    },
    aws_lambda_function: { notifier: { function_name: "tripline-notifier", memory_size: 512, architectures: ["x86_64"], provider: "aws.us-east-1" } },
    aws_ssm_document: { bootstrap: { name: "tripline-ssh-bootstrap", content: "{}", provider: "aws.us-east-1" } },
  },
};

test("detections by the naming contract, whatever their type, with their Regions and destinations", () => {
  const summary = summarize(readSynthOutput(synthOutput({ workload })), DEFAULT_ASSUMPTIONS);
  const [stack] = summary.stacks;
  expect(stack.detections.map((d) => [d.id, d.region, d.notifies])).toEqual([
    ["security-service-disabled", "eu-west-1", ["events tripline-security-events (account 222222222222)"]],
    ["ssh-invalid-user", "eu-west-1", ["sns tripline-alerts"]],
    ["security-service-disabled", "us-east-1", ["events tripline-security-events (account 222222222222)"]],
  ]);
  expect(stack.detections[1]).toMatchObject({ threshold: 10, periodSeconds: 300, account: "444444444444", patterns: { aws_cloudwatch_log_metric_filter: '"Invalid user"' } });
  // Resources named for their role are counted, not taken for detections.
  expect(stack.resourcesByType).toMatchObject({ aws_cloudwatch_event_rule: 3, aws_ssm_document: 1, aws_lambda_function: 1 });
});

test("their costs: cross-account events per forwarding target, x86 compute, the SSH log group at the stated volume", () => {
  const [stack] = summarize(readSynthOutput(synthOutput({ workload })), DEFAULT_ASSUMPTIONS).stacks;
  const line = (item: string) => stack.cost.find((c) => c.item === item);
  const v = DEFAULT_ASSUMPTIONS.volumes;
  expect(line("EventBridge cross-account events")).toMatchObject({ quantity: 2 * v.crossAccountEventsMillions, monthlyUsd: 2 * v.crossAccountEventsMillions * DEFAULT_PRICES.eventBridgeCrossAccount.usd });
  expect(line("Lambda compute (x86_64)")?.quantity).toBeCloseTo(v.lambdaInvocationsMillions * 1e6 * (v.lambdaAverageMs / 1000) * 0.5, 6);
  expect(line("Lambda compute (arm64)")).toBeUndefined();
  expect(line("Log ingestion")?.quantity).toBe(v.otherLogGroupGb);
  expect(line("Log storage")?.quantity).toBeCloseTo(v.otherLogGroupGb, 10);
  expect(line("CloudWatch alarms")?.quantity).toBe(2);
  expect(line("Custom metrics")?.quantity).toBe(1);
});

test("hostile names and reasons stay inside their cells: no HTML, no mention, no broken table or fence", () => {
  const hostile = "x` | <img src=x onerror=alert(1)> @org/security-team #12\n| injected | row |";
  const stack = {
    provider: providers("444444444444", ["us-east-1"]),
    resource: {
      aws_cloudwatch_metric_alarm: {
        a: {
          "//": { tripline: { exceptions: [{ reason: hostile, principals: ["arn:aws:iam::1:role/```"] }] } },
          alarm_name: "tripline-root-account-usage",
          namespace: "tripline",
          metric_name: "root-account-usage",
          threshold: 1,
          alarm_actions: [hostile],
          provider: "aws.us-east-1",
        },
      },
    },
  };
  const md = summaryMarkdown(summarize(readSynthOutput(synthOutput({ [`evil`]: stack })), DEFAULT_ASSUMPTIONS));
  // The reason is prose: escaped, the mention and the reference defused.
  const reason = md.split("\n").find((l) => l.startsWith("- `root-account-usage` (us-east-1): "))!;
  expect(reason).toContain("x\\` \\| &lt;img src=x onerror=alert(1)&gt; @&#8203;org/security-team #&#8203;12 \\| injected \\| row \\|");
  // The destination is a code span (text is text there), fenced past the backtick it holds.
  const row = md.split("\n").find((l) => l.startsWith("| `root-account-usage`"))!;
  expect(row).toContain("| ``x` \\| <img src=x onerror=alert(1)> @org/security-team #12⏎\\| …`` |");
  expect(md.split("<img").length - 1).toBe(1);
  expect(md).not.toContain("\n| injected | row |");
  expect(row.replace(/\\\|/g, "").split(" | ")).toHaveLength(6);
});
