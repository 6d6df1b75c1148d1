/**
 * Where each account's EventBridge rules go. A rule only sees the events of its own account and
 * Region (docs/aws-facts.md b5, f1), so:
 * - every event-rule detection goes in every Region of the account's stack: the account's
 *   Regions plus the organization's home Region, which every stack already has a provider for;
 * - the rules on console sign-ins (pattern `source` `aws.signin`) also go in the Regions where AWS
 *   records sign-ins whatever Regions the account uses: root sign-ins in us-east-1 (b1), IAM
 *   users' through the global endpoint in us-east-1, us-east-2, eu-north-1 or ap-southeast-2 (b2).
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 * A sign-in Region the organization has not listed is a validate warning: tripline deploys the
 * sign-in rules there anyway, and an SCP that denies that Region would leave those sign-ins to the
 * trail's metric filters alone.
 */
import type { Detection, EventRuleDetection } from "../catalog/detection";
import { catalog as defaultCatalog } from "../catalog/index";
import type { AccountModel, OrganizationModel } from "../manifest/model";
import type { Problem } from "../manifest/problem";
import { deployedDetections, isEventRule, organizationFileOf, planDeployment } from "./plan";

/** Where AWS records console sign-ins (docs/aws-facts.md b1, b2); commercial partition only. */
export const SIGN_IN_REGIONS: readonly string[] = ["us-east-1", "us-east-2", "eu-north-1", "ap-southeast-2"];

/** Whether a detection's rule matches console sign-in events (`source: aws.signin`). */
export function readsSignIns(d: Detection): boolean {
  if (d.kind !== "event-rule") return false;
  const source = d.eventPattern.source;
  return Array.isArray(source) && source.includes("aws.signin");
}

const signInRegionsOf = (model: Pick<OrganizationModel, "partition">): readonly string[] => (model.partition === "aws" ? SIGN_IN_REGIONS : []);

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

/** The Regions of an account's stack before sign-in Regions: its own, and the home Region. */
export const accountRegions = (model: Pick<OrganizationModel, "homeRegion">, account: Pick<AccountModel, "regions">): string[] =>
  unique([model.homeRegion, ...account.regions]);

export interface RegionRules {
  readonly region: string;
  /** The event-rule detections deployed in this Region, settings and exceptions applied. */
  readonly detections: readonly EventRuleDetection[];
}

/** The account's event rules, Region by Region (its own Regions first, then the sign-in Regions). */
export function eventRulePlacement(model: OrganizationModel, account: AccountModel, catalog: readonly Detection[] = defaultCatalog): RegionRules[] {
  const rules = deployedDetections(model, account, catalog).flatMap(({ detection: d }) => (d.kind === "event-rule" && isEventRule(d) ? [d] : []));
  const own = accountRegions(model, account);
  return unique([...own, ...signInRegionsOf(model)])
    .map((region) => ({ region, detections: rules.filter((d) => own.includes(region) || readsSignIns(d)) }))
    .filter((r) => r.detections.length > 0);
}

/** Every Region an account's stack needs a provider for, given its event rules' placement. */
export const stackRegions = (model: OrganizationModel, account: AccountModel, placement: readonly RegionRules[]): string[] =>
  unique([...accountRegions(model, account), ...placement.map((r) => r.region)]);

/**
 * The sign-in Regions the organization does not list, as warnings on its `regions`: not a
 * mistake (the rules are deployed there), but Regions the platform team may not expect to see.
 */
export function signInRegionWarnings(model: OrganizationModel, catalog: readonly Detection[] = defaultCatalog): Problem[] {
  const signIn = planDeployment(model, undefined, catalog).detections.filter((d) => readsSignIns(d.detection));
  const missing = signInRegionsOf(model).filter((r) => !model.regions.includes(r));
  if (signIn.length === 0 || missing.length === 0) return [];
  const file = organizationFileOf(model);
  return [
    {
      file,
      ...model.locate(file, ["regions"]),
      field: "regions",
      message:
        `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not listed, but AWS records console sign-ins there (root in us-east-1; IAM users in us-east-1, us-east-2, eu-north-1 or ap-southeast-2): ` +
        `tripline deploys ${signIn.map((d) => d.detection.id).join(" and ")} there in every account; if an SCP denies ${missing.length === 1 ? "that Region" : "those Regions"}, exempt EventBridge and the deployment role, or those sign-ins raise only the trail's metric filters`,
    },
  ];
}
