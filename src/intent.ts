import { CrossctlError, EXIT } from './errors.js';
import { own } from './own.js';
import type { Parsed, ParsedFlag } from './parse.js';
import type { Concept, KeySpelling, OptionSpelling, Tables, ToolSpelling } from './tables.js';

export type OptionValue = boolean | string | string[];

export interface SourceNote {
  token: string;
  message: string;
}

/** What the command means, independent of any tool: a concept with canonical options and arguments. */
export interface Intent {
  concept: Concept;
  source: string;
  parsed: Parsed;
  options: Record<string, OptionValue>;
  /** Input index of the first flag that set each option, so targets keep the user's order. */
  order: Record<string, number>;
  /** Options set by the user's flags, as typed, for warnings. */
  tokens: Record<string, string>;
  /** Options whose flag the user wrote in its short form. */
  short: Set<string>;
  args: Record<string, string[]>;
  globals: { host?: { value: string; endpoint?: string; token: string }; namespace?: string; debug?: boolean };
  /** Parts of the input that no target will see, each a warning for every target. */
  dropped: SourceNote[];
  help: boolean;
}

const NO_MAPPING = (p: Parsed): CrossctlError =>
  new CrossctlError(`crossctl has no mapping for '${p.tool} ${p.spelled.join(' ')}' yet; see 'crossctl sheet --search ${p.spelled.at(-1) ?? ''}'`, EXIT.untranslatable);

export function findConcept(tables: Tables, parsed: Parsed): Concept {
  const ids = own(own(tables.index, parsed.tool), parsed.path.join(' ')) ?? [];
  const concepts = ids.map((id) => own(tables.concepts, id)).filter((c): c is Concept => Boolean(c));
  // A spelling whose command implies options written as flags (crictl rmi --prune) is that concept only when the
  // flags are given; it wins over the plain spelling of the same command (crictl rmi).
  const fit = (c: Concept): number => {
    const s = own(c.tools, parsed.tool);
    if (s?.kind !== 'command') return 0;
    const spelt = [parsed.spelled.join(' '), parsed.path.join(' ')];
    const flagged = s.commands
      .filter((cmd) => spelt.includes(cmd.path.join(' ')))
      .flatMap((cmd) => Object.entries(cmd.implies ?? {}))
      .map(([k, v]) => [s.options[k], v] as const)
      .filter((x): x is [Extract<OptionSpelling, { kind: 'flag' }>, string | boolean] => x[0]?.kind === 'flag');
    if (!flagged.length) return 0;
    return flagged.every(([o, v]) => parsed.flags.some((f) => f.name === o.flag.long && String(f.value) === String(v))) ? 1 : -1;
  };
  const concept = concepts
    .map((c) => ({ c, n: fit(c) }))
    .filter((x) => x.n >= 0)
    .sort((a, b) => b.n - a.n)[0]?.c;
  if (!concept) throw NO_MAPPING(parsed);
  return concept;
}

export function toIntent(tables: Tables, parsed: Parsed, concept: Concept = findConcept(tables, parsed)): Intent {
  const spelling = concept.tools[parsed.tool] as Extract<ToolSpelling, { kind: 'command' }>;
  const intent: Intent = {
    concept,
    source: parsed.tool,
    parsed,
    options: {},
    order: {},
    tokens: {},
    short: new Set(),
    args: {},
    globals: {},
    dropped: [],
    help: parsed.help,
  };
  const chosen = spelling.commands.find((c) => c.path.join(' ') === parsed.spelled.join(' ')) ??
    spelling.commands.find((c) => c.path.join(' ') === parsed.path.join(' '));
  for (const [k, v] of Object.entries(chosen?.implies ?? {})) intent.options[k] = v;

  for (const f of parsed.flags) {
    if (f.name === 'help') continue;
    if (!applyFlag(intent, spelling, f)) {
      intent.dropped.push({ token: f.token, message: `${f.token} is not translated: crossctl's tables do not model ${parsed.tool} ${parsed.spelled.join(' ')} --${f.name}` });
    }
  }
  // What the source tool always does, stated as an option value for the targets (ctr run always connects stdin).
  for (const [name, s] of Object.entries(spelling.options)) {
    if (s.kind === 'implicit' && s.value !== undefined && intent.options[name] === undefined) intent.options[name] = s.value;
  }
  assignPositionals(intent, spelling, parsed.positionals);
  readGlobals(intent, tables, parsed.globals);
  return intent;
}

type FlagSpelling = Extract<OptionSpelling, { kind: 'flag' }>;
type FlagTarget = { name: string; s: FlagSpelling } & ({ key?: undefined } | { key: string; k: KeySpelling });

const flagIndexes = new WeakMap<object, Map<string, FlagTarget>>();

/**
 * The option each flag of a spelling sets, in the tables' order (the first option that takes a flag wins; an
 * option's own flag before its keys). Built once per spelling: a command line may hold many thousands of flags.
 */
