// Independent argv validator: answers "would this tool's own parser accept this argv?" using only the
// reference surfaces in ../shared/reference (never the project's mappings). Models cobra/pflag
// (docker, podman, nerdctl) and Go flag + urfave/cli (ctr, crictl) as described in each file's flagParsing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Flag {
  name: string;
  aliases: string[];
  takesValue: boolean;
  type: string;
  optionalValue?: string;
  persistent?: boolean;
  nonPersistentAliases?: string[];
  required?: boolean;
}

export interface Command {
  path: string[];
  aliases: string[];
  usage: string;
  hasSubcommands: boolean;
  flags: Flag[];
  hidden?: boolean | null;
  aliasPaths?: string[][];
  parsing?: { SkipArgReorder?: boolean };
  disableFlagParsing?: boolean;
}

export interface FlagParsing {
  library: string;
  combinedShortFlags: boolean;
  singleDashLongFlags: boolean;
  flagsAfterPositionals: boolean;
  notes: string;
  nonInterspersedCommands?: string[][];
  rootOnlyGlobalFlags?: string[];
  combinedShortFlagsExceptions?: string[][];
  traverseChildrenCommands?: string[][];
}

export interface Reference {
  tool: string;
  version: string;
  flagParsing: FlagParsing;
  globalFlags: Flag[];
  commands: Command[];
}

export interface ValidationIssue { index: number; token: string; message: string }
export interface ValidationResult { ok: boolean; issues: ValidationIssue[]; commandPath: string[] | null }

export const TOOLS = ['docker', 'podman', 'nerdctl', 'ctr', 'crictl'] as const;

export function referenceDir(): string | null {
  const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const dir = resolve(projectRoot, '..', 'shared', 'reference');
  return existsSync(dir) ? dir : null;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const d = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
    if (d !== 0) return d;
  }
  return 0;
}

function requireDir(): string {
  const dir = referenceDir();
  if (!dir) throw new Error('reference directory ../shared/reference not found');
  return dir;
}

/** Versions available for a tool, oldest first. */
export function listVersions(tool: string): string[] {
  const prefix = `${tool}-`;
  return readdirSync(requireDir())
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json') && /^\d/.test(f.slice(prefix.length)))
    .map((f) => f.slice(prefix.length, -'.json'.length))
    .sort(compareVersions);
}

const cache = new Map<string, Reference>();

export function loadReference(tool: string, version?: string): Reference {
  const v = version ?? listVersions(tool).at(-1);
  if (!v) throw new Error(`no reference file for ${tool}`);
  const key = `${tool}-${v}`;
  let ref = cache.get(key);
  if (!ref) {
    ref = JSON.parse(readFileSync(join(requireDir(), `${key}.json`), 'utf8')) as Reference;
    cache.set(key, ref);
  }
  return ref;
}

// ---------------------------------------------------------------------------------------------
// Command tree and per-level flag sets

interface FlagSet { long: Map<string, Flag>; short: Map<string, Flag> }
interface Node {
  path: string[];
  cmd: Command | null; // null for the root
  parent: Node | null;
  children: Map<string, Node>;
  flags?: FlagSet;
}
interface Model { ref: Reference; cobra: boolean; root: Node }

const models = new WeakMap<Reference, Model>();

function model(ref: Reference): Model {
  let m = models.get(ref);
  if (m) return m;
  const root: Node = { path: [], cmd: null, parent: null, children: new Map() };
  const byPath = new Map<string, Node>([['', root]]);
  for (const cmd of [...ref.commands].sort((a, b) => a.path.length - b.path.length)) {
    const parent = byPath.get(cmd.path.slice(0, -1).join(' '));
    if (!parent) throw new Error(`${ref.tool}: parent of ${cmd.path.join(' ')} missing`);
    const node: Node = { path: cmd.path, cmd, parent, children: new Map() };
    byPath.set(cmd.path.join(' '), node);
    for (const name of [cmd.path.at(-1) ?? '', ...cmd.aliases]) {
      if (!parent.children.has(name)) parent.children.set(name, node);
    }
  }
  m = { ref, cobra: ref.flagParsing.library.includes('cobra'), root };
  models.set(ref, m);
  return m;
}

