/**
 * What `tripline replay --accounts DIR` evaluates: exactly what the organization deploys (docs/design.md
 * contract 6), from the same deployment plan the constructs build from, so the two cannot drift.
 */
import { catalog as defaultCatalog } from "../catalog";
import { deployedDetections, isDeployedByTripline, runsOnTrailLogGroup, trailDetections } from "./plan";
import type { Detection } from "../catalog/detection";
import type { OrganizationModel } from "../manifest/model";
import type { ReplayProfile } from "./profile";

/**
 * The organization's replay profile: only the detections this version of tripline deploys
 * (`isDeployedByTripline`), twins included, with the organization's working hours. The trail's
 * detections carry the organization's and the trail owner's settings (they run once, in that
 * account). Detections that run in every account (the event rules; SSH, once it is deployed) carry
 * the organization's settings and exceptions: replay cannot tell which account's overrides a
 * recorded file belongs to.
 */
export function replayProfileFor(model: OrganizationModel, catalog: readonly Detection[] = defaultCatalog): ReplayProfile {
  const onTrail = trailDetections(model, catalog);
  const elsewhere = deployedDetections(model, undefined, catalog).filter((d) => isDeployedByTripline(d.detection) && !runsOnTrailLogGroup(d.detection));
  const deployed = [...onTrail, ...elsewhere];
  // In catalog order, a twin's halves side by side.
  const detections = catalog.flatMap((c) => deployed.filter((d) => d.catalogId === c.id).map((d) => d.detection));
  return { detections, schedule: model.detections.schedule };
}
