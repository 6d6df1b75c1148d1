/**
 * Loads a manifest folder with everything that decides whether it can be deployed: the schema,
 * the cross-file rules, the catalog's detection ids, and the compiled patterns against AWS's
 * limits. The one entry point for `npm run synth`, `tripline validate` and `replay --accounts`.
 */
import { loadOrganization, type LoadResult } from "../manifest/model";
import { deploymentChecks } from "./checks";
import { catalog } from "../catalog/index";

const DETECTION_IDS: ReadonlySet<string> = new Set(catalog.map((detection) => detection.id));

export const loadCheckedOrganization = (dir: string): LoadResult => loadOrganization(dir, DETECTION_IDS, deploymentChecks);