/** Every path spelling (canonical, aliases, aliasPaths) resolves by walking the tree; exposed for tests. */
export function resolvePath(ref: Reference, words: string[]): string[] | null {
  let node: Node | undefined = model(ref).root;
  for (const w of words) {
    node = node.children.get(w);
    if (!node) return null;
  }
  return node.path;
}

const samePath = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const IMPLICIT_HELP: Flag = { name: 'help', aliases: ['h'], takesValue: false, type: 'bool' };

function flagSet(m: Model, node: Node): FlagSet {
  if (node.flags) return node.flags;
  const fs: FlagSet = { long: new Map(), short: new Map() };
  const put = (map: Map<string, Flag>, k: string, f: Flag) => { if (!map.has(k)) map.set(k, f); };
  // inherited: only the persistent part (without root-local single-letter aliases) of an ancestor applies
  const add = (f: Flag, inherited: boolean) => {
    const nonPersistent = new Set(f.nonPersistentAliases ?? []);
    put(fs.long, f.name, f);
    for (const a of f.aliases) {
      if (inherited && nonPersistent.has(a)) continue;
      // Go flag has a single namespace; pflag shorthands are '-x' only, except nerdctl's
      // helper-registered aliases which are real flags and also work as '--x'
      if (!m.cobra || a.length > 1 || nonPersistent.has(a)) put(fs.long, a, f);
      if (m.cobra && a.length === 1) put(fs.short, a, f);
    }
  };
  const local = node.cmd ? node.cmd.flags : m.ref.globalFlags;
  local.forEach((f) => add(f, false));
  if (m.cobra) {
    const rootOnly = new Set(m.ref.flagParsing.rootOnlyGlobalFlags ?? []);
    for (let a = node.parent; a; a = a.parent) {
      const persistent = a.cmd ? a.cmd.flags.filter((f) => f.persistent) : m.ref.globalFlags.filter((f) => !rootOnly.has(f.name));
      persistent.forEach((f) => add(f, true));
    }
  } else {
    add(IMPLICIT_HELP, false); // urfave adds --help/-h to every command
  }
  node.flags = fs;
  return fs;
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface Tok { i: number; s: string }
interface Ctx {
  m: Model;
  argv: string[];
  issues: ValidationIssue[];
  help: boolean;
  version: boolean;
  set: Set<Flag>;
}

const GO_BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);
// pflag's NoOptDefVal: bool flags and optional-value flags never consume the next word
const takesNoArg = (f: Flag | undefined) => !!f && (!f.takesValue || f.optionalValue !== undefined);

function issue(ctx: Ctx, i: number, message: string): void {
  ctx.issues.push({ index: i, token: ctx.argv[i] ?? '', message });
}

function markSet(ctx: Ctx, f: Flag, node: Node): void {
  ctx.set.add(f);
  if (f.name === 'help') ctx.help = true;
  if (f.name === 'version' && !node.cmd) ctx.version = true;
}

function checkBool(ctx: Ctx, t: Tok, f: Flag, value: string | undefined, shown: string): void {
  if (!f.takesValue && value !== undefined && !GO_BOOLS.has(value)) {
    issue(ctx, t.i, `invalid boolean value "${value}" for ${shown}`);
  }
}

const globalHint = (node: Node, definedAtRoot: boolean) =>
  node.cmd && definedAtRoot ? ' (global flag: only accepted before the command)' : '';

