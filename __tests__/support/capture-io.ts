/** A command's stdout and stderr captured as text, for CLI tests. */
import { Writable } from "node:stream";

export function captureIo() {
  const chunks = { stdout: "", stderr: "" };
  const sink = (key: keyof typeof chunks) =>
    new Writable({
      write(chunk, _encoding, done) {
        chunks[key] += String(chunk);
        done();
      },
    });
  return { io: { stdout: sink("stdout"), stderr: sink("stderr") }, chunks };
}
