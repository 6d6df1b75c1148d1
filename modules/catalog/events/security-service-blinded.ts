import type { EventRuleDetection } from "../detection";
import { apiCall } from "../examples";

/**
 * Blinding counts as disabling: calls that leave a security service running but stop it from
 * seeing, keeping or sharing what matters, matched on event source AND event name (the "also
 * worth watching" column of docs/aws-facts.md k). A record of its own rather than more
 * branches of `security-service-disabled`, whose pattern is already 1,587 of EventBridge's 2,048
 * characters (docs/aws-facts.md m11): each keeps room for the manifest's exceptions. All are write calls,
 * delivered to rules in state ENABLED (f2); like `security-service-disabled`, a failed attempt
 * (`errorCode`) matches too.
 *
 * - WAF: `DisassociateWebACL` takes the web ACL off a load balancer or API (Classic Regional and
 *   WAFv2), `DeleteLoggingConfiguration` stops its logs (all three WAF APIs).
 * - GuardDuty: `UpdateDetector` that turns a protection plan off (`features[].status` or
 *   `features[].additionalConfiguration[].status` `DISABLED`, or a legacy `dataSources` flag
 *   false; arrays of objects are flattened, so one disabled element matches, f); a findings
 *   filter whose action is `ARCHIVE` (the API's value for auto-archive) hides matching findings.
 * - CloudTrail Lake: `DeleteEventDataStore`, `StopEventDataStoreIngestion`.
 * - Config: `DeleteServiceLinkedConfigurationRecorder` (the recorder another service owns).
 * - Firewall Manager: `DisassociateAdminAccount` (no administrator, no policies enforced).
 * - Organizations: `LeaveOrganization` (the account escapes the organization trail and SCPs);
 *   `DisableAWSServiceAccess` and `DeregisterDelegatedAdministrator` for a security service's
 *   principal only (other services' integrations come and go). Organizations is global: its
 *   calls are recorded in us-east-1 (b4), where every account has this rule.
 * Real records it matches in the corpus (__tests__/corpus/cloudtrail): Stratus Red Team's
 * organizations-leave detonation (stratus-red-team-detonations.jsonl:231, denied: an attempt),
 * Panther's "Failed Attempt to Leave Org" and "WAF-Disassociate" tests
 * (panther-analysis-rule-tests.jsonl:22, :422).
 */
const SECURITY_SERVICE_PRINCIPALS = [
  "access-analyzer.amazonaws.com",
  "cloudtrail.amazonaws.com",
  "config.amazonaws.com",
  "config-multiaccountsetup.amazonaws.com",
  "detective.amazonaws.com",
  "fms.amazonaws.com",
  "guardduty.amazonaws.com",
  "inspector2.amazonaws.com",
  "macie.amazonaws.com",
  "malware-protection.guardduty.amazonaws.com",
  "securityhub.amazonaws.com",
  "securitylake.amazonaws.com",
];