/** pflag FlagSet.Parse. Returns the positional arguments. */
function pflagParse(ctx: Ctx, node: Node, toks: Tok[], interspersed: boolean): Tok[] {
  const fs = flagSet(ctx.m, node);
  const rootFs = flagSet(ctx.m, ctx.m.root);
  const positionals: Tok[] = [];
  let k = 0;
  while (k < toks.length) {
    const t = toks[k++]!;
    const s = t.s;
    if (s.length < 2 || s[0] !== '-') {
      positionals.push(t);
      if (!interspersed) return positionals.concat(toks.slice(k));
      continue;
    }
    if (s === '--') return positionals.concat(toks.slice(k));
    if (s[1] === '-') {
      const body = s.slice(2);
      if (body[0] === '-' || body[0] === '=') { issue(ctx, t.i, `bad flag syntax: ${s}`); continue; }
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const value = eq < 0 ? undefined : body.slice(eq + 1);
      const f = fs.long.get(name);
      if (!f) {
        if (name === 'help') { ctx.help = true; continue; } // pflag returns ErrHelp, cobra prints help
        issue(ctx, t.i, `unknown flag: --${name}${globalHint(node, rootFs.long.has(name))}`);
        continue;
      }
      markSet(ctx, f, node);
      if (value !== undefined) checkBool(ctx, t, f, value, `--${name}`);
      else if (!takesNoArg(f)) {
        if (k < toks.length) k++;
        else issue(ctx, t.i, `flag needs an argument: ${s}`);
      }
      continue;
    }
    let shorts = s.slice(1);
    while (shorts.length > 0) {
      const c = shorts[0]!;
      const f = fs.short.get(c);
      if (!f) {
        if (c === 'h') ctx.help = true;
        else issue(ctx, t.i, `unknown shorthand flag: '${c}' in ${s}${globalHint(node, rootFs.short.has(c))}`);
        break;
      }
      markSet(ctx, f, node);
      if (shorts.length > 2 && shorts[1] === '=') {
        checkBool(ctx, t, f, shorts.slice(2), `-${c}`);
        shorts = '';
      } else if (takesNoArg(f)) {
        shorts = shorts.slice(1);
      } else {
        // value glued (-n3) or in the next word (-n 3)
        if (shorts.length === 1) {
          if (k < toks.length) k++;
          else issue(ctx, t.i, `flag needs an argument: '${c}' in ${s}`);
        }
        shorts = '';
      }
    }
  }
  return positionals;
}

/** Go flag.FlagSet.Parse with urfave/cli's optional short-option splitting. Returns the tokens left at the first positional. */
function goParse(ctx: Ctx, node: Node, toks: Tok[], combine: boolean): { rest: Tok[]; afterDash: boolean } {
  const fs = flagSet(ctx.m, node);
  const rootFs = flagSet(ctx.m, ctx.m.root);
  const queue = [...toks];
  while (queue.length > 0) {
    const t = queue[0]!;
    const s = t.s;
    if (s.length < 2 || s[0] !== '-') break;
    queue.shift();
    if (s === '--') return { rest: queue, afterDash: true };
    const dashes = s[1] === '-' ? '--' : '-';
    let name = s.slice(dashes.length);
    if (name === '' || name[0] === '-' || name[0] === '=') { issue(ctx, t.i, `bad flag syntax: ${s}`); continue; }
    const eq = name.indexOf('=');
    const value = eq < 0 ? undefined : name.slice(eq + 1);
    if (eq >= 0) name = name.slice(0, eq);
    const f = fs.long.get(name);
    if (!f) {
      if (name === 'help' || name === 'h') { ctx.help = true; continue; } // flag.ErrHelp
      // urfave's UseShortOptionHandling retries an undefined -abc as -a -b -c if every letter is a flag.
      // Without it the binary fails; we still split, so that the words after it are read sensibly.
      const splittable = s[1] !== '-' && value === undefined && name.length > 1 && [...name].every((c) => fs.long.has(c));
      if (!combine || !splittable) {
        const hint = splittable ? ' (short flags cannot be combined here)' : globalHint(node, rootFs.long.has(name));
        issue(ctx, t.i, `flag provided but not defined: ${dashes}${name}${hint}`);
      }
      if (splittable) queue.unshift(...[...name].map((c) => ({ i: t.i, s: `-${c}` })));
      continue;
    }
    markSet(ctx, f, node);
    if (!f.takesValue) checkBool(ctx, t, f, value, `${dashes}${name}`);
    else if (value === undefined) {
      if (queue.length > 0) queue.shift();
      else issue(ctx, t.i, `flag needs an argument: ${dashes}${name}`);
    }
  }
  return { rest: queue, afterDash: false };
}

