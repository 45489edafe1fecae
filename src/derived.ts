// Results the build derives from the built-in tables through the same pipeline, so that `sheet` and `init`,
// which would otherwise translate every concept at each start, only read them. With user tables in use they
// are computed afresh. A test keeps them equal to a fresh computation.
import { readFileSync } from 'node:fs';
import { distDir } from './paths.js';
import { fastPath } from './shell/fastpath.js';
import { buildSheet, type Sheet } from './sheet/rows.js';
import { builtinTables, usingBuiltinTables, type Tables } from './tables.js';

export interface Derived {
  sheet: Sheet;
  /** `from>to` → the source's subcommands that run unchanged on the target (every version crossctl knows). */
  fastPaths: Record<string, string[]>;
}

export function derive(tables: Tables): Derived {
  const tools = Object.keys(tables.tools);
  const fastPaths: Record<string, string[]> = {};
  for (const from of tools) for (const to of tools) if (from !== to) fastPaths[`${from}>${to}`] = fastPath(tables, from, to).words;
  return { sheet: buildSheet(tables), fastPaths };
}

/** For the build: derived from the tables it has just compiled. */
export const deriveBuiltin = (): Derived => derive(builtinTables());

let derived: Derived | undefined;
function load(): Derived | undefined {
  if (!usingBuiltinTables()) return undefined;
  derived ??= JSON.parse(readFileSync(`${distDir()}/derived.json`, 'utf8')) as Derived;
  return derived;
}

export const sheetOf = (tables: Tables): Sheet => load()?.sheet ?? buildSheet(tables);

export function fastPathWords(tables: Tables, from: string, to: string, versions?: string[]): string[] {
  const words = versions ? undefined : load()?.fastPaths[`${from}>${to}`];
  return words ?? fastPath(tables, from, to, versions).words;
}
