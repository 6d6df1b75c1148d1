import { isIPv4 } from "node:net";
import { EXCEPTION_PATHS, isRoleArn } from "../../modules/deployment/exceptions";
import type { DetectionException } from "../../modules/manifest/schema";

/**
 * Whether an exception entry excepts a CloudTrail record, evaluated directly in JavaScript: the
 * specification the compiled patterns are tested against (docs/exceptions.md): written apart
 * from the compiler on purpose, so that the two can disagree.
 */
export function isExcepted(exception: DetectionException, record: Readonly<Record<string, unknown>>): boolean {
  const text = (path: string): string | undefined => {
    let value: unknown = record;
    for (const step of path.slice(2).split(".")) {
      if (value === null || typeof value !== "object") return undefined;
      value = (value as Record<string, unknown>)[step];
    }
    return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
  };
  const glob = (pattern: string, value: string | undefined): boolean => {
    if (value === undefined) return false;
    const parts = pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^${parts.join(".*")}$`, "s").test(value);
  };
  const checks: boolean[] = [];
  if (exception.principals?.length) {
    checks.push(exception.principals.some((p) => glob(p, text(isRoleArn(p) ? EXCEPTION_PATHS.role : EXCEPTION_PATHS.principal))));
  }
  if (exception.sourceIps?.length) {
    const ip = text(EXCEPTION_PATHS.sourceIp);
    checks.push(exception.sourceIps.some((entry) => ip !== undefined && inBlock(entry, ip)));
  }
  if (exception.userAgents?.length) checks.push(exception.userAgents.some((u) => glob(u, text(EXCEPTION_PATHS.userAgent))));
  return checks.length > 0 && checks.every(Boolean);
}

function inBlock(entry: string, ip: string): boolean {
  if (!entry.includes("/")) return entry === ip;
  const [network, bitsText] = entry.split("/");
  if (!isIPv4(network) || !isIPv4(ip)) return network === ip && (bitsText === "128" || bitsText === "32");
  const bits = Number(bitsText);
  const toNumber = (a: string) => a.split(".").reduce((n, o) => n * 256 + Number(o), 0);
  const size = 2 ** (32 - bits);
  return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(network) / size);
}
