/**
 * CloudWatch alarm state-change events as EventBridge delivers them (docs/aws-facts.md l2–l4): the
 * shapes of AWS's samples in the CloudWatch User Guide ("Alarm events and EventBridge"): a metric
 * alarm, a metric-math alarm (what a Contributor Insights alarm sends, l9), and a first
 * transition whose previous state has no reasonData.
 */
const ACCOUNT = "111111111111";

export const alarmEvent = (alarmName: string, overrides: { state?: Record<string, unknown>; metrics?: unknown[]; previousState?: Record<string, unknown> } = {}) => ({
  version: "0",
  id: `c4c1c1c9-6542-e61b-6ef0-${alarmName.length.toString().padStart(12, "0")}`,
  "detail-type": "CloudWatch Alarm State Change",
  source: "aws.cloudwatch",
  account: ACCOUNT,
  time: "2024-05-01T10:06:10Z",
  region: "us-east-1",
  resources: [`arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${alarmName}`],
  detail: {
    alarmName,
    state: {
      value: "ALARM",
      reason: "Threshold Crossed: 1 out of the last 1 datapoints [7.0 (01/05/24 10:00:00)] was greater than or equal to the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition).",
      reasonData:
        '{"version":"1.0","queryDate":"2024-05-01T10:06:10.104+0000","startDate":"2024-05-01T10:00:00.000+0000","statistic":"Sum","period":300,"recentDatapoints":[7.0],"threshold":5.0,"evaluatedDatapoints":[{"timestamp":"2024-05-01T10:00:00.000+0000","sampleCount":7.0,"value":7.0}]}',
      timestamp: "2024-05-01T10:06:10.107+0000",
      ...overrides.state,
    },
    previousState: overrides.previousState ?? {
      value: "OK",
      reason: "Threshold Crossed: 1 out of the last 1 datapoints [0.0 (01/05/24 09:55:00)] was not greater than or equal to the threshold (5.0).",
      reasonData: '{"version":"1.0","queryDate":"2024-05-01T10:01:10.104+0000","startDate":"2024-05-01T09:55:00.000+0000","statistic":"Sum","period":300,"recentDatapoints":[0.0],"threshold":5.0}',
      timestamp: "2024-05-01T10:01:10.107+0000",
    },
    configuration: {
      description: "tripline: console sign-in failures",
      metrics: overrides.metrics ?? [
        { id: "m1", metricStat: { metric: { namespace: "tripline", name: alarmName.replace(/^tripline-/, ""), dimensions: {} }, period: 300, stat: "Sum" }, returnData: true },
      ],
    },
  },
});

/** A Contributor Insights alarm: metric math over INSIGHT_RULE_METRIC (docs/aws-facts.md l9). */
export const insightAlarmEvent = (alarmName: string) =>
  alarmEvent(alarmName, {
    metrics: [{ id: "e1", expression: `INSIGHT_RULE_METRIC("${alarmName}", "MaxContributorValue")`, label: "max contributor", returnData: true }],
    state: { reasonData: '{"version":"1.0","queryDate":"2024-05-01T10:06:10.104+0000","startDate":"2024-05-01T10:00:00.000+0000","period":60,"recentDatapoints":[12.0],"threshold":5.0}' },
  });

/** The first transition after creation: `previousState` without reasonData (docs/aws-facts.md l3). */
export const firstTransitionEvent = (alarmName: string) =>
  alarmEvent(alarmName, { previousState: { value: "INSUFFICIENT_DATA", reason: "Unchecked: Initial alarm creation", timestamp: "2024-05-01T09:59:00.000+0000" } });
