import type { AlarmSpec } from "./detection";

/**
 * The alarm Security Hub's CloudWatch.1–14 remediation prescribes: Sum over 5 minutes, one
 * period, "Greater/Equal" 1 (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html,
 * and the CIS benchmark's `put-metric-alarm --period 300 --threshold 1 --evaluation-periods 1`).
 */
export const CIS_ALARM = {
  periodSeconds: 300,
  evaluationPeriods: 1,
  threshold: 1,
  comparison: "GreaterThanOrEqualToThreshold",
} as const satisfies AlarmSpec;
