/**
 * Registers the manifest's delegated administrator for CloudTrail, from the management account
 * (only it can). The delegated administrator then creates the organization trail in its own
 * stack; the trail stays owned by the management account (docs/aws-facts.md a2, a11).
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-add-delegated-administrator.html
 *
 * Prerequisite tripline does not manage: trusted access for CloudTrail in AWS Organizations
 * (`cloudtrail.amazonaws.com` among the organization's service access principals, docs/aws-facts.md
 * a4). `aws_organizations_organization` belongs to whoever owns the organization (the landing
 * zone); declaring it here would fight that owner over the whole list (docs/trail-layout.md).
 */
import { CloudtrailOrganizationDelegatedAdminAccount } from "@cdktf/provider-aws/lib/cloudtrail-organization-delegated-admin-account";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";

export interface TrailDelegatedAdminProps {
  readonly accountId: string;
  readonly provider: AwsProvider;
}

export class TrailDelegatedAdmin extends Construct {
  constructor(scope: Construct, id: string, props: TrailDelegatedAdminProps) {
    super(scope, id);
    new CloudtrailOrganizationDelegatedAdminAccount(this, "registration", { provider: props.provider, accountId: props.accountId });
  }
}