export const securityServiceBlinded = {
  id: "security-service-blinded",
  title: "A security service was blinded without being switched off",
  why: "An intruder who cannot turn GuardDuty or the trail off unnoticed can still narrow what they see, archive their findings or take the account out of the organization.",
  runbook: "Undo the change (re-enable the protection plan, delete the archive filter, reattach the web ACL or logging), then review what else the caller's session did.",
  severity: "high",
  controls: [],
  mitre: "T1562.001",
  source: "cloudtrail",
  kind: "event-rule",
  eventPattern: {
    $or: [
      { detail: { eventSource: ["wafv2.amazonaws.com", "waf-regional.amazonaws.com"], eventName: ["DisassociateWebACL", "DeleteLoggingConfiguration"] } },
      { detail: { eventSource: ["waf.amazonaws.com"], eventName: ["DeleteLoggingConfiguration"] } },
      {
        detail: {
          eventSource: ["guardduty.amazonaws.com"],
          eventName: ["UpdateDetector"],
          requestParameters: {
            $or: [
              { features: { status: ["DISABLED"] } },
              { features: { additionalConfiguration: { status: ["DISABLED"] } } },
              { dataSources: { s3Logs: { enable: [false] } } },
              { dataSources: { kubernetes: { auditLogs: { enable: [false] } } } },
              { dataSources: { malwareProtection: { scanEc2InstanceWithFindings: { ebsVolumes: [false] } } } },
            ],
          },
        },
      },
      { detail: { eventSource: ["guardduty.amazonaws.com"], eventName: ["CreateFilter", "UpdateFilter"], requestParameters: { action: ["ARCHIVE"] } } },
      { detail: { eventSource: ["cloudtrail.amazonaws.com"], eventName: ["DeleteEventDataStore", "StopEventDataStoreIngestion"] } },
      { detail: { eventSource: ["config.amazonaws.com"], eventName: ["DeleteServiceLinkedConfigurationRecorder"] } },
      { detail: { eventSource: ["fms.amazonaws.com"], eventName: ["DisassociateAdminAccount"] } },
      { detail: { eventSource: ["organizations.amazonaws.com"], eventName: ["LeaveOrganization"] } },
      {
        detail: {
          eventSource: ["organizations.amazonaws.com"],
          eventName: ["DisableAWSServiceAccess", "DeregisterDelegatedAdministrator"],
          requestParameters: { servicePrincipal: SECURITY_SERVICE_PRINCIPALS },
        },
      },
    ],
  },
  references: [
    "https://docs.aws.amazon.com/waf/latest/APIReference/API_DisassociateWebACL.html",
    "https://docs.aws.amazon.com/waf/latest/APIReference/API_DeleteLoggingConfiguration.html",
    "https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateDetector.html",
    "https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateFilter.html",
    "https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateFilter.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DeleteEventDataStore.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopEventDataStoreIngestion.html",
    "https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteServiceLinkedConfigurationRecorder.html",
    "https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_DisassociateAdminAccount.html",
    "https://docs.aws.amazon.com/organizations/latest/APIReference/API_LeaveOrganization.html",
    "https://docs.aws.amazon.com/organizations/latest/APIReference/API_DisableAWSServiceAccess.html",
    "https://docs.aws.amazon.com/organizations/latest/APIReference/API_DeregisterDelegatedAdministrator.html",
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html",
  ],
  falsePositives: [
    "A planned change: a protection plan dropped for cost, a load balancer retired with its web ACL, a data store replaced.",
    "A GuardDuty suppression rule (an ARCHIVE filter) the security team created for known-benign findings.",
    "An account closed or moved out of the organization on purpose.",
  ],
  examples: {
    match: [
      apiCall({ eventSource: "wafv2.amazonaws.com", eventName: "DisassociateWebACL", requestParameters: { resourceArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188" } }),
      apiCall({ eventSource: "wafv2.amazonaws.com", eventName: "DeleteLoggingConfiguration", requestParameters: { resourceArn: "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/web/a1b2" } }),
      apiCall({
        eventSource: "guardduty.amazonaws.com",
        eventName: "UpdateDetector",
        requestParameters: { detectorId: "82c919daa523bc69d203c24868c06849", features: [{ name: "S3_DATA_EVENTS", status: "ENABLED" }, { name: "EKS_AUDIT_LOGS", status: "DISABLED" }] },
      }),
      apiCall({
        eventSource: "guardduty.amazonaws.com",
        eventName: "UpdateDetector",
        requestParameters: { detectorId: "82c919daa523bc69d203c24868c06849", features: [{ name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfiguration: [{ name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" }] }] },
      }),
      apiCall({ eventSource: "guardduty.amazonaws.com", eventName: "UpdateDetector", requestParameters: { detectorId: "82c919daa523bc69d203c24868c06849", dataSources: { s3Logs: { enable: false } } } }),
      apiCall({ eventSource: "guardduty.amazonaws.com", eventName: "CreateFilter", requestParameters: { detectorId: "82c919daa523bc69d203c24868c06849", name: "quiet", action: "ARCHIVE", findingCriteria: { criterion: { severity: { gte: 1 } } } } }),
      apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopEventDataStoreIngestion", requestParameters: { eventDataStore: "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE" } }),
      apiCall({ eventSource: "config.amazonaws.com", eventName: "DeleteServiceLinkedConfigurationRecorder", requestParameters: { servicePrincipal: "securityhub.amazonaws.com" } }),
      apiCall({ eventSource: "fms.amazonaws.com", eventName: "DisassociateAdminAccount" }),
      apiCall({ eventSource: "organizations.amazonaws.com", eventName: "LeaveOrganization" }),
      apiCall({ eventSource: "organizations.amazonaws.com", eventName: "DisableAWSServiceAccess", requestParameters: { servicePrincipal: "guardduty.amazonaws.com" } }),
      apiCall({ eventSource: "organizations.amazonaws.com", eventName: "DeregisterDelegatedAdministrator", requestParameters: { accountId: "222222222222", servicePrincipal: "securityhub.amazonaws.com" } }),
    ],
    miss: [
      // Turning protection plans on, or changing only the publishing frequency.
      apiCall({ eventSource: "guardduty.amazonaws.com", eventName: "UpdateDetector", requestParameters: { detectorId: "82c919daa523bc69d203c24868c06849", features: [{ name: "EKS_AUDIT_LOGS", status: "ENABLED" }] } }),
      apiCall({ eventSource: "guardduty.amazonaws.com", eventName: "UpdateDetector", requestParameters: { detectorId: "82c919daa523bc69d203c24868c06849", findingPublishingFrequency: "SIX_HOURS" } }),
      apiCall({ eventSource: "guardduty.amazonaws.com", eventName: "UpdateDetector", requestParameters: { detectorId: "82c919daa523bc69d203c24868c06849", dataSources: { s3Logs: { enable: true } } } }),
      // A saved filter that only shows findings.
      apiCall({ eventSource: "guardduty.amazonaws.com", eventName: "CreateFilter", requestParameters: { detectorId: "82c919daa523bc69d203c24868c06849", name: "view", action: "NOOP" } }),
      apiCall({ eventSource: "wafv2.amazonaws.com", eventName: "AssociateWebACL" }),
      // Classic global WAF has no DisassociateWebACL: a CloudFront distribution drops its ACL through CloudFront.
      apiCall({ eventSource: "waf.amazonaws.com", eventName: "DisassociateWebACL" }),
      apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StartEventDataStoreIngestion" }),
      apiCall({ eventSource: "organizations.amazonaws.com", eventName: "DisableAWSServiceAccess", requestParameters: { servicePrincipal: "ssm.amazonaws.com" } }),
      apiCall({ eventSource: "organizations.amazonaws.com", eventName: "DeregisterDelegatedAdministrator", requestParameters: { accountId: "222222222222", servicePrincipal: "member.org.stacksets.cloudformation.amazonaws.com" } }),
      // Same name, another service.
      apiCall({ eventSource: "securityhub.amazonaws.com", eventName: "DisassociateAdminAccount" }),
    ],
  },
} as const satisfies EventRuleDetection;
