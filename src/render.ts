import { looksLikeId, normalizeImage } from './image-ref.js';
import type { Intent, OptionValue } from './intent.js';
import type { Step, TargetResult } from './result.js';
import { applyPlan } from './plans/index.js';
import { own } from './own.js';
import type { CommandSpelling, FlagRef, OptionSpelling, Tables, ToolInfo, ToolSpelling } from './tables.js';

export interface RenderOptions {
  version?: string;
  /** containerd namespace to use where the target has namespaces (ctr, nerdctl). */
  namespace?: string;
}

type FlagSpelling = Extract<OptionSpelling, { kind: 'flag' }>;
type Command = Extract<ToolSpelling, { kind: 'command' }>;

interface Emitted {
  order: number;
  words: string[];
}

/** The pieces of one target's command while it is built; plans may rework them into several steps. */
export interface Draft {
  tables: Tables;
  intent: Intent;
  tool: ToolInfo;
  version: string;
  spelling: Command;
  command: CommandSpelling;
  globals: string[];
  flags: Emitted[];
  positionals: string[];
  /** Steps to run before the main command (ID look-ups, pulls). */
  before: Step[];
  after: Step[];
  files: TargetResult['files'];
  warnings: string[];
  namespace?: string;
}

const unsupported = (to: string, version: string, reason: string): TargetResult => ({
  to,
  version,
  status: 'unsupported',
  steps: [],
  files: [],
  warnings: [],
  reason,
});

const flagWord = (f: FlagRef, short: boolean): string => (short && f.short ? `-${f.short}` : `--${f.long}`);
const versionOk = (versions: string[] | undefined, v: string): boolean => !versions || versions.includes(v);

export function render(tables: Tables, intent: Intent, to: string, opts: RenderOptions = {}): TargetResult {
  const tool = tables.tools[to]!;
  const version = opts.version ?? tool.versions[0]!;
  const spelling = own(intent.concept.tools, to);
  if (!spelling || spelling.kind === 'unsupported') return unsupported(to, version, spelling?.reason ?? `${to} has no equivalent`);
  const command = chooseCommand(spelling, intent, version);
  if (!command) return unsupported(to, version, `${to} ${version} has no ${spelling.commands[0]!.path.join(' ')}; it exists in ${to} ${spelling.commands[0]!.versions?.join(', ')}`);

  const draft: Draft = {
    tables,
    intent,
    tool,
    version,
    spelling,
    command,
    globals: [],
    flags: [],
    positionals: [],
    before: [],
    after: [],
    files: [],
    warnings: intent.dropped.map((d) => d.message),
  };
  const namespace = opts.namespace ?? intent.globals.namespace;
  if (namespace !== undefined) draft.namespace = namespace;
  renderGlobals(draft);
  if (intent.help) {
    return finish(draft, [{ argv: [to, ...draft.globals, ...command.path, '--help'] }]);
  }
  renderOptions(draft);
  renderPositionals(draft);
  if (spelling.note) draft.warnings.push(`${to}: ${spelling.note}`);
  const planned = spelling.plan ? applyPlan(spelling.plan, draft) : null;
  if (planned && 'reason' in planned) return unsupported(to, version, planned.reason);
  const main: Step[] = planned?.steps ?? [{ argv: assemble(draft) }];
  return finish(draft, [...draft.before, ...main, ...draft.after]);
}

function finish(draft: Draft, steps: Step[]): TargetResult {
  const warnings = [...new Set(draft.warnings)];
  return {
    to: draft.tool.name,
    version: draft.version,
    status: warnings.length ? 'partial' : 'exact',
    steps,
    files: draft.files,
    warnings,
    reason: null,
  };
}

/** The target argv from a draft: tool, globals, command path, flags in the user's order, then positionals. */
export function assemble(draft: Draft): string[] {
  const flags = [...draft.flags].sort((a, b) => a.order - b.order).flatMap((f) => f.words);
  const needsDashDash = draft.positionals.some((p, i) => p.startsWith('-') && !isCommandWord(draft, i));
  return [draft.tool.name, ...draft.globals, ...draft.command.path, ...flags, ...(needsDashDash ? ['--'] : []), ...draft.positionals];
}

