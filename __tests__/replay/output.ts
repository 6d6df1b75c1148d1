/** Test support: a writable stream that keeps what is written, standing in for stdout/stderr. */
import { Writable } from "node:stream";

export class Output extends Writable {
  text = "";
  isTTY?: boolean;

  constructor(options: { isTTY?: boolean } = {}) {
    super();
    this.isTTY = options.isTTY;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

export const io = (options: { isTTY?: boolean } = {}) => ({ stdout: new Output(), stderr: new Output(options) });
