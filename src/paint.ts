import { isatty } from 'node:tty';
import { plain, type Paint } from './output.js';

/** Colour only on a terminal, never with NO_COLOR; FORCE_COLOR forces it. chalk is loaded only when used. */
export function colorWanted(target: NodeJS.WriteStream | 1 | 2 = 2): boolean {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  // A descriptor is asked directly: touching process.stderr would create the stream just for this question.
  return (typeof target === 'number' ? isatty(target) : Boolean(target.isTTY)) && env.TERM !== 'dumb';
}

export async function painter(): Promise<Paint> {
  if (!colorWanted()) return plain;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { dim: (s) => c.dim(s), warn: (s) => c.yellow(s) };
}
