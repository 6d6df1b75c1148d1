/** The exception record beside an alarm: in the JSON Terraform reads, ignored by it, literal. */
import { App, TerraformStack } from "cdktf";
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { recordExceptions } from "../../modules/constructs/exception-record";

function synth(build: (stack: TerraformStack) => void) {
  const outdir = mkdtempSync(join(tmpdir(), "tripline-exception-record-"));
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, "s");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  build(stack);
  app.synth();
  return JSON.parse(readFileSync(join(outdir, "stacks", "s", "cdk.tf.json"), "utf8")) as { resource: { aws_cloudwatch_metric_alarm: Record<string, Record<string, unknown>> } };
}

test("the exceptions with their reasons sit in the alarm's `//` comment, ${…} in a reason kept literal", () => {
  const json = synth((stack) => {
    const alarm = new CloudwatchMetricAlarm(stack, "alarm", { alarmName: "tripline-x", comparisonOperator: "GreaterThanOrEqualToThreshold", evaluationPeriods: 1 });
    recordExceptions(alarm, [{ reason: "scanner ${file(\"/etc/passwd\")}", principals: ["arn:aws:iam::1:role/a"] }]);
  });
  const alarm = json.resource.aws_cloudwatch_metric_alarm.alarm;
  expect((alarm["//"] as { tripline: unknown }).tripline).toEqual({ exceptions: [{ reason: 'scanner ${file("/etc/passwd")}', principals: ["arn:aws:iam::1:role/a"] }] });
  // Nothing of it is an argument AWS receives.
  expect(Object.keys(alarm).sort()).toEqual(["//", "alarm_name", "comparison_operator", "evaluation_periods"]);
});

test("no exceptions, no record", () => {
  const json = synth((stack) => {
    const alarm = new CloudwatchMetricAlarm(stack, "alarm", { alarmName: "tripline-x", comparisonOperator: "GreaterThanOrEqualToThreshold", evaluationPeriods: 1 });
    recordExceptions(alarm, []);
  });
  expect((json.resource.aws_cloudwatch_metric_alarm.alarm["//"] as Record<string, unknown>).tripline).toBeUndefined();
});
