import { fstatSync } from 'node:fs';
import { builtin } from './builtin.js';
import type { Paint } from './output.js';

/**
 * Whether a descriptor is a terminal. node:tty loads net and stream (several milliseconds of every start), so on
 * Linux the descriptor's device says it: a character device that is not one of the memory devices (major 1:
 * /dev/null, /dev/zero, /dev/full …) is a terminal. Elsewhere node:tty answers.
 */
export function isTerminal(fd: 1 | 2): boolean {
  if (process.platform !== 'linux') {
    return builtin<typeof import('node:tty')>('node:tty').isatty(fd);
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

/** Colour only on a terminal, never with NO_COLOR; FORCE_COLOR forces it. */
export function colorWanted(target: NodeJS.WriteStream | 1 | 2 = 2): boolean {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  // A descriptor is asked directly: touching process.stderr would create the stream just for this question.
  return (typeof target === 'number' ? isTerminal(target) : Boolean(target.isTTY)) && env.TERM !== 'dumb';
}

/**
 * Dim for what goes to standard output (the headers of several targets), yellow for warnings on standard error;
 * each stream is coloured only when its own descriptor is a terminal, decided when first used: `$(crossctl …)`
 * or a pipe takes plain text even while standard error is a terminal. Two SGR codes, as chalk writes them at
 * level 1, without loading chalk.
 */
export function painter(): Paint {
  let out: boolean | undefined;
  let err: boolean | undefined;
  return {
    dim: (s) => ((out ??= colorWanted(1)) ? `\x1b[2m${s}\x1b[22m` : s),
    warn: (s) => ((err ??= colorWanted(2)) ? `\x1b[33m${s}\x1b[39m` : s),
  };
}
