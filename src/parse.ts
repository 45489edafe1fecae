import { CrossctlError, EXIT, usageError } from './errors.js';
import { own } from './own.js';
import { didYouMean } from './suggest.js';
import { commandTree, flagNames, isRunnableGroup, loadSurface, type Surface, type SurfaceCommand, type SurfaceFlag } from './surface.js';
import type { ToolInfo } from './tables.js';

export interface ParsedFlag {
  /** The flag's long name in the surface. */
  name: string;
  value: string | boolean;
  /** The words as typed, for messages. */
  token: string;
  short: boolean;
  index: number;
}

export interface Parsed {
  tool: string;
  version: string;
  argv: string[];
  /** Canonical command path in the surface. */
  path: string[];
  spelled: string[];
  globals: ParsedFlag[];
  flags: ParsedFlag[];
  positionals: string[];
  /** The command was only asked for its help. */
  help: boolean;
}

const dashed = (name: string): string => (name.length === 1 ? `-${name}` : `--${name}`);
const samePath = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const BOOL_VALUES: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, t: true, f: false, TRUE: true, FALSE: false, True: true, False: false };

/**
 * Parses an argv by the real grammar of its tool: pflag/cobra (docker, podman, nerdctl) or Go's flag package
 * through urfave/cli (ctr, crictl). Tries the tool's versions newest first and keeps the first that accepts it.
 */
export function parse(argv: string[], tool: ToolInfo, version?: string): Parsed {
  const versions = version ? [version] : tool.versions;
  let first: unknown;
  for (const v of versions) {
    try {
      return parseWith(argv, tool, loadSurface(tool.name, v));
    } catch (e) {
      first ??= e;
    }
  }
  throw first;
}

function parseWith(argv: string[], tool: ToolInfo, surface: Surface): Parsed {
  const go = surface.parsing.style === 'go';
  const tree = commandTree(surface);
  const parsed: Parsed = { tool: tool.name, version: surface.version, argv, path: [], spelled: [], globals: [], flags: [], positionals: [], help: false };
  let i = 1;
  const reader = new FlagReader(argv, surface, go);

  // Global flags come before the command (all five tools accept them there).
  while (i < argv.length && isFlagWord(argv[i]!)) {
    if (argv[i] === '--') throw usageError(`'--' before the ${tool.name} command: put the command first`);
    i = reader.read(i, surface.globals, `${tool.name}`, parsed.globals, () => undefined);
  }

  // Walk the command path; flags of a parent command may stand between its words (ctr snapshots --snapshotter x ls).
  let cmd: SurfaceCommand | undefined;
  while (i < argv.length) {
    const word = argv[i]!;
    const prefix = parsed.spelled.join(' ');
    if (isFlagWord(word) && cmd?.group) {
      i = reader.read(i, [...cmd.flags, ...persistentGlobals(surface)], `${tool.name} ${prefix}`, parsed.flags, () => undefined);
      continue;
    }
    if (!tree.children.get(prefix)?.has(word)) break;
    parsed.spelled.push(word);
    cmd = tree.bySpelling.get(parsed.spelled.join(' '));
    i++;
    if (cmd && !cmd.group) break;
  }
  if (!cmd) {
    const word = argv[i];
    if (word === undefined) throw usageError(`no ${tool.name} command given: try '${tool.name} ps'`);
    const plugin = own(tool.plugins, word);
    // A real command of the tool that crossctl cannot translate: 1, not a usage error.
    if (plugin !== undefined) throw new CrossctlError(`'${tool.name} ${word}' is ${plugin}`, EXIT.untranslatable);
    throw usageError(`unknown ${tool.name} command '${word}'${didYouMean(word, tree.children.get('') ?? [], (s) => `'${tool.name} ${s}'`)}`);
  }
  parsed.path = cmd.path;
  const where = `${tool.name} ${parsed.spelled.join(' ')}`;
  const flags = [...cmd.flags, ...persistentGlobals(surface)];
  const stopAtPositional =
    (go && !surface.parsing.flagsAfterPositionals) ||
    (surface.parsing.nonInterspersed ?? []).some((p) => samePath(p, cmd.path)) ||
    (tool.stopAtFirstPositional ?? []).some((p) => samePath(p, cmd.path));
  const rootGlobal = (name: string): SurfaceFlag | undefined => surface.globals.find((f) => flagNames(f).includes(name));

  let stopped = false;
  while (i < argv.length) {
    const word = argv[i]!;
    if (stopped || !isFlagWord(word)) {
      if (cmd.group && !isRunnableGroup(cmd) && parsed.positionals.length === 0 && !stopped) {
        const subs = tree.children.get(parsed.spelled.join(' ')) ?? [];
        throw usageError(`unknown ${where} command '${word}'${didYouMean(word, subs, (s) => `'${where} ${s}'`)}`);
      }
      parsed.positionals.push(word);
      if (stopAtPositional) stopped = true;
      i++;
      continue;
    }
    if (word === '--') {
      stopped = true;
      i++;
      continue;
    }
    i = reader.read(i, flags, where, parsed.flags, rootGlobal);
  }
  parsed.help = parsed.flags.some((f) => f.name === 'help' && f.value !== false);
  if (cmd.group && !isRunnableGroup(cmd) && !parsed.help) {
    const subs = [...(tree.children.get(parsed.spelled.join(' ')) ?? [])];
    throw usageError(`'${where}' needs a subcommand, one of: ${subs.slice(0, 12).join(', ')}${subs.length > 12 ? ', …' : ''}`);
  }
  return parsed;
}

