import type { AlarmSpec } from "../../../modules/engines/windows/types";
import { alarmRuns, isBreaching, PeriodCounter, periodStart } from "../../../modules/engines/windows/alarm-window";
import { ContributorCounter, keyFieldName } from "../../../modules/engines/windows/contributor-window";

const ms = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString().replace(".000Z", "Z");
const spec = (over: Partial<AlarmSpec> = {}): AlarmSpec => ({
  periodSeconds: 60,
  evaluationPeriods: 1,
  threshold: 5,
  comparison: "GreaterThanOrEqualToThreshold",
  ...over,
});
const runs = (counter: PeriodCounter) => counter.alarms().map((r) => ({ start: iso(r.start), end: iso(r.end), value: r.value }));

/** `n` events spread over [from, from + spanSeconds). */
const times = (from: string, n: number, spanSeconds: number): number[] =>
  Array.from({ length: n }, (_, i) => ms(from) + Math.floor((i * spanSeconds * 1000) / n));

describe("periods aligned to the clock", () => {
  test("a period starts at a multiple of its length since the epoch", () => {
    expect(iso(periodStart(ms("2024-05-01T10:04:59.999Z"), 300))).toBe("2024-05-01T10:00:00Z");
    expect(iso(periodStart(ms("2024-05-01T10:05:00Z"), 300))).toBe("2024-05-01T10:05:00Z");
    expect(iso(periodStart(ms("2024-05-01T10:00:41Z"), 10))).toBe("2024-05-01T10:00:40Z");
    expect(iso(periodStart(ms("2024-05-01T10:59:00Z"), 3600))).toBe("2024-05-01T10:00:00Z");
  });

  test("an alarm covers [start, end) of the breaching period, with the count as value", () => {
    const counter = new PeriodCounter(spec());
    for (const t of times("2024-05-01T10:01:10Z", 12, 30)) counter.add(t);
    expect(runs(counter)).toEqual([{ start: "2024-05-01T10:01:00Z", end: "2024-05-01T10:02:00Z", value: 12 }]);
  });

  test("a burst straddling two periods is split between them, as CloudWatch splits it", () => {
    const minute = new PeriodCounter(spec({ threshold: 5 }));
    for (const t of times("2024-05-01T10:00:57Z", 6, 6)) minute.add(t); // 3 before 10:01, 3 after
    expect([...minute.values.values()]).toEqual([3, 3]);
    expect(runs(minute)).toEqual([]);
    const fiveMinutes = new PeriodCounter(spec({ threshold: 5, periodSeconds: 300 }));
    for (const t of times("2024-05-01T10:00:57Z", 6, 6)) fiveMinutes.add(t);
    expect(runs(fiveMinutes)).toEqual([{ start: "2024-05-01T10:00:00Z", end: "2024-05-01T10:05:00Z", value: 6 }]);
  });

  test("does not need events in time order", () => {
    const counter = new PeriodCounter(spec({ threshold: 2 }));
    for (const t of ["10:03:00", "10:01:00", "10:03:30", "09:00:00", "10:01:59"]) counter.add(ms(`2024-05-01T${t}Z`));
    expect(runs(counter).map((r) => r.start)).toEqual(["2024-05-01T10:01:00Z", "2024-05-01T10:03:00Z"]);
  });
});

describe("comparison and threshold", () => {
  test("GreaterThanOrEqualToThreshold breaches at the threshold, GreaterThanThreshold only above", () => {
    expect(isBreaching(5, { threshold: 5, comparison: "GreaterThanOrEqualToThreshold" })).toBe(true);
    expect(isBreaching(5, { threshold: 5, comparison: "GreaterThanThreshold" })).toBe(false);
    expect(isBreaching(6, { threshold: 5, comparison: "GreaterThanThreshold" })).toBe(true);
    expect(isBreaching(4, { threshold: 5, comparison: "GreaterThanOrEqualToThreshold" })).toBe(false);
  });

  test("a period with exactly `threshold` matches raises only the ≥ alarm", () => {
    const values = new Map([[ms("2024-05-01T10:00:00Z"), 1]]);
    expect(alarmRuns(values, spec({ threshold: 1 }))).toHaveLength(1);
    expect(alarmRuns(values, spec({ threshold: 1, comparison: "GreaterThanThreshold" }))).toHaveLength(0);
  });
});

