/**
 * Which channels get an alert: the detection's own list when the manifest routes it, else its
 * severity's list, else every channel (a severity the manifest does not mention is not dropped).
 * Names that are not configured channels are ignored here (validate reports them).
 */
import type { Alert } from "./alert";
import type { ChannelConfig, RoutingConfig } from "./config";

export function routeAlert(alert: Alert, channels: readonly ChannelConfig[], routing: RoutingConfig): ChannelConfig[] {
  const byDetection = Object.hasOwn(routing.detections ?? {}, alert.detection.id) ? routing.detections?.[alert.detection.id] : undefined;
  const bySeverity = Object.hasOwn(routing.severity ?? {}, alert.detection.severity) ? routing.severity?.[alert.detection.severity] : undefined;
  const names = byDetection ?? bySeverity;
  return names === undefined ? [...channels] : channels.filter((c) => names.includes(c.name));
}
