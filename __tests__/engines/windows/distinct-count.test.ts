import type { DistinctCountDetector } from "../../../modules/engines/windows/types";
import { compileDistinctCount, MemoryWindowStore } from "../../../modules/engines/windows/distinct-count";

const ms = (iso: string): number => Date.parse(iso);
const detector: DistinctCountDetector = {
  type: "distinct-count",
  keyFields: ["userIdentity.arn"],
  valueFields: ["eventSource", "eventName"],
  windowSeconds: 300,
  threshold: 3,
};
const call = (arn: string | undefined, eventName: string) => ({
  userIdentity: arn === undefined ? { type: "Root" } : { arn },
  eventSource: "ec2.amazonaws.com",
  eventName,
});
const PEDRO = "arn:aws:iam::123456789123:user/pedro";

describe("distinct-count detector", () => {
  test("fires once, on the event that brings a key's distinct count to the threshold", () => {
    const observe = compileDistinctCount("api-enumeration", detector);
    const store = new MemoryWindowStore();
    const t = ms("2024-05-01T10:01:00Z");
    const fired = ["DescribeInstances", "DescribeInstances", "DescribeVpcs", "DescribeSubnets", "DescribeImages", "DescribeVpcs"].map(
      (name, i) => observe(store, call(PEDRO, name), t + i * 1000),
    );
    expect(fired.map((f) => f !== undefined)).toEqual([false, false, false, true, false, false]);
    expect(fired[3]).toMatchObject({
      start: ms("2024-05-01T10:00:00Z"),
      end: ms("2024-05-01T10:05:00Z"),
      key: { "userIdentity.arn": PEDRO },
      count: 3,
    });
    expect(store.size(fired[3]?.windowKey as string)).toBe(4);
  });

  test("a value repeated once the threshold is reached does not fire again", () => {
    const observe = compileDistinctCount("api-enumeration", detector);
    const store = new MemoryWindowStore();
    const t = ms("2024-05-01T10:01:00Z");
    const fired = ["A", "B", "C", "C", "A", "B"].map((name) => observe(store, call(PEDRO, name), t));
    expect(fired.map((f) => f !== undefined)).toEqual([false, false, true, false, false, false]);
  });

  test("counts each key on its own", () => {
    const observe = compileDistinctCount("api-enumeration", detector);
    const store = new MemoryWindowStore();
    const t = ms("2024-05-01T10:01:00Z");
    const names = ["A", "B", "C"];
    const alice = names.map((n) => observe(store, call("arn:alice", n), t));
    const bob = names.slice(0, 2).map((n) => observe(store, call("arn:bob", n), t));
    expect(alice[2]?.key).toEqual({ "userIdentity.arn": "arn:alice" });
    expect(bob.every((f) => f === undefined)).toBe(true);
  });

  test("starts again in the next aligned window, and fires there again", () => {
    const observe = compileDistinctCount("api-enumeration", detector);
    const store = new MemoryWindowStore();
    const firings = [
      ["10:03:00", "A"], ["10:04:00", "B"], ["10:05:00", "C"], ["10:06:00", "A"], ["10:07:00", "B"],
    ].map(([time, name]) => observe(store, call(PEDRO, name), ms(`2024-05-01T${time}Z`)));
    expect(firings.map((f) => f !== undefined)).toEqual([false, false, false, false, true]);
    expect(firings[4]?.start).toBe(ms("2024-05-01T10:05:00Z"));
  });

  test("does not count an event that lacks a key or value field", () => {
    const observe = compileDistinctCount("api-enumeration", { ...detector, threshold: 1 });
    const store = new MemoryWindowStore();
    expect(observe(store, call(undefined, "A"), 0)).toBeUndefined();
    expect(observe(store, { userIdentity: { arn: "x" } }, 0)).toBeUndefined();
    expect(observe(store, call("x", "A"), 0)).toBeDefined();
  });
});
