import { looksLikeId, normalizeImage } from './image-ref.js';
import { escapeRegex } from './quote.js';
import { sizeInBytes } from './units.js';
import type { Intent, OptionValue } from './intent.js';
import type { Step, TargetResult } from './result.js';
import { applyPlan } from './plans/index.js';
import { hasOwn, own } from './own.js';
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
  /** Where each canonical argument's values sit in `positionals`: [start, end). */
  spans: Record<string, [number, number]>;
  /** Steps to run before the main command (ID look-ups, pulls). */
  before: Step[];
  after: Step[];
  files: TargetResult['files'];
  warnings: string[];
  namespace?: string;
  /** The namespace is the source tool's own (crictl: k8s.io), not one the user gave. */
  namespaceImplied?: boolean;
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
  const missing = (spelling.requires ?? []).find((r) => !intent.args[r]?.length && intent.options[r] === undefined);
  if (missing !== undefined && !intent.help) {
    return unsupported(to, version, `${to} ${command.path.join(' ')} needs the ${missing} argument; it has no form without it`);
  }

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
    spans: {},
    before: [],
    after: [],
    files: [],
    warnings: intent.dropped.map((d) => d.message),
  };
  // crictl's containers are the CRI's, in containerd namespace k8s.io: ctr and nerdctl must look there too.
  const namespace = opts.namespace ?? intent.globals.namespace ?? tables.tools[intent.source]?.fixedNamespace;
  if (namespace !== undefined) draft.namespace = namespace;
  if (opts.namespace === undefined && intent.globals.namespace === undefined && namespace !== undefined) draft.namespaceImplied = true;
  renderGlobals(draft);
  if (intent.help) {
    return finish(draft, [{ argv: [to, ...draft.globals, ...command.path, '--help'] }]);
  }
  impliedWarnings(draft);
  renderOptions(draft);
  renderPositionals(draft);
  const hole = spelling.plan ? undefined : missingPositional(draft);
  if (hole) return unsupported(to, version, hole);
  if (spelling.note) draft.warnings.push(spelling.note);
  const planned = spelling.plan ? applyPlan(spelling.plan, draft) : null;
  if (planned && 'reason' in planned) return unsupported(to, version, planned.reason);
  const main: Step[] = planned?.steps ?? eachStep(draft);
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

/** One step; or, where the tool takes one value of a variadic argument (spelling.each), one step per value. */
function eachStep(d: Draft): Step[] {
  const span = d.spelling.each ? d.spans[d.spelling.each] : undefined;
  if (!span || span[1] - span[0] < 2) return [{ argv: assemble(d) }];
  const steps: Step[] = [];
  for (let i = span[0]; i < span[1]; i++) {
    steps.push({ argv: assemble({ ...d, positionals: [...d.positionals.slice(0, span[0]), d.positionals[i]!, ...d.positionals.slice(span[1])] }) });
  }
  return steps;
}

/** The target argv from a draft: tool, globals, command path, flags in the user's order, then positionals. */
export function assemble(draft: Draft): string[] {
  const flags = [...draft.flags].sort((a, b) => a.order - b.order).flatMap((f) => f.words);
  // A lone '-' (stdin/stdout) is never read as a flag.
  const needsDashDash = draft.positionals.some((p, i) => p.startsWith('-') && p !== '-' && !isCommandWord(draft, i));
  return [draft.tool.name, ...draft.globals, ...draft.command.path, ...flags, ...(needsDashDash ? ['--'] : []), ...draft.positionals];
}

// Positionals that belong to the container's command may start with '-' and need no '--'.
function isCommandWord(draft: Draft, index: number): boolean {
  for (const [name, [start, end]] of Object.entries(draft.spans)) {
    if (index >= start && index < end) return draft.intent.concept.args.find((a) => a.name === name)?.kind === 'command';
  }
  return false;
}

function chooseCommand(spelling: Command, intent: Intent, version: string): CommandSpelling | undefined {
  const matches = (c: CommandSpelling): boolean =>
    Object.entries(c.implies ?? {}).every(([k, v]) => (intent.options[k] ?? (typeof v === 'boolean' ? false : undefined)) === v);
  const available = spelling.commands.filter((c) => versionOk(c.versions, version));
  return available.find(matches) ?? available.find((c) => !c.implies) ?? available[0];
}

/**
 * When no spelling matches the intent, the chosen one may always do what the user did not ask for (podman 4
 * `volume prune` removes named volumes too, as docker's `volume prune --all` does): say so.
 */
