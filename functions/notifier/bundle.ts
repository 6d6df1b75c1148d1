/** The notifier's package: handler.ts bundled (functions/bundle.ts) beside `config.json`, the configuration fixed at synth time. */
import { join } from "node:path";
import { packageFunction, type FunctionPackage } from "../bundle";
import { CONFIG_FILE, type NotifierConfig } from "./config";

export const packageNotifier = (config: NotifierConfig): FunctionPackage =>
  packageFunction("notifier", join(__dirname, "handler.ts"), { [CONFIG_FILE]: `${JSON.stringify(config, null, 2)}\n` });