const isFlagWord = (w: string): boolean => w.startsWith('-') && w !== '-';

/** Global flags a pflag tool also accepts after the command (cobra persistent flags). */
function persistentGlobals(surface: Surface): SurfaceFlag[] {
  if (surface.parsing.style === 'go') return [];
  const rootOnly = new Set(surface.parsing.rootOnlyGlobals ?? []);
  // docker registers its globals on the root command only; its sole persistent flag is --help.
  if (surface.tool === 'docker') return surface.globals.filter((f) => f.name === 'help');
  return surface.globals
    .filter((f) => !rootOnly.has(f.name))
    .map((f) => (f.rootOnlyAliases ? { ...f, aliases: (f.aliases ?? []).filter((a) => !f.rootOnlyAliases!.includes(a)) } : f));
}

class FlagReader {
  constructor(
    private readonly argv: string[],
    private readonly surface: Surface,
    private readonly go: boolean,
  ) {}

  /** Reads the flag word at `i` (and its value word); returns the index after it. */
  read(i: number, flags: SurfaceFlag[], where: string, out: ParsedFlag[], rootGlobal: (name: string) => SurfaceFlag | undefined): number {
    const word = this.argv[i]!;
    const long = word.startsWith('--');
    if (this.go || long) return this.readNamed(i, flags, where, out, rootGlobal);
    return this.readShorts(i, flags, where, out, rootGlobal);
  }

  private unknown(token: string, name: string, flags: SurfaceFlag[], where: string, rootGlobal: (name: string) => SurfaceFlag | undefined): never {
    const g = rootGlobal(name);
    if (g) {
      const tool = where.split(' ')[0];
      throw usageError(`global flag '${token}' must come before the command: ${tool} ${token} … ${where.split(' ').slice(1).join(' ')}`);
    }
    const candidates = flags.flatMap((f) => flagNames(f).map(dashed));
    throw usageError(`unknown flag '${token}' for '${where}'${didYouMean(dashed(name), candidates)}`);
  }