function impliedWarnings(d: Draft): void {
  for (const [k, v] of Object.entries(d.command.implies ?? {})) {
    const value = d.intent.options[k] ?? (typeof v === 'boolean' ? false : undefined);
    if (value === v) continue;
    const s = d.spelling.options[k];
    if (s?.kind === 'flag') continue; // written as a flag, and warned about, by renderImplied
    d.warnings.push(`${d.tool.name} ${d.command.path.join(' ')} always behaves as ${k}=${String(v)}${s && 'reason' in s ? `: ${s.reason}` : ''}`);
  }
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
    else if (tool.fixedNamespace !== d.namespace) {
      d.warnings.push(
        d.namespaceImplied
          ? `${intent.source} works on the CRI runtime's containers and images (containerd namespace ${d.namespace}); ${tool.name} sees its own, not those`
          : `namespace ${d.namespace}: ${s?.kind === 'unsupported' ? s.reason : `${tool.name} has no namespaces`}`,
      );
    }
  }
  if (intent.globals.debug) {
    const s = g.debug;
    if (s?.kind === 'flag') d.globals.push(`--${s.flag.long}`);
    else d.warnings.push(`--debug: ${s?.kind === 'unsupported' ? s.reason : `${tool.name} has no debug flag`}`);
  }
}

/** A tool's default for an option in canonical terms (a tool default written in the tool's values maps back). */
function toolDefault(s: OptionSpelling | undefined, fallback: string | undefined): string | undefined {
  if (s?.kind !== 'flag' || s.default === undefined) return fallback;
  return Object.entries(s.values ?? {}).find(([, tv]) => tv === s.default)?.[0] ?? s.default;
}

function sourceDefault(intent: Intent, name: string): string | undefined {
  return toolDefault((intent.concept.tools[intent.source] as Command).options[name], intent.concept.options[name]?.default);
}

function renderOptions(d: Draft): void {
  const { intent, spelling, tool } = d;
  const implied = d.command.implies ?? {};
  for (const [name, opt] of Object.entries(intent.concept.options)) {
    const s = spelling.options[name];
    if (!s) continue;
    const value = intent.options[name];
    const token = intent.tokens[name] ?? `--${name}`;
    if (name in implied && s.kind === 'flag') {
      renderImplied(d, name, s, implied[name]!);
      continue;
    }
    const targetDefault = toolDefault(s, opt.default);
    // A false bool needs saying only where the target's default is true.
    if (value === undefined || (opt.type === 'bool' && value === false && targetDefault !== 'true')) {
      // The user relied on the source's default; say it explicitly where the target's differs, or warn
      // where the target cannot say it.
      if (value === undefined && !(name in implied)) {
        const src = sourceDefault(intent, name);
        if (src !== undefined && src !== targetDefault) {
          if (s.kind === 'flag') emitValue(d, name, s, opt.type === 'bool' ? src === 'true' : src, Number.MAX_SAFE_INTEGER);
          else if (s.kind === 'unsupported') d.warnings.push(`${intent.source}'s ${name} defaults to ${src}: ${s.reason}`);
        }
      }
      continue;
    }
    if (name in implied && implied[name] === value) continue;
    if (s.kind === 'unsupported') {
      d.warnings.push(`${token}: ${s.reason}`);
      continue;
    }
    if (s.kind === 'implicit' || s.kind === 'positional' || s.kind === 'planned') continue;
    const clash = Object.entries(s.conflicts ?? {}).find(([other]) => isSet(intent.options[other]));
    if (clash) {
      // Dropping a value the user did not write (one the source tool implies) needs no warning.
      if (intent.tokens[name]) d.warnings.push(`${token}: ${clash[1]}`);
      continue;
    }
    if (!versionOk(s.versions, d.version)) {
      d.warnings.push(`${token}: ${tool.name} ${d.version} has no --${s.flag.long} (${tool.name} ${s.versions!.join(', ')} has it)`);
      continue;
    }
    emitValue(d, name, s, value, intent.order[name] ?? Number.MAX_SAFE_INTEGER - 1);
    if (s.note) d.warnings.push(`${token}: ${s.note}`);
  }
}

const isSet = (v: OptionValue | undefined): boolean => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0);

/**
 * An option the chosen command implies but spells as a flag (crictl rmi --prune, ctr images prune --all): the path
 * alone does not say it, so the flag is always written, right after the path. When the user did not ask for it, the
 * translation does more than the source: warn with the option's note, or say so.
 */
function renderImplied(d: Draft, name: string, s: FlagSpelling, implied: string | boolean): void {
  const opt = d.intent.concept.options[name]!;
  emitValue(d, name, s, implied, -1);
  const asked = d.intent.options[name] ?? (opt.type === 'bool' ? sourceDefault(d.intent, name) === 'true' : undefined);
  if (String(asked) === String(implied)) return;
  const written = [d.tool.name, ...d.command.path, ...d.flags.at(-1)!.words].join(' ');
  d.warnings.push(s.note ?? `${written} always means ${name}${opt.type === 'bool' ? '' : `=${String(implied)}`}: ${opt.summary}`);
}

