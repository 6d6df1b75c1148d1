/** Synthesizes an organization's stacks in memory, as Terraform JSON, for assertions. */
import { App, Testing } from "cdktf";
import { loadOrganization, type OrganizationModel } from "../../modules/manifest/model";
import { buildApp } from "../../modules/stacks/build-app";
import { manifestFolder, type ManifestFiles } from "./manifest-folder";

export type TerraformJson = {
  provider?: Record<string, Record<string, unknown>[]>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  terraform?: Record<string, unknown>;
};

export function organizationFrom(changes: ManifestFiles = {}, base?: ManifestFiles, knownIds: ReadonlySet<string> = new Set()): OrganizationModel {
  const result = loadOrganization(manifestFolder(changes, base), knownIds);
  if (!result.ok) throw new Error(`test manifest has problems: ${JSON.stringify(result.problems)}`);
  return result.value;
}

/** Every stack of the organization, by name, as the JSON Terraform would read. */
export function synthOrganization(organization: OrganizationModel): Record<string, { json: string; tf: TerraformJson }> {
  const app = Testing.stubVersion(new App({ stackTraces: false }));
  const stacks = buildApp(app, organization, organization.accounts);
  return Object.fromEntries(
    stacks.map((stack) => {
      const json = Testing.synth(stack);
      return [stack.node.id, { json, tf: JSON.parse(json) as TerraformJson }];
    }),
  );
}