/** urfave/cli v1 reorderArgs: known flags (and the word after a flag without '=') move before the positionals. */
function reorderArgs(ctx: Ctx, node: Node, toks: Tok[]): { toks: Tok[]; dashAt: number } {
  const fs = flagSet(ctx.m, node);
  const isFlag = (s: string) => s !== '-' && s !== '--' && s.startsWith('-') && fs.long.has(s.replace(/^--?/, '').split('=')[0]!);
  const flags: Tok[] = [];
  const rest: Tok[] = [];
  let mayBeValue = false;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (mayBeValue && !isFlag(t.s)) {
      mayBeValue = false;
      flags.push(t);
    } else if (t.s === '--') {
      return { toks: [...flags, t, ...rest, ...toks.slice(k + 1)], dashAt: t.i };
    } else if (isFlag(t.s)) {
      flags.push(t);
      mayBeValue = !t.s.includes('=');
    } else {
      rest.push(t);
    }
  }
  return { toks: [...flags, ...rest], dashAt: Infinity };
}

// urfave prints "[command] [command options] ARGS" for a command that has subcommands and also runs
// its own action when the first positional is not a subcommand (crictl pull/run/create/runp).
const isRunnableGroup = (cmd: Command | null) => !!cmd && /\[command\] \[command options\] \S/.test(cmd.usage);
// Commands whose trailing positionals are a process command line, where dash-words are expected.
const takesCommandLine = (cmd: Command) => /\[ARG\.\.\.\]/.test(cmd.usage);

function checkGroupEnd(ctx: Ctx, node: Node, positionals: Tok[], lastWord: number): boolean {
  if (node.cmd && !node.cmd.hasSubcommands) return true;
  const first = positionals[0];
  const where = node.path.length ? `"${ctx.m.ref.tool} ${node.path.join(' ')}"` : `"${ctx.m.ref.tool}"`;
  if (first) {
    if (!ctx.help || !node.cmd) issue(ctx, first.i, `unknown command "${first.s}" for ${where}`);
    return ctx.help && !!node.cmd;
  }
  if (ctx.help || (!node.cmd && ctx.version)) return true;
  issue(ctx, lastWord, `${where} requires a subcommand`);
  return false;
}

function validateCobra(ctx: Ctx): string[] | null {
  const { m } = ctx;
  const fp = m.ref.flagParsing;
  // podman's file has no traverseChildrenCommands key, but its notes state the root uses TraverseChildren
  const traverse = (fp.traverseChildrenCommands ?? (m.ref.tool === 'podman' ? [[]] : [])).some((p) => p.length === 0);
  const interspersed = (n: Node) => !(fp.nonInterspersedCommands ?? []).some((p) => samePath(p, n.path));
  const toks: Tok[] = ctx.argv.slice(1).map((s, k) => ({ i: k + 1, s }));
  let node = m.root;
  let lastWord = 0;
  let rest: Tok[];

  if (traverse) {
    // cobra Command.Traverse: flags before each subcommand word are parsed by the command at that level
    rest = toks;
    walk: for (;;) {
      const fs = flagSet(m, node);
      const collected: Tok[] = [];
      let inFlag = false;
      for (let k = 0; k < rest.length; k++) {
        const t = rest[k]!;
        const s = t.s;
        if (s.startsWith('--') && !s.includes('=')) {
          inFlag = !takesNoArg(fs.long.get(s.slice(2)));
        } else if (s.startsWith('-') && !s.includes('=') && s.length === 2) {
          inFlag = !takesNoArg(fs.short.get(s.slice(1)));
        } else if (inFlag) {
          inFlag = false;
        } else if (!((s.length >= 3 && s.startsWith('--')) || (s.length >= 2 && s[0] === '-' && s[1] !== '-'))) {
          const child = node.children.get(s);
          if (!child) break walk;
          pflagParse(ctx, node, collected, true);
          ctx.help = false; // a --help on an intermediate level does not stop the subcommand
          node = child;
          lastWord = t.i;
          rest = rest.slice(k + 1);
          continue walk;
        }
        collected.push(t);
      }
      break;
    }
  } else {
    // docker: the root's globals are parsed by a non-interspersed pflag set, then cobra's Find walks the
    // rest, skipping flags with stripFlags; the leaf then parses every remaining word itself
    rest = pflagParse(ctx, node, toks, false);
    for (;;) {
      const fs = flagSet(m, node);
      let word: Tok | undefined;
      for (let k = 0; k < rest.length; k++) {
        const s = rest[k]!.s;
        if (s === '--') break;
        const longNeedsValue = s.startsWith('--') && !s.includes('=') && !takesNoArg(fs.long.get(s.slice(2)));
        const shortNeedsValue = s.startsWith('-') && !s.includes('=') && s.length === 2 && !takesNoArg(fs.short.get(s.slice(1)));
        if (longNeedsValue || shortNeedsValue) { k++; continue; }
        if (s !== '' && !s.startsWith('-')) { word = rest[k]; break; }
      }
      const child = word && node.children.get(word.s);
      if (!word || !child) break;
      node = child;
      lastWord = word.i;
      rest = rest.filter((t) => t !== word);
    }
  }

  const positionals = node.cmd?.disableFlagParsing ? rest : pflagParse(ctx, node, rest, interspersed(node));
  return checkGroupEnd(ctx, node, positionals, lastWord) ? node.path : null;
}

