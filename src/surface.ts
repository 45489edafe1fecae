import { lazy, readJson } from './lazy.js';
import { own } from './own.js';
import { distDir } from './paths.js';

export interface SurfaceFlag {
  name: string;
  aliases?: string[];
  /** The value's type; absent for boolean flags. */
  value?: string;
  /** The value of the bare flag (pflag NoOptDefVal): any other value must be glued on, --pull=never. */
  optionalValue?: string;
  repeatable?: boolean;
  default?: string;
  /** Aliases accepted only before the subcommand (nerdctl -n, -a, -H). */
  rootOnlyAliases?: string[];
  hidden?: boolean;
  deprecated?: boolean;
}

export interface SurfaceCommand {
  path: string[];
  aliases?: string[];
  aliasPaths?: string[][];
  group?: boolean;
  /** A group that also runs itself with its own arguments (crictl 1.36 pull, run, runp, create). */
  runnable?: boolean;
  hidden?: boolean;
  usage: string;
  flags: SurfaceFlag[];
}

export interface SurfaceParsing {
  style: 'pflag' | 'go';
  combinedShort: boolean;
  combinedShortExceptions?: string[][];
  flagsAfterPositionals: boolean;
  nonInterspersed?: string[][];
  rootOnlyGlobals?: string[];
}

/** A tool's complete command-line surface at one version, derived from the reference (scripts/import-surfaces.mjs). */
export interface Surface {
  tool: string;
  version: string;
  parsing: SurfaceParsing;
  globals: SurfaceFlag[];
  commands: SurfaceCommand[];
}

const cache = new Map<string, Surface>();

/**
 * A tool's surface, as the build splits it (dist/surfaces/TOOL-VERSION/): the command tree with every spelling
 * already resolved, and each command (its flags and usage) in a file of its own, read when the parser reaches
 * that command. The whole docker surface is 70 KB of JSON and its tree hundreds of spellings: parsing it all
 * would be most of a translation's work.
 */
export function loadSurface(tool: string, version: string): Surface {
  const key = `${tool}-${version}`;
  let s = cache.get(key);
  if (s) return s;
  const dir = `${distDir()}/surfaces/${key}`;
  const split = readJson<SplitSurface>(`${dir}/tree.json`);
  const read: SurfaceCommand[] = [];
  const command = (i: number): SurfaceCommand => (read[i] ??= readJson<SurfaceCommand>(`${dir}/${i}.json`));
  const sets = new Map<string, Set<string>>();
  const surface = { tool: split.tool, version: split.version, parsing: split.parsing, globals: split.globals } as Surface;
  lazy(surface, 'commands', () => Array.from({ length: split.commands }, (_, i) => command(i)));
  trees.set(surface, {
    bySpelling: {
      get: (spelt) => {
        const i = own(split.spellings, spelt);
        return i === undefined ? undefined : command(i);
      },
    },
    children: {
      get: (prefix) => {
        let set = sets.get(prefix);
        const words = set ? undefined : own(split.children, prefix);
        if (words) sets.set(prefix, (set = new Set(words)));
        return set;
      },
    },
  });
  cache.set(key, surface);
  return surface;
}

/** The build's split form of a surface: see loadSurface. */
export interface SplitSurface extends Omit<Surface, 'commands'> {
  /** How many commands: each is the file `<index>.json`. */
  commands: number;
  /** Every spelling of a command path → the command's index. */
  spellings: Record<string, number>;
  /** A spelt path prefix → the words that may follow it. */
  children: Record<string, string[]>;
}

/** For the build: the tree file and each command (by index) of a surface. */
export function splitSurface(surface: Surface): { tree: SplitSurface; commands: SurfaceCommand[] } {
  const t = commandTree(surface) as { bySpelling: Map<string, SurfaceCommand>; children: Map<string, Set<string>> };
  const index = new Map(surface.commands.map((c, i) => [c, i]));
  return {
    tree: {
      tool: surface.tool,
      version: surface.version,
      parsing: surface.parsing,
      globals: surface.globals,
      commands: surface.commands.length,
      spellings: Object.fromEntries([...t.bySpelling].map(([spelt, cmd]) => [spelt, index.get(cmd)!])),
      children: Object.fromEntries([...t.children].map(([prefix, words]) => [prefix, [...words]])),
    },
    commands: surface.commands,
  };
}

export const flagNames = (f: SurfaceFlag): string[] => [f.name, ...(f.aliases ?? [])];

/**
 * A group that also runs its own action when its first argument is no subcommand: urfave/cli prints such a
 * command's usage as `[command] [command options] ARGS` (crictl 1.36 runp, run, create, pull).
 */
export const isRunnableGroup = (cmd: SurfaceCommand): boolean => Boolean(cmd.group && cmd.runnable);

export interface CommandTree {
  /** Every spelling of every command path (aliases at each level, docker's alias paths) → the command. */
  bySpelling: { get(spelt: string): SurfaceCommand | undefined };
  /** Spelt path prefix → names that may follow it. */
  children: { get(prefix: string): ReadonlySet<string> | undefined };
}

const trees = new WeakMap<Surface, CommandTree>();

export function commandTree(surface: Surface): CommandTree {
  let tree = trees.get(surface);
  if (tree) return tree;
  const byPath = new Map(surface.commands.map((c) => [c.path.join(' '), c]));
  const namesAt = (path: string[], i: number): string[] => {
    const cmd = byPath.get(path.slice(0, i + 1).join(' '));
    return [path[i]!, ...(cmd?.aliases ?? [])];
  };
  const bySpelling = new Map<string, SurfaceCommand>();
  const children = new Map<string, Set<string>>();
  const add = (spelt: string[], cmd: SurfaceCommand): void => {
    bySpelling.set(spelt.join(' '), cmd);
    for (let i = 0; i < spelt.length; i++) {
      const prefix = spelt.slice(0, i).join(' ');
      let set = children.get(prefix);
      if (!set) children.set(prefix, (set = new Set()));
      set.add(spelt[i]!);
    }
  };
  for (const cmd of surface.commands) {
    let spellings: string[][] = [[]];
    cmd.path.forEach((_, i) => {
      spellings = spellings.flatMap((s) => namesAt(cmd.path, i).map((n) => [...s, n]));
    });
    for (const s of spellings) add(s, cmd);
  }
  // Alias paths name commands that also exist in their own right; the real path wins.
  for (const cmd of surface.commands) {
    for (const p of cmd.aliasPaths ?? []) if (!bySpelling.has(p.join(' '))) add(p, cmd);
  }
  tree = { bySpelling, children };
  trees.set(surface, tree);
  return tree;
}
