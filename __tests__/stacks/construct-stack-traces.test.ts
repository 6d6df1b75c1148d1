/** cdktf's captured traces are dropped while stacks are built; real errors keep theirs; nothing leaks out. */
import { withoutConstructStackTraces } from "../../modules/stacks/construct-stack-traces";

test("a captured trace (not an Error's) is empty inside, an Error keeps its message and frames, and the hook is restored", () => {
  const before = Error.prepareStackTrace;
  const inside = withoutConstructStackTraces(() => {
    const captured = { stack: "" };
    Error.captureStackTrace(captured);
    return { captured: captured.stack, error: new Error("boom").stack ?? "" };
  });
  expect(inside.captured).toBe("");
  expect(inside.error).toMatch(/^Error: boom\n {4}at /);
  expect(Error.prepareStackTrace).toBe(before);
  const outside = { stack: "" };
  Error.captureStackTrace(outside);
  expect(outside.stack).not.toBe("");
});

test("restores the hook when the build throws", () => {
  const before = Error.prepareStackTrace;
  expect(() =>
    withoutConstructStackTraces(() => {
      throw new Error("bad");
    }),
  ).toThrow("bad");
  expect(Error.prepareStackTrace).toBe(before);
});
