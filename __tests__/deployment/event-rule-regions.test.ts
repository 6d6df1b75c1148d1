/** Where each account's event rules go: its Regions, the home Region, and the sign-in Regions for the sign-in rules. */
import { catalog } from "../../modules/catalog";
import { eventRulePlacement, signInRegionWarnings, stackRegions } from "../../modules/deployment/event-rule-regions";
import { organizationFrom } from "../support/synth";

const IDS = new Set(catalog.map((d) => d.id));
const placement = (files: Record<string, string> = {}, account = "app") => {
  const org = organizationFrom(files, undefined, IDS);
  const model = org.accounts.find((a) => a.name === account);
  if (!model) throw new Error(account);
  const rules = eventRulePlacement(org, model);
  return { org, model, rules, byRegion: Object.fromEntries(rules.map((r) => [r.region, r.detections.map((d) => d.id).sort()])) };
};
const ALL = catalog.filter((d) => d.kind === "event-rule").map((d) => d.id).sort();
const SIGN_IN = ["console-login-without-mfa-event", "root-console-login"];

test("every event rule in the account's Regions and the home Region; the sign-in rules alone in the other sign-in Regions", () => {
  const { byRegion, org, model, rules } = placement();
  expect(byRegion).toEqual({ "us-east-1": ALL, "eu-west-1": ALL, "us-east-2": SIGN_IN, "eu-north-1": SIGN_IN, "ap-southeast-2": SIGN_IN });
  expect(stackRegions(org, model, rules)).toEqual(["us-east-1", "eu-west-1", "us-east-2", "eu-north-1", "ap-southeast-2"]);
});

test("an account that turns the sign-in rules off needs no sign-in Region", () => {
  const off = "detections:\n  settings:\n    root-console-login: { enabled: false }\n    console-login-without-mfa-event: { enabled: false }\n";
  const { byRegion } = placement({ "app.yaml": `name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\nregions: [eu-west-1]\n${off}` });
  expect(Object.keys(byRegion)).toEqual(["us-east-1", "eu-west-1"]);
  expect(byRegion["eu-west-1"]).toEqual(ALL.filter((id) => !SIGN_IN.includes(id)));
});

test("outside the commercial partition there are no sign-in Regions to add, and nothing to warn about", () => {
  const { byRegion, org } = placement({
    "organization.yaml": "organizationId: o-a1b2c3d4e5\nhomeRegion: us-gov-west-1\nregions: [us-gov-west-1]\n",
    "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\n',
  });
  expect(byRegion).toEqual({ "us-gov-west-1": ALL });
  expect(signInRegionWarnings(org)).toEqual([]);
});
