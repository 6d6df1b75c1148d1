import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { catalog } from "../../modules/catalog";
import { compileEventPattern } from "../../modules/engines/event-pattern";
import { compileFilterPattern } from "../../modules/engines/filter-pattern";
import { toEventBridgeEvent } from "../../modules/replay/eventbridge-envelope";
import { mayMatchEventName, possibleEventNames, possibleEventNamesOfFilter } from "../../modules/replay/event-name-prefilter";
import { corpusPath } from "../corpus-path";

describe("possibleEventNamesOfFilter", () => {
  test("reads exact eventName comparisons: OR unites them, AND intersects those that name events", () => {
    expect(possibleEventNamesOfFilter('{ ($.eventName = "CreateTrail") || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) }')).toEqual(
      new Set(["CreateTrail", "UpdateTrail", "DeleteTrail"]),
    );
    expect(possibleEventNamesOfFilter('{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }')).toEqual(
      new Set(["DisableKey", "ScheduleKeyDeletion"]),
    );
    expect(possibleEventNamesOfFilter('{ ($.eventName = A || $.eventName = B) && ($.eventName = B || $.eventName = C) }')).toEqual(new Set(["B"]));
  });

  test.each([
    ["a pattern that names no event", '{ $.errorCode = "AccessDenied*" }'],
    ["a wildcard", '{ $.eventName = "Delete*" }'],
    ["!=", '{ $.eventName != "ConsoleLogin" }'],
    ["an OR branch without a name", '{ ($.eventName = ConsoleLogin) || ($.userIdentity.type = Root) }'],
    ["a nested field of the same name", '{ $.detail.eventName = "StopLogging" }'],
    ["a term pattern", "ConsoleLogin"],
  ])("cannot tell with %s", (_case, pattern) => {
    expect(possibleEventNamesOfFilter(pattern)).toBeUndefined();
  });
});

describe("possibleEventNames", () => {
  test("reads plain string lists of detail.eventName, through $or at any level", () => {
    expect(possibleEventNames({ detail: { eventName: ["StopLogging", "DeleteTrail"] } })).toEqual(new Set(["StopLogging", "DeleteTrail"]));
    expect(
      possibleEventNames({
        "detail-type": ["AWS API Call via CloudTrail"],
        $or: [{ detail: { eventName: ["A"] } }, { detail: { $or: [{ eventName: ["B"] }, { eventName: ["C"], eventSource: ["x"] }] } }],
      }),
    ).toEqual(new Set(["A", "B", "C"]));
  });

  test.each([
    ["no eventName", { source: ["aws.guardduty"] }],
    ["an operator", { detail: { eventName: [{ prefix: "Delete" }] } }],
    ["anything-but", { detail: { eventName: [{ "anything-but": ["Get"] }] } }],
    ["a number", { detail: { eventName: [1] } }],
    ["an $or branch without a list", { $or: [{ detail: { eventName: ["A"] } }, { source: ["aws.s3"] }] }],
  ])("cannot tell with %s", (_case, pattern) => {
    expect(possibleEventNames(pattern)).toBeUndefined();
  });

  test("lets through only records whose eventName may match", () => {
    const names = new Set(["StopLogging"]);
    expect(mayMatchEventName(names, "StopLogging")).toBe(true);
    expect(mayMatchEventName(names, "stoplogging")).toBe(false);
    expect(mayMatchEventName(names, undefined)).toBe(false);
    expect(mayMatchEventName(names, ["StopLogging"])).toBe(true); // not a string: the engine decides
  });

  test("never filters out a corpus record that a catalog pattern matches", () => {
    const filters = catalog.flatMap((d) =>
      d.source === "cloudtrail" && (d.kind === "metric-filter" || d.kind === "stream")
        ? [{ id: d.id, test: compileFilterPattern(d.pattern), names: possibleEventNamesOfFilter(d.pattern) }]
        : [],
    );
    expect(filters.filter((f) => f.names !== undefined).length).toBeGreaterThan(5);
    const dir = corpusPath("cloudtrail");
    let matched = 0;
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".jsonl"))) {
      for (const line of readFileSync(join(dir, name), "utf8").split("\n")) {
        if (line.trim() === "") continue;
        const record = JSON.parse(line) as Record<string, unknown>;
        for (const f of filters) {
          if (!f.test({ message: line, json: record })) continue;
          matched++;
          expect({ detection: f.id, eventName: record.eventName, passes: f.names === undefined || mayMatchEventName(f.names, record.eventName) }).toEqual({
            detection: f.id,
            eventName: record.eventName,
            passes: true,
          });
        }
      }
    }
    expect(matched).toBeGreaterThan(100);
  });

  test("never filters out a corpus record that a catalog event rule matches", () => {
    const rules = catalog.flatMap((d) => (d.kind === "event-rule" ? [{ id: d.id, test: compileEventPattern(d.eventPattern), names: possibleEventNames(d.eventPattern) }] : []));
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((r) => r.names !== undefined).length).toBeGreaterThan(0);
    const dir = corpusPath("cloudtrail");
    let matched = 0;
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".jsonl"))) {
      for (const line of readFileSync(join(dir, name), "utf8").split("\n")) {
        if (line.trim() === "") continue;
        const record = JSON.parse(line) as Record<string, unknown>;
        const { event } = toEventBridgeEvent(record);
        for (const rule of rules) {
          if (!rule.test(event)) continue;
          matched++;
          expect({ rule: rule.id, eventName: record.eventName, passes: rule.names === undefined || mayMatchEventName(rule.names, record.eventName) }).toEqual({
            rule: rule.id,
            eventName: record.eventName,
            passes: true,
          });
        }
      }
    }
    expect(matched).toBeGreaterThan(0);
  });
});