  private readNamed(i: number, flags: SurfaceFlag[], where: string, out: ParsedFlag[], rootGlobal: (name: string) => SurfaceFlag | undefined): number {
    const word = this.argv[i]!;
    const body = word.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const inline = eq < 0 ? undefined : body.slice(eq + 1);
    const flag = flags.find((f) => f.name === name || (f.aliases ?? []).some((a) => a === name && (a.length > 1 || this.go)));
    if (!flag) {
      if (this.go && !word.startsWith('--') && name.length > 1 && inline === undefined && this.combines(where)) {
        const letters = [...name].map((c) => flags.find((f) => (f.aliases ?? []).includes(c)));
        if (letters.every(Boolean)) return this.readShorts(i, flags, where, out, rootGlobal);
      }
      this.unknown(word, name, flags, where, rootGlobal);
    }
    const short = !word.startsWith('--') && name.length === 1;
    if (!flag.value) {
      out.push({ name: flag.name, value: inline === undefined ? true : parseBool(inline, word, where), token: word, short, index: i });
      return i + 1;
    }
    if (inline !== undefined || flag.optionalValue !== undefined) {
      out.push({ name: flag.name, value: inline ?? flag.optionalValue!, token: word, short, index: i });
      return i + 1;
    }
    if (flag.optionalValue !== undefined && !this.go) {
      out.push({ name: flag.name, value: flag.optionalValue, token: word, short, index: i });
      return i + 1;
    }
    const value = this.argv[i + 1];
    if (value === undefined) throw usageError(`flag '${word}' of '${where}' needs a value: ${word} VALUE`);
    out.push({ name: flag.name, value, token: `${word} ${value}`, short, index: i });
    return i + 2;
  }

  private combines(where: string): boolean {
    const p = this.surface.parsing;
    if (!p.combinedShort) return false;
    const path = where.split(' ').slice(1);
    return !(p.combinedShortExceptions ?? []).some((e) => samePath(e, path));
  }

  private readShorts(i: number, flags: SurfaceFlag[], where: string, out: ParsedFlag[], rootGlobal: (name: string) => SurfaceFlag | undefined): number {
    const word = this.argv[i]!;
    const letters = word.slice(1);
    for (let j = 0; j < letters.length; j++) {
      const c = letters[j]!;
      // cobra gives every command -h for --help unless the command uses -h itself (nerdctl run -h is --hostname).
      const flag = flags.find((f) => (f.aliases ?? []).includes(c) || f.name === c) ?? (c === 'h' && !this.go ? flags.find((f) => f.name === 'help') : undefined);
      if (!flag) {
        if (j === 0 && letters.length > 1 && !this.go) {
          const asLong = flags.find((f) => f.name === letters.split('=')[0]);
          if (asLong) throw usageError(`'${word}' is read by ${where.split(' ')[0]} as -${[...letters].join(' -')}; write --${asLong.name}`);
        }
        if (j === 0) this.unknown(word, c, flags, where, rootGlobal);
        throw usageError(`unknown shorthand flag '${c}' in '${word}' for '${where}'`);
      }
      const rest = letters.slice(j + 1);
      if (!flag.value) {
        if (rest.startsWith('=')) {
          out.push({ name: flag.name, value: parseBool(rest.slice(1), word, where), token: word, short: true, index: i });
          return i + 1;
        }
        out.push({ name: flag.name, value: true, token: `-${c}`, short: true, index: i });
        continue;
      }
      // pflag: a flag with an optional value takes it only glued with '='; the next letters are flags again.
      if (flag.optionalValue !== undefined && !this.go && !rest.startsWith('=')) {
        out.push({ name: flag.name, value: flag.optionalValue, token: `-${c}`, short: true, index: i });
        continue;
      }
      if (rest.length > 0) {
        if (this.go) throw usageError(`'${word}': ${where.split(' ')[0]} cannot glue a value to -${c}; write -${c} ${rest.replace(/^=/, '')}`);
        out.push({ name: flag.name, value: rest.startsWith('=') ? rest.slice(1) : rest, token: `-${c} ${rest}`, short: true, index: i });
        return i + 1;
      }
      const value = this.argv[i + 1];
      if (value === undefined) throw usageError(`flag '-${c}' of '${where}' needs a value: -${c} VALUE`);
      out.push({ name: flag.name, value, token: `-${c} ${value}`, short: true, index: i });
      return i + 2;
    }
    return i + 1;
  }
}

function parseBool(text: string, word: string, where: string): boolean {
  const v = own(BOOL_VALUES, text);
  if (v === undefined) throw usageError(`'${word}' of '${where}' takes true or false, not '${text}'`);
  return v;
}
