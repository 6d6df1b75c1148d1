/**
 * Loads a manifest folder with everything that decides whether it can be deployed: the schema,
 * the cross-file rules, the catalog's detection ids, and the compiled patterns against AWS's
 * limits. The one entry point for `npm run synth`, `tripline validate` and `replay --accounts`.
 */
import { loadOrganization, type OrganizationModel } from "../manifest/model";
import type { Result } from "../result";
import { deploymentChecks } from "./checks";
import { catalog } from "../catalog/index";

const DETECTION_IDS: ReadonlySet<string> = new Set(catalog.map((detection) => detection.id));

export const loadCheckedOrganization = (dir: string): Result<OrganizationModel> => loadOrganization(dir, DETECTION_IDS, deploymentChecks);
