/**
 * The exceptions a detection runs with, reasons included, written beside its alarm for review.
 * Terraform ignores a `//` property in a JSON block body (it is the JSON syntax's comment), so the
 * record reaches `cdk.tf.json`, where `tripline summary` reads it, and nothing of it reaches AWS:
 * no length limit, no character rules, and no `${…}` in a reason is ever evaluated.
 * https://developer.hashicorp.com/terraform/language/syntax/json#comment-properties
 */
import type { TerraformResource } from "cdktf";
import type { DetectionException } from "../manifest/schema";

/** Where the record sits in a resource's JSON: `"//": {"tripline": {"exceptions": [...]}}`. */
export const EXCEPTION_RECORD_PATH = "//.tripline.exceptions";

export function recordExceptions(resource: TerraformResource, exceptions: readonly DetectionException[]): void {
  if (exceptions.length === 0) return;
  resource.addOverride(
    EXCEPTION_RECORD_PATH,
    exceptions.map((e) => ({ reason: e.reason, principals: e.principals, sourceIps: e.sourceIps, userAgents: e.userAgents })),
  );
}
