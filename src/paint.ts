import { fstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { plain, type Paint } from './output.js';

/**
 * Whether a descriptor is a terminal. node:tty loads net and stream (several milliseconds of every start), so on
 * Linux the descriptor's device says it: a character device that is not one of the memory devices (major 1:
 * /dev/null, /dev/zero, /dev/full …) is a terminal. Elsewhere node:tty answers.
 */
export function isTerminal(fd: 1 | 2): boolean {
  if (process.platform !== 'linux') {
    const { isatty } = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
    return isatty(fd);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    const major = ((st.rdev >>> 8) & 0xfff) | (Math.floor(st.rdev / 2 ** 32) & ~0xfff);
    return major !== 1;
  } catch {
    return false;
  }
}

/** Colour only on a terminal, never with NO_COLOR; FORCE_COLOR forces it. chalk is loaded only when used. */
export function colorWanted(target: NodeJS.WriteStream | 1 | 2 = 2): boolean {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  // A descriptor is asked directly: touching process.stderr would create the stream just for this question.
  return (typeof target === 'number' ? isTerminal(target) : Boolean(target.isTTY)) && env.TERM !== 'dumb';
}

export async function painter(): Promise<Paint> {
  if (!colorWanted()) return plain;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { dim: (s) => c.dim(s), warn: (s) => c.yellow(s) };
}