describe("evaluationPeriods > 1", () => {
  const at = (...minutes: [string, number][]) => new Map(minutes.map(([m, v]) => [ms(`2024-05-01T10:${m}:00Z`), v]));
  const asIso = (list: ReturnType<typeof alarmRuns>) => list.map((r) => ({ start: iso(r.start), end: iso(r.end), value: r.value }));

  test("needs that many consecutive breaching periods; the alarm covers the whole run", () => {
    const values = at(["01", 5], ["02", 9], ["03", 6], ["04", 1]);
    expect(asIso(alarmRuns(values, spec({ evaluationPeriods: 3 })))).toEqual([
      { start: "2024-05-01T10:01:00Z", end: "2024-05-01T10:04:00Z", value: 9 },
    ]);
    expect(alarmRuns(values, spec({ evaluationPeriods: 4 }))).toEqual([]);
  });

  test("a gap (a period without matches is 0) breaks the run", () => {
    const values = at(["01", 5], ["03", 5]);
    expect(alarmRuns(values, spec({ evaluationPeriods: 2 }))).toEqual([]);
    expect(alarmRuns(values, spec({ evaluationPeriods: 1 }))).toHaveLength(2);
  });

  test("separate runs raise separate alarms", () => {
    const values = at(["01", 5], ["02", 5], ["05", 7], ["06", 8], ["07", 2]);
    expect(asIso(alarmRuns(values, spec({ evaluationPeriods: 2 })))).toEqual([
      { start: "2024-05-01T10:01:00Z", end: "2024-05-01T10:03:00Z", value: 5 },
      { start: "2024-05-01T10:05:00Z", end: "2024-05-01T10:07:00Z", value: 8 },
    ]);
  });
});

describe("Contributor Insights MaxContributorValue", () => {
  test("the metric is the top contributor's count per period, and the alarm names that contributor", () => {
    const counter = new ContributorCounter(spec({ threshold: 3 }));
    const t = ms("2024-05-01T10:01:05Z");
    for (const ip of ["198.51.100.7", "203.0.113.9", "198.51.100.7", "203.0.113.9", "198.51.100.7"]) counter.add(t, [ip]);
    expect([...counter.maxContributorValues().values()]).toEqual([3]);
    expect(counter.alarms()).toEqual([{ start: ms("2024-05-01T10:01:00Z"), end: ms("2024-05-01T10:02:00Z"), value: 3, values: ["198.51.100.7"] }]);
  });

  test("many contributors below the threshold raise nothing, however many events in total", () => {
    const counter = new ContributorCounter(spec({ threshold: 3 }));
    for (let i = 0; i < 20; i++) counter.add(ms("2024-05-01T10:01:05Z"), [`192.0.2.${i % 10}`]);
    expect(counter.alarms()).toEqual([]);
  });

  test("keys combine several fields; a tie goes to the contributor seen first", () => {
    const counter = new ContributorCounter(spec({ threshold: 2 }));
    const t = ms("2024-05-01T10:01:05Z");
    counter.add(t, ["b", "x"]);
    counter.add(t, ["a", "x"]);
    counter.add(t, ["a", "x"]);
    counter.add(t, ["b", "x"]);
    counter.add(t, ["b", "y"]);
    expect(counter.alarms()[0].values).toEqual(["b", "x"]);
  });

  test("over a multi-period run, the key is the top contributor of the highest period", () => {
    const counter = new ContributorCounter(spec({ threshold: 2, evaluationPeriods: 2 }));
    for (let i = 0; i < 2; i++) counter.add(ms("2024-05-01T10:01:05Z"), ["first"]);
    for (let i = 0; i < 4; i++) counter.add(ms("2024-05-01T10:02:05Z"), ["second"]);
    expect(counter.alarms()).toEqual([{ start: ms("2024-05-01T10:01:00Z"), end: ms("2024-05-01T10:03:00Z"), value: 4, values: ["second"] }]);
  });

  test("names keys by their CloudTrail field names", () => {
    expect(keyFieldName("$.sourceIPAddress")).toBe("sourceIPAddress");
    expect(keyFieldName("$.userIdentity.arn")).toBe("userIdentity.arn");
  });
});
