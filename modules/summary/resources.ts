/**
 * One synthesized stack as the summary sees it: its accounts and Regions (from the aliased
 * providers, modules/stacks/region-providers.ts), and every resource with its Terraform address,
 * AWS name and Region. Generic over resource types: a type it has never seen is counted and
 * diffed like any other.
 */
import type { SynthStack } from "./synth-output";

export interface StackResource {
  /** `aws_sns_topic.cloudtrail-detections_topics_alerts_70752160`: Terraform's address. */
  readonly address: string;
  readonly type: string;
  /** The name the resource has in AWS where it has one (`name`, `alarm_name`, `rule_name` …). */
  readonly name?: string;
  readonly region?: string;
  /**
   * Its arguments as written. Terraform's `//` comment is left in rather than copied out (a
   * thousand stacks hold tens of thousands of resources); readers skip it (`COMMENT_KEY`).
   */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The `//` comment: cdktf's metadata and tripline's review records (modules/constructs/exception-record.ts). */
  readonly comment?: Readonly<Record<string, unknown>>;
}

export interface StackResources {
  readonly stack: string;
  readonly file: string;
  /** Account ids the providers are pinned to (`allowed_account_ids`). */
  readonly accounts: readonly string[];
  /** Regions with a provider, in the order the stack declares them. */
  readonly regions: readonly string[];
  readonly resources: readonly StackResource[];
  /** The AWS provider blocks as written, one per Region. */
  readonly providers: readonly Readonly<Record<string, unknown>>[];
  /** By address, for references such as `${aws_sns_topic.x.arn}`. */
  readonly byAddress: ReadonlyMap<string, StackResource>;
}

/** Arguments that hold a resource's AWS name, by how common they are. */
const NAME_ARGUMENTS = ["name", "alarm_name", "rule_name", "function_name", "bucket", "table_name", "alias", "name_prefix"] as const;

/** Terraform JSON's comment property: ignored by Terraform, and by the diff of arguments. */
export const COMMENT_KEY = "//";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function stackResources(stack: SynthStack): StackResources {
  const providers = Array.isArray(stack.json.provider?.aws) ? (stack.json.provider.aws as unknown[]).filter(isRecord) : [];
  const regionOfAlias = new Map<string, string>();
  let defaultRegion: string | undefined;
  const regions: string[] = [];
  const accounts = new Set<string>();
  for (const provider of providers) {
    const region = typeof provider.region === "string" ? provider.region : undefined;
    if (region && !regions.includes(region)) regions.push(region);
    if (typeof provider.alias === "string" && region) regionOfAlias.set(`aws.${provider.alias}`, region);
    else if (provider.alias === undefined) defaultRegion = region;
    for (const id of Array.isArray(provider.allowed_account_ids) ? provider.allowed_account_ids : []) {
      if (typeof id === "string") accounts.add(id);
    }
  }
  const resources: StackResource[] = [];
  for (const [type, byId] of Object.entries(stack.json.resource ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [logicalId, body] of Object.entries(byId).sort(([a], [b]) => a.localeCompare(b))) {
      const attributes = body;
      const comment = body[COMMENT_KEY];
      const providerRef = attributes.provider;
      const nameArgument = NAME_ARGUMENTS.find((key) => typeof attributes[key] === "string" && !String(attributes[key]).includes("${"));
      resources.push({
        address: `${type}.${logicalId}`,
        type,
        name: nameArgument ? (attributes[nameArgument] as string) : undefined,
        region: typeof providerRef === "string" ? regionOfAlias.get(providerRef) : defaultRegion,
        attributes,
        comment: isRecord(comment) ? comment : undefined,
      });
    }
  }
  return {
    stack: stack.name,
    file: stack.file,
    accounts: [...accounts].sort(),
    regions,
    resources,
    providers,
    byAddress: new Map(resources.map((r) => [r.address, r])),
  };
}

/** Resources by type, types sorted. */
export function countByType(resources: readonly StackResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** `${aws_sns_topic.x.arn}` → the resource it names, when the stack holds it. */
export function referencedResource(stack: StackResources, value: unknown): StackResource | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\$\{([a-z0-9_]+\.[^.}]+)\.[a-z_]+\}$/.exec(value);
  return match ? stack.byAddress.get(match[1]) : undefined;
}
