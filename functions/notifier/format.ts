/** Every format the notifier renders, by name: what `tripline notify --format` offers. */
import type { Alert } from "./alert";
import { formatSlack } from "./format-slack";
import { formatTeams } from "./format-teams";
import { formatText } from "./format-text";
import { formatWebhook } from "./format-webhook";

export const FORMATS = ["text", "slack", "teams", "webhook", "json"] as const;
export type Format = (typeof FORMATS)[number];

/** The message as a channel would receive it: text for email, JSON for the others. */
export function renderAlert(alert: Alert, format: Format): string {
  switch (format) {
    case "text": {
      const { subject, body } = formatText(alert);
      return `Subject: ${subject}\n\n${body}`;
    }
    case "slack":
      return `${JSON.stringify(formatSlack(alert), null, 2)}\n`;
    case "teams":
      return `${JSON.stringify(formatTeams(alert), null, 2)}\n`;
    case "webhook":
      return `${JSON.stringify(formatWebhook(alert), null, 2)}\n`;
    case "json":
      return `${JSON.stringify(alert, null, 2)}\n`;
  }
}
