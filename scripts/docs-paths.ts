/** Where the generated docs live; shared by the generator and the test that checks them. */
export const SCHEMA_FILE = "schema/tripline.schema.json";
export const REFERENCE_BEGIN = "<!-- manifest-reference:begin (npm run docs) -->";
export const REFERENCE_END = "<!-- manifest-reference:end -->";
export const DETECTIONS_BEGIN = "<!-- detections:begin (npm run docs) -->";
export const DETECTIONS_END = "<!-- detections:end -->";
export const SUMMARY_SCHEMA_FILE = "schema/summary.schema.json";