function emitValue(d: Draft, name: string, s: FlagSpelling, value: OptionValue, order: number): void {
  const opt = d.intent.concept.options[name]!;
  const short = d.intent.short.has(name);
  const flag = flagWord(s.flag, short);
  const map = (v: string): string => transform(d, s, own(s.values, v) ?? v);
  if (opt.type === 'bool') {
    const b = value === true || value === 'true';
    if (s.negate) {
      // The flag means false; true needs saying only where the target's default is false.
      if (!b) d.flags.push({ order, words: [flag] });
      else if (toolDefault(s, opt.default) !== 'true') d.flags.push({ order, words: [`--${s.flag.long}=false`] });
      return;
    }
    if (s.values) d.flags.push({ order, words: [flag, own(s.values, String(b)) ?? String(b)] });
    else if (b) d.flags.push({ order, words: [flag] });
    else if (!s.negate) d.flags.push({ order, words: [`--${s.flag.long}=false`] });
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
  for (const v of values) {
    if (s.unmapped && !hasOwn(s.values, v)) d.warnings.push(`${d.intent.tokens[name] ?? `--${name}`}: ${s.unmapped}`);
    // A value mapped to null is one the tool cannot express (podman pod ps has no yaml output).
    else if (own(s.values, v) === null) d.warnings.push(`${d.intent.tokens[name] ?? `--${name}`}: ${d.tool.name} has no ${name} '${v}'`);
    else d.flags.push({ order, words: [flag, map(v)] });
  }
}


function transform(d: Draft, s: FlagSpelling, v: string): string {
  if (s.transform === 'image-ref') return normalizeImage(v, d.tool.imageRefs);
  if (s.transform === 'bytes') {
    const n = sizeInBytes(v);
    if (n === undefined) d.warnings.push(`--${s.flag.long} ${v}: ${d.tool.name} wants a number of bytes here; '${v}' is not a size crossctl can convert`);
    return n === undefined ? v : String(n);
  }
  if (s.transform === 'capability') {
    const cap = v.toUpperCase();
    if (cap === 'ALL') d.warnings.push(`--${s.flag.long} ${v}: ${d.tool.name} has no ALL capability set; name each capability (CAP_…)`);
    return cap === 'ALL' || cap.startsWith('CAP_') ? cap : `CAP_${cap}`;
  }
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

/** An option the target takes as an argument but the user did not give: without a plan to make one up, the
 * arguments after it would shift into its place (ctr run IMAGE ID [COMMAND]). */
function missingPositional(d: Draft): string | undefined {
  const { intent, spelling } = d;
  // Only a gap with arguments after it shifts them; a missing last argument is the tool's own optional one.
  const given = (n: string): boolean => Boolean(intent.args[n]?.length) || intent.options[n] !== undefined;
  const name = spelling.args.find((n, i) => {
    const s = spelling.options[n];
    return s?.kind === 'positional' && s.default === undefined && !given(n) && spelling.args.slice(i + 1).some(given);
  });
  if (name === undefined) return undefined;
  const src = (intent.concept.tools[intent.source] as Command).options[name];
  const how = src?.kind === 'flag' ? `: add ${flagWord(src.flag, false)} ${name.toUpperCase()} to the ${intent.source} command` : '';
  return `${d.tool.name} ${d.command.path.join(' ')} needs the ${name} as an argument and the ${intent.source} command gives none${how}`;
}

function renderPositionals(d: Draft): void {
  const { intent, spelling, tool } = d;
  let lookups = 0;
  let base: string | undefined;
  for (const name of spelling.args) {
    const def = intent.concept.args.find((a) => a.name === name);
    if (!def) {
      const s = spelling.options[name];
      const v = intent.options[name] ?? (s?.kind === 'positional' ? s.default : undefined);
      if (Array.isArray(v)) for (const x of v) d.positionals.push(x);
      else if (v !== undefined) d.positionals.push(String(v));
      continue;
    }
    const start = d.positionals.length;
    for (const v of intent.args[name] ?? []) {
      if (def.kind === 'image') {
        if (looksLikeId(v) && tool.imageRefs === 'fully-qualified') d.warnings.push(`'${v}' looks like an image ID: ${tool.name} names images by reference only; give the image's name`);
        d.positionals.push(normalizeImage(v, tool.imageRefs));
      }
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
    d.spans[name] = [start, d.positionals.length];
  }
  // Arguments the target's spelling has no place for are said, never dropped silently.
  for (const def of intent.concept.args) {
    const given = intent.args[def.name] ?? [];
    if (given.length && !spelling.args.includes(def.name)) {
      d.warnings.push(`${given.map((g) => `'${g}'`).join(' ')}: ${tool.name} ${d.command.path.join(' ')} takes no ${def.name} argument; it is not translated`);
    }
  }
  // Number the look-ups only when there are several.
  if (lookups > 1 && base !== undefined) {
    const first = d.before.find((s) => s.capture === base);
    if (first) first.capture = `${base}1`;
    d.positionals = d.positionals.map((p) => (p === `\${${base}}` ? `\${${base}1}` : p));
  }
}
