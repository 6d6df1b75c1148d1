/** Packages the notifier at synth time with the stream detector's bundler: handler.ts bundled, `config.json` beside it. */
import { join } from "node:path";
import { bundleHandler, packageFunction, type FunctionPackage } from "../stream-detector/bundle";
import { CONFIG_FILE, type NotifierConfig } from "./config";

export const packageNotifier = (config: NotifierConfig): FunctionPackage => packageFunction(bundleHandler(join(__dirname, "handler.ts")), CONFIG_FILE, config);
