/**
 * Console links: the CloudTrail event (Event history keeps 90 days of management events, in the
 * account and Region where they happened) and the CloudWatch alarm. The URL fragments are the
 * consoles' own routes, as the consoles show them, not a documented interface: should one
 * change, the link still opens the right console, Region and page.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events-console.html
 */

/** The console's host for a Region's partition. */
function consoleHost(region: string): string {
  if (region.startsWith("cn-")) return "console.amazonaws.cn";
  if (region.startsWith("us-gov-")) return "console.amazonaws-us-gov.com";
  return `${region}.console.aws.amazon.com`;
}

const safeRegion = (region: string): string | undefined => (/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region) ? region : undefined);

export function cloudTrailEventConsoleUrl(region: string, eventId: string): string {
  const r = safeRegion(region);
  if (r === undefined) return "unknown";
  return `https://${consoleHost(r)}/cloudtrailv2/home?region=${r}#/events/${encodeURIComponent(eventId)}`;
}

export function alarmConsoleUrl(region: string, alarmName: string): string {
  const r = safeRegion(region);
  if (r === undefined) return "unknown";
  return `https://${consoleHost(r)}/cloudwatch/home?region=${r}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;
}
