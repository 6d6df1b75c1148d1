/**
 * The stream detector's package: handler.ts bundled (functions/bundle.ts) beside `config.json`,
 * the configuration fixed at synth time.
 */
import { join } from "node:path";
import { packageFunction, type FunctionPackage } from "../bundle";
import { CONFIG_FILE, type StreamDetectorConfig } from "./config";

/** The function's zip for one configuration. */
export const packageStreamDetector = (config: StreamDetectorConfig): FunctionPackage =>
  packageFunction("stream-detector", join(__dirname, "handler.ts"), { [CONFIG_FILE]: `${JSON.stringify(config, null, 2)}\n` });
