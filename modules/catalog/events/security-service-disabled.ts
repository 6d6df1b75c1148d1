import type { EventRuleDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * A call that disables or blinds a security service, by event source AND event name (IAM's and
 * Organizations' `DeletePolicy` are not Firewall Manager's): the list of docs/aws-facts.md k. All are
 * write calls, so they reach EventBridge without opting into read-only events (§f2). Deployed in
 * every account and every enabled Region, where each service's calls are recorded.
 *
 * Failed calls (with `errorCode`, e.g. denied by an SCP) match too: an attempt to stop the
 * organization trail is as telling as a success, and such calls are rare. The pattern does not
 * constrain `detail-type`, so a CloudTrail network-activity event (`AwsVpceEvent`: the call made
 * through a VPC endpoint, including one the endpoint policy denied) matches like the API call. Also matched, beyond the
 * core list: GuardDuty `UpdateDetector` only when `requestParameters.enable` is false, and Macie
 * `UpdateMacieSession` with status `PAUSED` (pausing stops Macie like disabling it). Not matched
 * here: calls that blind a service without switching it off (a GuardDuty protection plan turned
 * off, an auto-archive filter, a web ACL taken off): `security-service-blinded` has them.
 */
export const securityServiceDisabled = {
  id: "security-service-disabled",
  title: "A security service was disabled",
  why: "Turning off CloudTrail, GuardDuty, Config, Security Hub and friends is how an intruder works unobserved; it is rarely legitimate outside a planned change.",
  runbook: "Re-enable the service at once (start logging, recreate the detector or recorder), then find out who made the call and what else their session did.",
  severity: "critical",
  controls: [],
  alertParameters: ["requestParameters.name", "requestParameters.detectorId", "requestParameters.enable", "requestParameters.status"],
  mitre: "T1562.001",
  references: [
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html",
    "https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DeleteDetector.html",
    "https://docs.aws.amazon.com/config/latest/APIReference/API_StopConfigurationRecorder.html",
    "https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisableSecurityHub.html",
  ],
  falsePositives: [
    "Planned changes: decommissioning an account or Region, moving a service to a delegated administrator, a landing zone update that recreates detectors or recorders.",
    "Cost-driven clean-ups of Inspector, Macie or WAF resources in sandbox accounts.",
  ],
  source: "cloudtrail",
  kind: "event-rule",
  eventPattern: {
    $or: [
      { detail: { eventSource: ["cloudtrail.amazonaws.com"], eventName: ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"] } },
      {
        detail: {
          eventSource: ["guardduty.amazonaws.com"],
          eventName: ["DeleteDetector", "DisassociateFromMasterAccount", "DisassociateFromAdministratorAccount", "StopMonitoringMembers", "DeleteMembers"],
        },
      },
      { detail: { eventSource: ["guardduty.amazonaws.com"], eventName: ["UpdateDetector"], requestParameters: { enable: [false] } } },
      { detail: { eventSource: ["config.amazonaws.com"], eventName: ["StopConfigurationRecorder", "DeleteDeliveryChannel", "DeleteConfigurationRecorder"] } },
      {
        detail: {
          eventSource: ["securityhub.amazonaws.com"],
          eventName: ["DisableSecurityHub", "BatchDisableStandards", "DisassociateFromMasterAccount", "DisassociateFromAdministratorAccount"],
        },
      },
      { detail: { eventSource: ["macie2.amazonaws.com"], eventName: ["DisableMacie"] } },
      { detail: { eventSource: ["macie2.amazonaws.com"], eventName: ["UpdateMacieSession"], requestParameters: { status: ["PAUSED"] } } },
      { detail: { eventSource: ["inspector2.amazonaws.com"], eventName: ["Disable"] } },
      { detail: { eventSource: ["inspector.amazonaws.com"], eventName: ["DeleteAssessmentTarget"] } },
      { detail: { eventSource: ["access-analyzer.amazonaws.com"], eventName: ["DeleteAnalyzer"] } },
      { detail: { eventSource: ["wafv2.amazonaws.com", "waf.amazonaws.com", "waf-regional.amazonaws.com"], eventName: ["DeleteWebACL"] } },
      { detail: { eventSource: ["shield.amazonaws.com"], eventName: ["DeleteSubscription", "DeleteProtection"] } },
      { detail: { eventSource: ["fms.amazonaws.com"], eventName: ["DeletePolicy"] } },
    ],
  },
  examples: {
    match: [
      // Stratus Red Team's cloudtrail-stop.
      apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", requestParameters: { name: "org-trail" } }),
      // Elastic's capture of GuardDuty DeleteDetector.
      apiCall({ eventSource: "guardduty.amazonaws.com", eventName: "DeleteDetector", requestParameters: { detectorId: "82c919daa523bc69d203c24868c06849" } }),
      apiCall({ eventSource: "guardduty.amazonaws.com", eventName: "UpdateDetector", requestParameters: { detectorId: "82c919daa523bc69d203c24868c06849", enable: false } }),
      apiCall({ eventSource: "macie2.amazonaws.com", eventName: "UpdateMacieSession", requestParameters: { status: "PAUSED" } }),
      // Denied by an SCP: an attempt, and still an alert.
      apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "DeleteTrail", errorCode: "AccessDenied", requestParameters: { name: "org-trail" } }),
      apiCall({ eventSource: "wafv2.amazonaws.com", eventName: "DeleteWebACL" }),
    ],
    miss: [
      apiCall({ eventSource: "guardduty.amazonaws.com", eventName: "UpdateDetector", requestParameters: { detectorId: "82c919daa523bc69d203c24868c06849", enable: true } }),
      apiCall({ eventSource: "guardduty.amazonaws.com", eventName: "UpdateDetector", requestParameters: { detectorId: "82c919daa523bc69d203c24868c06849", findingPublishingFrequency: "SIX_HOURS" } }),
      // Same event name as Firewall Manager's, other services.
      apiCall({ eventSource: "iam.amazonaws.com", eventName: "DeletePolicy" }),
      apiCall({ eventSource: "organizations.amazonaws.com", eventName: "DeletePolicy" }),
      apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StartLogging" }),
      apiCall({ eventSource: "macie2.amazonaws.com", eventName: "UpdateMacieSession", requestParameters: { findingPublishingFrequency: "SIX_HOURS" } }),
      apiCall({ eventSource: "config.amazonaws.com", eventName: "PutDeliveryChannel" }),
    ],
  },
} as const satisfies EventRuleDetection;