// Positionals that belong to the container's command may start with '-' and need no '--'.
function isCommandWord(draft: Draft, index: number): boolean {
  let i = 0;
  for (const name of draft.spelling.args) {
    const def = draft.intent.concept.args.find((a) => a.name === name);
    const n = def ? (draft.intent.args[name]?.length ?? 0) : draft.intent.options[name] !== undefined ? 1 : 0;
    if (index < i + n) return def?.kind === 'command';
    i += n;
  }
  return false;
}

function chooseCommand(spelling: Command, intent: Intent, version: string): CommandSpelling | undefined {
  const matches = (c: CommandSpelling): boolean =>
    Object.entries(c.implies ?? {}).every(([k, v]) => (intent.options[k] ?? (typeof v === 'boolean' ? false : undefined)) === v);
  const available = spelling.commands.filter((c) => versionOk(c.versions, version));
  return available.find(matches) ?? available.find((c) => !c.implies) ?? available[0];
}

function renderGlobals(d: Draft): void {
  const { intent, tool } = d;
  const g = tool.globals;
  if (intent.globals.host) {
    const s = g.host;
    const h = intent.globals.host;
    if (s?.kind === 'flag' && s.endpoint === h.endpoint) d.globals.push(`--${s.flag.long}`, h.value);
    else d.warnings.push(`${h.token}: a ${h.endpoint ?? intent.source} endpoint means nothing to ${tool.name}; ${s?.kind === 'flag' ? `give ${tool.name} its own endpoint with --${s.flag.long}` : 'drop it'}`);
  }
  if (d.namespace !== undefined) {
    const s = g.namespace;
    if (s?.kind === 'flag') d.globals.push(`--${s.flag.long}`, d.namespace);
    else if (tool.fixedNamespace !== d.namespace) d.warnings.push(`namespace ${d.namespace}: ${s?.kind === 'unsupported' ? s.reason : `${tool.name} has no namespaces`}`);
  }
  if (intent.globals.debug) {
    const s = g.debug;
    if (s?.kind === 'flag') d.globals.push(`--${s.flag.long}`);
    else d.warnings.push(`--debug: ${s?.kind === 'unsupported' ? s.reason : `${tool.name} has no debug flag`}`);
  }
}

function sourceDefault(intent: Intent, name: string): string | undefined {
  const s = (intent.concept.tools[intent.source] as Command).options[name];
  return (s?.kind === 'flag' ? s.default : undefined) ?? intent.concept.options[name]?.default;
}

function renderOptions(d: Draft): void {
  const { intent, spelling, tool } = d;
  const implied = d.command.implies ?? {};
  for (const [name, opt] of Object.entries(intent.concept.options)) {
    const s = spelling.options[name];
    if (!s) continue;
    const value = intent.options[name];
    const token = intent.tokens[name] ?? `--${name}`;
    if (value === undefined || (opt.type === 'bool' && value === false && sourceDefault(intent, name) !== 'true')) {
      // The user relied on the source's default; say it explicitly where the target's differs.
      if (value === undefined && s.kind === 'flag' && !(name in implied)) {
        const src = sourceDefault(intent, name);
        const dst = s.default ?? opt.default;
        if (src !== undefined && src !== dst) emitValue(d, name, s, opt.type === 'bool' ? src === 'true' : src, Number.MAX_SAFE_INTEGER);
      }
      continue;
    }
    if (name in implied && implied[name] === value) continue;
    if (s.kind === 'unsupported') {
      d.warnings.push(`${token}: ${s.reason}`);
      continue;
    }
    if (s.kind === 'implicit' || s.kind === 'positional') continue;
    if (!versionOk(s.versions, d.version)) {
      d.warnings.push(`${token}: ${tool.name} ${d.version} has no --${s.flag.long} (${tool.name} ${s.versions!.join(', ')} has it)`);
      continue;
    }
    emitValue(d, name, s, value, intent.order[name] ?? Number.MAX_SAFE_INTEGER - 1);
    if (s.note) d.warnings.push(`${token}: ${s.note}`);
  }
}

