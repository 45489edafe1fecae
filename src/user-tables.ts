import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { builtin } from './builtin.js';
import { CrossctlError, EXIT, usageError } from './errors.js';
import { distDir, mappingsDir } from './paths.js';
import { builtinTables, useTables } from './tables.js';

/** `$XDG_CONFIG_HOME/crossctl/mappings`, or `~/.config/crossctl/mappings` (a relative XDG_CONFIG_HOME is ignored). */
export function userMappingsDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const config = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || builtin<typeof import('node:os')>('node:os').homedir(), '.config');
  return join(config, 'crossctl', 'mappings');
}

const kindOf = (path: string): 'dir' | 'other' | 'none' => {
  const st = statSync(path, { throwIfNoEntry: false });
  return st === undefined ? 'none' : st.isDirectory() ? 'dir' : 'other';
};

/**
 * Puts the user's tables on top of the built-in ones: the default directory when it exists, then each
 * `--mappings DIR` in order. Without any, only one stat happens: the compiler, ajv and yaml stay unloaded.
 * Any problem in them is an error (exit 2) listing every problem as `file:line:col: message`.
 */
export async function applyUserTables(explicit: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  useTables(undefined);
  const dirs: string[] = [];
  const fallback = userMappingsDir(env);
  // The default directory counts once it holds a table; an empty one costs no compiler.
  if (kindOf(fallback) === 'dir' && readdirSync(fallback).some((f) => f.endsWith('.yaml'))) dirs.push(fallback);
  for (const d of explicit) {
    const kind = kindOf(d);
    if (kind === 'none') throw usageError(`--mappings ${d}: no such directory`);
    if (kind === 'other') throw usageError(`--mappings ${d}: not a directory`);
    dirs.push(resolve(d));
  }
  if (!dirs.length) return;
  const { compileTables, MappingError } = await import('./mappings/compile.js');
  try {
    useTables(compileTables({ mappingsDir: mappingsDir(), surfacesDir: join(distDir(), 'surfaces'), overlays: dirs, base: builtinTables() }));
  } catch (e) {
    if (e instanceof MappingError) {
      const n = e.problems.length;
      throw new CrossctlError(
        `${n} problem${n === 1 ? '' : 's'} in user mapping tables (${dirs.join(', ')}); none of them were applied`,
        EXIT.usage,
        e.problems,
      );
    }
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code === 'string' && err.syscall) throw usageError(`cannot read user mapping tables: ${err.message}`);
    throw e;
  }
}