function flagIndex(spelling: Extract<ToolSpelling, { kind: 'command' }>): Map<string, FlagTarget> {
  let index = flagIndexes.get(spelling);
  if (index) return index;
  index = new Map();
  for (const [name, s] of Object.entries(spelling.options)) {
    if (s.kind !== 'flag') continue;
    const keys = s.keys ? Object.entries(s.keys).filter((e): e is [string, KeySpelling] => Boolean(e[1])) : [];
    // A filter spelt as one flag per key (crictl --name, --state) reads the key from the flag, even when the
    // option's own flag is one of them.
    const claim = (long: string): void => {
      if (!index!.has(long) && !keys.some(([, k]) => k.long === long)) index!.set(long, { name, s });
    };
    claim(s.flag.long);
    for (const a of s.accepts ?? []) claim(a.long);
    for (const [key, k] of keys) if (!index.has(k.long)) index.set(k.long, { name, s, key, k });
  }
  flagIndexes.set(spelling, index);
  return index;
}

function applyFlag(intent: Intent, spelling: Extract<ToolSpelling, { kind: 'command' }>, f: ParsedFlag): boolean {
  const hit = flagIndex(spelling).get(f.name);
  if (!hit) return false;
  const { name, s } = hit;
  const opt = intent.concept.options[name]!;
  if (hit.key === undefined) {
    const value = fromTool(s, f.value);
    if (opt.type === 'list' || opt.type === 'filter') pushOption(intent, name, String(value));
    else if (opt.type === 'bool') {
      const b = typeof value === 'boolean' ? value : value === 'true';
      intent.options[name] = s.negate ? !b : b;
    } else intent.options[name] = String(value);
  } else {
    let v = String(f.value);
    if (hit.k.anchor) v = v.replace(/^\^/, '').replace(/\$$/, '');
    const back = Object.entries(hit.k.values ?? {}).find(([, tv]) => tv === v);
    if (back) v = back[0];
    pushOption(intent, name, `${hit.key}=${v}`);
  }
  intent.order[name] ??= f.index;
  intent.tokens[name] = intent.tokens[name] ? `${intent.tokens[name]} ${f.token}` : f.token;
  if (f.short) intent.short.add(name);
  return true;
}

// In place: a command line may repeat a list flag many thousands of times.
function pushOption(intent: Intent, name: string, value: string): void {
  const list = intent.options[name];
  if (Array.isArray(list)) list.push(value);
  else intent.options[name] = [value];
}

/** A tool's value back to the canonical one (the reverse of the table's canonical → tool `values`). */
function fromTool(s: Extract<OptionSpelling, { kind: 'flag' }>, value: string | boolean): string | boolean {
  if (!s.values) return value;
  const hit = Object.entries(s.values).find(([, tv]) => tv === String(value));
  if (!hit) return value;
  return hit[0] === 'true' ? true : hit[0] === 'false' ? false : hit[0];
}

function assignPositionals(intent: Intent, spelling: Extract<ToolSpelling, { kind: 'command' }>, positionals: string[]): void {
  const defs = intent.concept.args;
  const order = spelling.args;
  let p = 0;
  order.forEach((name, idx) => {
    const def = defs.find((d) => d.name === name);
    const laterRequired = order.slice(idx + 1).filter((n) => {
      const d = defs.find((x) => x.name === n);
      return d ? !d.optional : spelling.options[n]?.kind === 'positional';
    }).length;
    // A list option spelt { positional: true } takes the remaining arguments (ctr namespaces create NAME K=V…).
    const listOption = !def && intent.concept.options[name]?.type === 'list';
    if (def?.variadic || listOption) {
      const take = Math.max(0, positionals.length - p - laterRequired);
      if (take && def) intent.args[name] = positionals.slice(p, p + take);
      else if (take) intent.options[name] = positionals.slice(p, p + take);
      p += take;
    } else if (p < positionals.length) {
      const opt = spelling.options[name];
      if (def) intent.args[name] = [positionals[p]!];
      // The tool's required stand-in (ctr images export - …) means the user gave no value.
      else if (!(opt?.kind === 'positional' && opt.default === positionals[p])) intent.options[name] = positionals[p]!;
      p++;
    }
  });
  for (const extra of positionals.slice(p)) {
    intent.dropped.push({ token: extra, message: `argument '${extra}' is not translated: ${intent.source} ${intent.parsed.spelled.join(' ')} takes no more arguments` });
  }
}

function readGlobals(intent: Intent, tables: Tables, globals: ParsedFlag[]): void {
  const tool = tables.tools[intent.source]!;
  for (const g of globals) {
    const hit = Object.entries(tool.globals).find(([, s]) => s.kind === 'flag' && s.flag.long === g.name);
    if (g.name === 'help') {
      intent.help = true;
      continue;
    }
    if (!hit) {
      intent.dropped.push({ token: g.token, message: `${g.token} is not translated: it configures ${intent.source} itself` });
      continue;
    }
    const [name, s] = hit;
    if (name === 'host' && s.kind === 'flag') intent.globals.host = { value: String(g.value), token: g.token, ...(s.endpoint ? { endpoint: s.endpoint } : {}) };
    if (name === 'namespace') intent.globals.namespace = String(g.value);
    if (name === 'debug') intent.globals.debug = g.value !== false;
  }
}
