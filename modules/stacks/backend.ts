/** Where each stack keeps its Terraform state: local by default, or S3 with native locking. */
import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { OrganizationModel } from "../manifest/model";

/**
 * S3-native state locking (`use_lockfile`) replaces DynamoDB locking, which Terraform now
 * deprecates; it needs Terraform 1.10 or later, and cdktf 0.21's S3Backend has no field for it,
 * so it is set by override. https://developer.hashicorp.com/terraform/language/backend/s3
 */
export const S3_LOCKFILE_TERRAFORM_VERSION = ">= 1.10.0";

export function configureBackend(stack: TerraformStack, stackName: string, org: OrganizationModel): void {
  const state = org.stateBackend;
  if (!state) {
    new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
    return;
  }
  new S3Backend(stack, {
    bucket: state.bucket,
    key: [state.keyPrefix, `${stackName}.tfstate`].filter(Boolean).join("/"),
    region: state.region,
    encrypt: true,
  });
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
  stack.addOverride("terraform.required_version", S3_LOCKFILE_TERRAFORM_VERSION);
}
