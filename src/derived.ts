// Results the build derives from the built-in tables through the same pipeline, so that `sheet` and `init`,
// which would otherwise translate every concept at each start, only read them: dist/derived/sheet.json and
// dist/derived/fastPaths.json, a file each, so that init does not read the sheet. With user tables in use they
// are computed afresh (src/prebuilt.ts returns nothing). A test keeps them equal to a fresh computation.
import { fastPath } from './shell/fastpath.js';
import { buildSheet, type Sheet } from './sheet/rows.js';
import { builtinTables, type Tables } from './tables.js';

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
