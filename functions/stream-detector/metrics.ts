/**
 * CloudWatch embedded metric format: a JSON log line that CloudWatch Logs turns into a metric
 * datapoint, so the function needs no PutMetricData call (and no permission for it). Each
 * detection's metric is named by its id, without dimensions, in the manifest's namespace
 * (docs/design.md contract 8); the `tripline-<id>` alarm watches it.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

/** The EMF line counting one alert of `detectionId`. */
export function alertMetricLine(namespace: string, detectionId: string, nowMs: number): string {
  return JSON.stringify({
    _aws: {
      Timestamp: nowMs,
      CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [[]], Metrics: [{ Name: detectionId, Unit: "Count" }] }],
    },
    [detectionId]: 1,
  });
}