function emitValue(d: Draft, name: string, s: FlagSpelling, value: OptionValue, order: number): void {
  const opt = d.intent.concept.options[name]!;
  const short = d.intent.short.has(name);
  const flag = flagWord(s.flag, short);
  const map = (v: string): string => transform(d, s, own(s.values, v) ?? v);
  if (opt.type === 'bool') {
    const b = value === true || value === 'true';
    if (s.values) d.flags.push({ order, words: [flag, own(s.values, String(b)) ?? String(b)] });
    else if (b) d.flags.push({ order, words: [flag] });
    else d.flags.push({ order, words: [`--${s.flag.long}=false`] });
    return;
  }
  const values = Array.isArray(value) ? value : [String(value)];
  if (opt.type === 'filter' && s.keys) {
    for (const item of values) {
      const eq = item.indexOf('=');
      const key = eq < 0 ? item : item.slice(0, eq);
      const v = eq < 0 ? '' : item.slice(eq + 1);
      const k = own(s.keys, key);
      if (!k) {
        d.warnings.push(`filter ${item}: ${d.tool.name} cannot filter on '${key}'${Object.keys(s.keys).length ? `; it filters on ${Object.entries(s.keys).filter(([, x]) => x).map(([x]) => x).join(', ')}` : ''}`);
        continue;
      }
      const mapped = k.values ? own(k.values, v) : v;
      if (mapped === undefined) {
        d.warnings.push(`filter ${item}: ${d.tool.name} has no '${v}' state; it knows ${Object.keys(k.values ?? {}).join(', ')}`);
        continue;
      }
      d.flags.push({ order, words: [flagWord(k, false), k.anchor ? `^${escapeRegex(mapped)}$` : mapped] });
    }
    return;
  }
  for (const v of values) d.flags.push({ order, words: [flag, map(v)] });
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function transform(d: Draft, s: FlagSpelling, v: string): string {
  if (s.transform === 'image-ref') return normalizeImage(v, d.tool.imageRefs);
  return v;
}

/**
 * A name for a step's captured output that no word of the user's command mentions, so a literal `${ID}` the
 * user typed in a value is never taken for the capture (`ID`, else `CROSSCTL_ID`, `CROSSCTL_ID3`, …).
 */
export function captureBase(intent: Intent, base: string): string {
  const mentions = (name: string): boolean => intent.parsed.argv.some((w) => w.includes(`\${${name}`));
  let name = base;
  for (let n = 2; mentions(name); n++) name = `CROSSCTL_${base}${n === 2 ? '' : n}`;
  return name;
}

function renderPositionals(d: Draft): void {
  const { intent, spelling, tool } = d;
  let lookups = 0;
  let base: string | undefined;
  for (const name of spelling.args) {
    const def = intent.concept.args.find((a) => a.name === name);
    if (!def) {
      const v = intent.options[name];
      if (v !== undefined) d.positionals.push(String(v));
      continue;
    }
    for (const v of intent.args[name] ?? []) {
      if (def.kind === 'image') d.positionals.push(normalizeImage(v, tool.imageRefs));
      else if ((def.kind === 'container' && tool.containerRefs === 'id') || (def.kind === 'pod' && tool.podRefs === 'id')) {
        const lookup = tool.lookup?.[def.kind];
        if (looksLikeId(v) || !lookup || (def.kind === 'container' && tool.containerIdIsName)) d.positionals.push(v);
        else {
          base ??= captureBase(intent, 'ID');
          const capture = `${base}${++lookups === 1 ? '' : lookups}`;
          // A function, not a string: '$&' or '$1' in a name must not be read as a replacement pattern.
          d.before.push({ argv: [tool.name, ...lookup.map((w) => w.replace('{name}', () => escapeRegex(v)))], capture });
          d.positionals.push(`\${${capture}}`);
        }
      } else d.positionals.push(v);
    }
  }
  // Number the look-ups only when there are several.
  if (lookups > 1 && base !== undefined) {
    const first = d.before.find((s) => s.capture === base);
    if (first) first.capture = `${base}1`;
    d.positionals = d.positionals.map((p) => (p === `\${${base}}` ? `\${${base}1}` : p));
  }
}
