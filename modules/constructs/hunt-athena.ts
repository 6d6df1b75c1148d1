/**
 * `tripline hunt` on Athena, in the account the manifest names (default: security) and the home
 * Region: the table over the archive, the workgroup with its results bucket, the hunter role.
 */
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import type { OrganizationModel } from "../manifest/model";
import { HuntTable } from "./hunt-table";
import { HuntWorkgroup } from "./hunt-workgroup";
import { HunterRole } from "./hunter-role";

export interface HuntAthenaProps {
  readonly organization: OrganizationModel & { readonly hunt: NonNullable<OrganizationModel["hunt"]> };
  readonly provider: AwsProvider;
}

export class HuntAthena extends Construct {
  readonly table: HuntTable;
  readonly workgroup: HuntWorkgroup;
  readonly hunter: HunterRole;

  constructor(scope: Construct, id: string, props: HuntAthenaProps) {
    super(scope, id);
    const { organization, provider } = props;
    this.table = new HuntTable(this, "table", { organization, provider });
    this.workgroup = new HuntWorkgroup(this, "workgroup", { organization, provider });
    this.hunter = new HunterRole(this, "hunter", { organization, provider, resultsKeyArn: this.workgroup.key.arn });
  }
}
