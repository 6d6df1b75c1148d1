import { Readable } from "node:stream";
import { runReplay } from "../../modules/cli/replay";
import { formatProgress } from "../../modules/replay/progress";
import { profileOf, unauthorized } from "./detections";
import { apiCall, jsonLines } from "./log-files";
import { io } from "./output";

test("the progress line names the file, bytes, events and events/s", () => {
  expect(formatProgress({ file: "trail.jsonl", fileNumber: 2, fileCount: 5, events: () => 1_234_567 }, 123.4 * 1024 * 1024, 27_000)).toBe(
    "[2/5] trail.jsonl  123.4 MB  1,234,567 events  45,725 events/s",
  );
});

/** Standard input that delivers one record, then waits long enough for the progress line to be drawn. */
const slowStdin = () =>
  Readable.from(
    (async function* () {
      yield Buffer.from(jsonLines([apiCall({ errorCode: "AccessDenied" })]));
      await new Promise((resolve) => setTimeout(resolve, 120));
      yield Buffer.from(jsonLines([apiCall({ errorCode: "AccessDenied" })]));
    })(),
  );

test.each([["--json"], []])("on a terminal, progress goes to stderr and is cleared; stdout holds only the report (%j)", async (...flags) => {
  const streams = io({ isTTY: true });
  const deps = { defaultProfile: () => profileOf(unauthorized), readOptions: { stdin: slowStdin() }, progress: { delayMs: 0, intervalMs: 10 } };
  expect(await runReplay([...flags, "-"], streams, deps)).toBe(0);
  expect(streams.stderr.text).toMatch(/^\r\x1b\[K\[1\/1\] - {2}0\.0 MB {2}\d+ events {2}[\d,]+ events\/s/);
  expect(streams.stderr.text.endsWith("\r\x1b[K")).toBe(true);
  expect(streams.stdout.text).not.toContain("events/s");
  if (flags.length > 0) expect(JSON.parse(streams.stdout.text).events).toBe(2);
});

test("no progress when stderr is not a terminal, however long the replay", async () => {
  const streams = io({ isTTY: false });
  const deps = { defaultProfile: () => profileOf(unauthorized), readOptions: { stdin: slowStdin() }, progress: { delayMs: 0, intervalMs: 10 } };
  expect(await runReplay(["--json", "-"], streams, deps)).toBe(0);
  expect(streams.stderr.text).toBe("");
});
