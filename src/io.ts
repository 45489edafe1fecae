import { writeSync } from 'node:fs';

// The everyday commands write with write(2) on the descriptors instead of through process.stdout/stderr:
// creating those streams loads Node's stream, net and tty modules, several milliseconds of every start.

// One state for every copy of this module: main, translate, init and sheet are bundled apart, and a write that
// fails in a command's bundle decides the exit status that the entry's bundle sets.
const state: { stdoutClosed: boolean; failed: boolean } = ((globalThis as Record<symbol, unknown>)[Symbol.for('crossctl.io')] ??= {
  stdoutClosed: false,
  failed: false,
}) as { stdoutClosed: boolean; failed: boolean };

/** Whether a write failed for a reason other than a reader closing the pipe (the exit status becomes 70). */
export const outputFailed = (): boolean => state.failed;

const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

type Sink = (text: string) => void;
let sinks: { 1: Sink; 2: Sink } | undefined;

/** In-process callers (tests) take what crossctl writes; the returned function puts the descriptors back. */
export function captureOutput(out: Sink, err: Sink): () => void {
  sinks = { 1: out, 2: err };
  return () => {
    sinks = undefined;
  };
}

function write(fd: 1 | 2, text: string): void {
  if (sinks) return sinks[fd](text);
  if (!text || (fd === 1 && state.stdoutClosed)) return;
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A descriptor a parent made non-blocking: wait for the reader.
      if (code === 'EAGAIN') {
        pause(1);
        continue;
      }
      // A reader that closed the pipe (`| head`) is not an error: the rest is dropped quietly.
      if (code === 'EPIPE') {
        if (fd === 1) state.stdoutClosed = true;
        return;
      }
      state.failed = true;
      if (fd === 1) write(2, `crossctl: error: cannot write the output: ${(e as Error).message.replace(/\s+/g, ' ')}\n`);
      return;
    }
  }
}

export const writeOut = (text: string): void => write(1, text);
export const writeErr = (text: string): void => write(2, text);