function validateGo(ctx: Ctx): string[] | null {
  const { m } = ctx;
  const fp = m.ref.flagParsing;
  const tool = m.ref.tool;
  const combine = (n: Node) => fp.combinedShortFlags && !(fp.combinedShortFlagsExceptions ?? []).some((p) => samePath(p, n.path));
  let node = m.root;
  let lastWord = 0;
  let { rest, afterDash } = goParse(ctx, node, ctx.argv.slice(1).map((s, k) => ({ i: k + 1, s })), combine(node));
  let dashAt = Infinity;

  for (;;) {
    if (node.cmd && !node.cmd.hasSubcommands) break;
    const first = rest[0];
    const child = first && node.children.get(first.s);
    if (!child) {
      if (isRunnableGroup(node.cmd)) break;
      return checkGroupEnd(ctx, node, rest, lastWord) ? node.path : null;
    }
    node = child;
    lastWord = first!.i;
    ctx.help = false;
    let toks = rest.slice(1);
    const cmd = child.cmd!;
    // urfave v1 (ctr 1.6) reorders leaf arguments unless the command sets SkipArgReorder
    if (fp.flagsAfterPositionals && !cmd.hasSubcommands && !cmd.parsing?.SkipArgReorder) {
      ({ toks, dashAt } = reorderArgs(ctx, node, toks));
    }
    ({ rest, afterDash } = goParse(ctx, node, toks, combine(node)));
  }

  // Parsing stopped at the first positional: later dash-words are positionals and never reach the
  // parser. After reordering (ctr 1.6) the rest may still hold unknown dash-words from before a '--'.
  const cmd = node.cmd!;
  const explicitEnd = afterDash && dashAt === Infinity;
  if (!explicitEnd && !takesCommandLine(cmd)) {
    for (const t of rest) {
      if (t.s === '--' || t.i > dashAt) break;
      if (t.s.length > 1 && t.s.startsWith('-')) issue(ctx, t.i, `flag after positional is not parsed by ${tool}`);
    }
  }
  if (!ctx.help) {
    for (const f of cmd.flags) {
      if (f.required && !ctx.set.has(f)) issue(ctx, lastWord, `required flag --${f.name} not set`);
    }
  }
  return node.path;
}

export function validateArgv(argv: string[], opts: { version?: string } = {}): ValidationResult {
  const tool = argv[0] ?? '';
  if (!(TOOLS as readonly string[]).includes(tool)) {
    return { ok: false, issues: [{ index: 0, token: tool, message: `unknown tool "${tool}"` }], commandPath: null };
  }
  const m = model(loadReference(tool, opts.version));
  const ctx: Ctx = { m, argv, issues: [], help: false, version: false, set: new Set() };
  const path = m.cobra ? validateCobra(ctx) : validateGo(ctx);
  ctx.issues.sort((a, b) => a.index - b.index);
  return { ok: ctx.issues.length === 0, issues: ctx.issues, commandPath: path };
}
