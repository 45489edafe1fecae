import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import AjvModule from 'ajv';
import { LineCounter, isMap, isPair, isScalar, parseDocument, visit, type Document } from 'yaml';
import { hasOwn, own } from '../own.js';
import { commandTree, isRunnableGroup, type Surface, type SurfaceCommand, type SurfaceFlag, flagNames } from '../surface.js';
import type {
  CanonicalArg,
  CanonicalOption,
  CommandSpelling,
  Concept,
  Example,
  FlagRef,
  GlobalSpelling,
  KeySpelling,
  OptionSpelling,
  Tables,
  ToolInfo,
  ToolSpelling,
  Topic,
} from '../tables.js';
import { plainTables } from '../tables.js';

import { PLANS } from '../plans/names.js';

const Ajv = AjvModule.default ?? AjvModule;
const MAX_FILE_BYTES = 1024 * 1024;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);
/** Keys refused at every level of a table: objects built from them could be polluted or misread. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_ALIASES = 50;

/** All problems found in the tables, each `file:line:col: message`. */
export class MappingError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'MappingError';
  }
}

interface Source {
  file: string;
  doc: Document;
  lines: LineCounter;
}

/** file:line:col of the value at `path` (or of its key when `key` is set), falling back to the nearest parent. */
function where(src: Source, path: (string | number)[], key = false): string {
  for (let p = path; ; p = p.slice(0, -1)) {
    let range: readonly number[] | undefined;
    if (key && p.length === path.length && p.length > 0) {
      const parent = p.length === 1 ? src.doc.contents : src.doc.getIn(p.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === p[p.length - 1]);
        if (pair && isScalar(pair.key)) range = pair.key.range ?? undefined;
      }
    }
    if (!range) {
      const node = p.length === 0 ? src.doc.contents : src.doc.getIn(p, true);
      range = (node as { range?: readonly number[] } | undefined)?.range;
    }
    if (range) {
      const { line, col } = src.lines.linePos(range[0]!);
      return `${src.file}:${line}:${col}`;
    }
    if (p.length === 0) return `${src.file}:1:1`;
  }
}

function readYaml(file: string, problems: string[]): Source | null {
  const st = statSync(file);
  // A FIFO or a link to /dev/zero would block or never end.
  if (!st.isFile()) {
    problems.push(`${file}:1:1: not a regular file`);
    return null;
  }
  if (st.size > MAX_FILE_BYTES) {
    problems.push(`${file}:1:1: file is ${st.size} bytes; mapping files are limited to ${MAX_FILE_BYTES} bytes (1 MiB)`);
    return null;
  }
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    problems.push(`${file}:1:1: cannot parse: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
  const src = { file, doc, lines };
  for (const e of doc.errors) {
    const { line, col } = lines.linePos(e.pos[0]);
    problems.push(`${file}:${line}:${col}: ${e.message.split('\n')[0]}`);
  }
  return doc.errors.length ? null : src;
}

function toData(src: Source, problems: string[]): unknown {
  try {
    // A low alias budget refuses "billion laughs" documents; tables have no reason to use aliases much.
    return src.doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const message = (e as Error).message;
    if (/alias count/i.test(message)) {
      const alias = firstAlias(src);
      problems.push(`${alias ?? `${src.file}:1:1`}: YAML aliases expand to more than ${MAX_ALIASES} nodes; refusing a possible alias bomb ("billion laughs")`);
    } else problems.push(`${src.file}:1:1: ${message.split('\n')[0]}`);
    return undefined;
  }
}

function firstAlias(src: Source): string | undefined {
  let at: string | undefined;
  visit(src.doc, {
    Alias(_, node) {
      if (node.range) {
        const { line, col } = src.lines.linePos(node.range[0]);
        at = `${src.file}:${line}:${col}`;
      }
      return visit.BREAK;
    },
  });
  return at;
}

/** Refuses __proto__, constructor and prototype as keys anywhere in the data (iteratively: data may be deep). */
function reservedKeys(src: Source, data: unknown, problems: string[]): boolean {
  const before = problems.length;
  const stack: [unknown, (string | number)[]][] = [[data, []]];
  const seen = new Set<object>();
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, [...path, i]]));
      continue;
    }
    for (const key of Object.keys(value)) {
      if (RESERVED_KEYS.has(key)) problems.push(`${where(src, [...path, key], true)}: '${key}' is a reserved name and cannot be a key`);
      else stack.push([(value as Record<string, unknown>)[key], [...path, key]]);
    }
  }
  return problems.length === before;
}

type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params: Record<string, unknown> }[] | null };

function schemaCheck(src: Source, data: unknown, validate: Validate, problems: string[]): boolean {
  if (validate(data)) return true;
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    // oneOf produces one error per branch; the branch errors say more than the summary.
    if (e.message === 'must match exactly one schema in oneOf') continue;
    const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const extra = e.params.additionalProperty ? ` '${String(e.params.additionalProperty)}'` : e.params.allowedValues ? `: ${(e.params.allowedValues as unknown[]).join(', ')}` : '';
    const line = `${where(src, path, Boolean(e.params.additionalProperty) || e.message?.includes('property name'))}: ${path.join('.') || '(top)'} ${e.message}${extra}`;
    if (!seen.has(line)) problems.push(line);
    seen.add(line);
  }
  return false;
}

export function parseFlagSpelling(text: string): FlagRef {
  const parts = text.split('|').map((p) => p.replace(/^--?/, ''));
  if (parts.length === 2) return { long: parts[1]!, short: parts[0]! };
  return { long: parts[0]! };
}

const findFlag = (cmd: SurfaceCommand | { flags: SurfaceFlag[] }, name: string): SurfaceFlag | undefined =>
  cmd.flags.find((f) => flagNames(f).includes(name));

interface Context {
  surfaces: Record<string, Surface[]>;
  tools: Record<string, ToolInfo>;
  problems: string[];
}

export interface CompileInput {
  mappingsDir: string;
  surfacesDir: string;
  /** Extra directories of user tables, applied in order; their concepts add to or replace the built-in ones. */
  overlays?: string[];
  /** Built-in tables to overlay onto instead of compiling mappingsDir again. */
  base?: Tables;
}

export function loadSurfaces(dir: string): Record<string, Surface[]> {
  const out: Record<string, Surface[]> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const s = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Surface;
    (out[s.tool] ??= []).push(s);
  }
  return out;
}

export function compileTables(input: CompileInput): Tables {
  const problems: string[] = [];
  const schemaFor = (name: string): Validate =>
    new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(input.mappingsDir, name), 'utf8'))) as Validate;
  const surfaces = loadSurfaces(input.surfacesDir);
  let tables: Tables;
  if (input.base) tables = structuredClone(plainTables(input.base));
  else {
    const tools = compileTools(join(input.mappingsDir, 'tools.yaml'), schemaFor('tools.schema.json'), surfaces, problems);
    tables = { tools, topics: [], concepts: {}, index: {} };
  }
  const ctx: Context = { surfaces, tools: tables.tools, problems };
  const validateTopic = schemaFor('schema.json');
  const overlays = input.overlays ?? [];
  const dirs = input.base ? overlays : [input.mappingsDir, ...overlays];
  // Where several concepts spell the same command, user tables win over built-in ones, later over earlier.
  const rank = new Map<string, number>();
  for (const [d, dir] of dirs.entries()) {
    const overlay = input.base !== undefined || d > 0;
    const names = readdirSync(dir);
    if (overlay && names.includes('tools.yaml')) problems.push(`${join(dir, 'tools.yaml')}:1:1: user tables cannot change tools.yaml; only topic files are read from ${dir}`);
    const files = names.filter((f) => f.endsWith('.yaml') && f !== 'tools.yaml').sort();
    // A directory applies whole or not at all: a malformed file never half-applies.
    const before = problems.length;
    const staged: { topic: Topic; concepts: Concept[] }[] = [];
    for (const f of files) {
      const r = compileTopicFile(join(dir, f), validateTopic, ctx);
      if (r) staged.push(r);
    }
    if (problems.length > before) continue;
    for (const { topic, concepts } of staged) {
      if (!tables.topics.some((t) => t.id === topic.id)) tables.topics.push(topic);
      for (const c of concepts) {
        tables.concepts[c.id] = c;
        if (overlay) rank.set(c.id, d);
      }
    }
  }
  if (problems.length) throw new MappingError(problems);
  tables.topics.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  tables.index = buildIndex(tables, surfaces, rank);
  return tables;
}

function compileTools(file: string, validate: Validate, surfaces: Record<string, Surface[]>, problems: string[]): Record<string, ToolInfo> {
  const src = readYaml(file, problems);
  if (!src) throw new MappingError(problems);
  const data = toData(src, problems) as Record<string, Record<string, unknown>>;
  if (data === undefined) throw new MappingError(problems);
  const keysOk = reservedKeys(src, data, problems);
  if (!schemaCheck(src, data, validate, problems) || !keysOk) throw new MappingError(problems);
  const tools: Record<string, ToolInfo> = {};
  for (const [name, raw] of Object.entries(data)) {
    if (RESERVED.has(name)) {
      problems.push(`${where(src, [name], true)}: '${name}' is a reserved name`);
      continue;
    }
    const versions = raw.versions as string[];
    for (const v of versions) {
      if (!surfaces[name]?.some((s) => s.version === v)) problems.push(`${where(src, [name, 'versions'])}: no surface mappings/surfaces/${name}-${v}.json`);
    }
    const globals: Record<string, GlobalSpelling> = {};
    for (const [g, spec] of Object.entries(raw.globals as Record<string, unknown>)) {
      if (typeof spec === 'object' && spec && 'unsupported' in spec) globals[g] = { kind: 'unsupported', reason: String(spec.unsupported) };
      else {
        const text = typeof spec === 'string' ? spec : String((spec as { flag: string }).flag);
        const flag = parseFlagSpelling(text);
        const endpoint = typeof spec === 'object' && spec ? (spec as { endpoint?: string }).endpoint : undefined;
        globals[g] = { kind: 'flag', flag, ...(endpoint ? { endpoint } : {}) };
        const surface = surfaces[name]?.[0];
        if (surface && !surface.globals.some((f) => flagNames(f).includes(flag.long))) problems.push(`${where(src, [name, 'globals', g])}: ${name} has no global flag --${flag.long}`);
      }
    }
    for (const word of Object.keys((raw.plugins as Record<string, string> | undefined) ?? {})) {
      if (surfaces[name]?.some((s) => commandTree(s).bySpelling.get(word))) {
        problems.push(`${where(src, [name, 'plugins', word], true)}: '${word}' is a ${name} command of its own, not a plugin`);
      }
    }
    const { globals: _g, ...rest } = raw;
    tools[name] = { ...(rest as unknown as ToolInfo), name, globals };
  }
  if (problems.length) throw new MappingError(problems);
  return tools;
}

function compileTopicFile(file: string, validate: Validate, ctx: Context): { topic: Topic; concepts: Concept[] } | null {
  const src = readYaml(file, ctx.problems);
  if (!src) return null;
  const data = toData(src, ctx.problems) as
    | { topic: string; title: string; order?: number; concepts: Record<string, Record<string, unknown>> }
    | undefined;
  if (data === undefined) return null;
  // Both checks report everything they find; nothing with a reserved key goes further.
  const keysOk = reservedKeys(src, data, ctx.problems);
  if (!schemaCheck(src, data, validate, ctx.problems) || !keysOk) return null;
  const topic: Topic = { id: data.topic, title: data.title, order: data.order ?? 100 };
  const concepts: Concept[] = [];
  for (const [id, raw] of Object.entries(data.concepts)) {
    const c = compileConcept(src, id, raw, topic.id, ctx);
    if (c) concepts.push(c);
  }
  return { topic, concepts };
}

function compileConcept(src: Source, id: string, raw: Record<string, unknown>, topic: string, ctx: Context): Concept | null {
  const { problems } = ctx;
  const at = (path: (string | number)[], key = false): string => where(src, ['concepts', id, ...path], key);
  const args = (raw.args ?? []) as CanonicalArg[];
  const options = (raw.options ?? {}) as Record<string, CanonicalOption & { default?: unknown }>;
  for (const o of Object.values(options)) if (o.default !== undefined) o.default = String(o.default);
  const tools: Record<string, ToolSpelling> = {};
  const rawTools = raw.tools as Record<string, Record<string, unknown>>;
  for (const tool of Object.keys(ctx.tools)) {
    if (!hasOwn(rawTools, tool)) {
      problems.push(`${at(['tools'], true)}: ${id} has no column for ${tool}: add its spelling or '${tool}: { unsupported: "why, and the closest alternative" }'`);
    }
  }
  for (const [tool, spec] of Object.entries(rawTools)) {
    if (!hasOwn(ctx.tools, tool)) {
      problems.push(`${at(['tools', tool], true)}: unknown tool '${tool}' (tools are ${Object.keys(ctx.tools).join(', ')})`);
      continue;
    }
    if ('unsupported' in spec) {
      tools[tool] = { kind: 'unsupported', reason: String(spec.unsupported) };
      continue;
    }
    const spelling = compileToolSpelling(tool, spec, args, options, (p, key) => at(['tools', tool, ...p], key), ctx);
    if (spelling) tools[tool] = spelling;
  }
  const examples: Example[] = ((raw.examples ?? []) as { in: string; out: Record<string, unknown> }[]).map((e, i) => {
    const out: Example['out'] = {};
    for (const [tool, v] of Object.entries(e.out)) {
      if (!hasOwn(ctx.tools, tool)) problems.push(`${at(['examples', i, 'out', tool], true)}: unknown tool '${tool}'`);
      out[tool] = typeof v === 'string' ? { command: v, status: 'exact' } : (v as Example['out'][string]);
    }
    return { in: e.in, out, at: at(['examples', i]) };
  });
  return { id, topic, summary: String(raw.summary), args, options, tools, examples, at: at([], true) };
}

function compileToolSpelling(
  tool: string,
  spec: Record<string, unknown>,
  args: CanonicalArg[],
  options: Record<string, CanonicalOption>,
  at: (path: (string | number)[], key?: boolean) => string,
  ctx: Context,
): ToolSpelling | null {
  const { problems } = ctx;
  const surfaces = ctx.surfaces[tool] ?? [];
  const rawCommands = (Array.isArray(spec.command) ? spec.command : [spec.command]) as (string | { path: string; implies?: Record<string, string | boolean>; parse?: boolean })[];
  const commands: CommandSpelling[] = [];
  const resolved: [string, SurfaceCommand][][] = [];
  rawCommands.forEach((c, i) => {
    const text = typeof c === 'string' ? c : c.path;
    const words = text.trim().split(/\s+/);
    const found = surfaces
      .map((s) => [s.version, commandTree(s).bySpelling.get(words.join(' '))] as const)
      .filter((x): x is [string, SurfaceCommand] => Boolean(x[1]));
    if (!found.length) {
      problems.push(`${at(['command', ...(Array.isArray(spec.command) ? [i] : [])])}: ${tool} has no command '${text}'`);
      return;
    }
    if (found.some(([, f]) => f.group && !isRunnableGroup(f))) problems.push(`${at(['command'])}: '${tool} ${text}' is a command group, not a command`);
    const versions = found.map(([v]) => v);
    commands.push({
      path: words,
      ...(typeof c === 'object' && c.implies ? { implies: c.implies } : {}),
      ...(typeof c === 'object' && c.parse === false ? { parse: false } : {}),
      ...(versions.length < surfaces.length ? { versions } : {}),
    });
    resolved.push(found);
    if (typeof c === 'object' && c.implies) {
      for (const k of Object.keys(c.implies)) if (!hasOwn(options, k)) problems.push(`${at(['command'])}: implies unknown option '${k}'`);
    }
  });
  const rawOptions = (spec.options ?? {}) as Record<string, unknown>;
  const out: Record<string, OptionSpelling> = {};
  for (const name of Object.keys(options)) {
    if (!(name in rawOptions)) problems.push(`${at(['options'], true)}: ${tool} does not say how it spells option '${name}': add a flag, { unsupported: … } or { implicit: … }`);
  }
  for (const [name, rawSpec] of Object.entries(rawOptions)) {
    const opt = own(options, name);
    if (!opt) {
      problems.push(`${at(['options', name], true)}: '${name}' is not an option of this concept`);
      continue;
    }
    const s = compileOptionSpelling(rawSpec);
    out[name] = s;
    if (s.kind === 'implicit' && s.value !== undefined && (opt.type === 'bool') !== (typeof s.value === 'boolean')) {
      problems.push(`${at(['options', name, 'value'])}: value ${JSON.stringify(s.value)} does not fit the ${opt.type} option '${name}'`);
    }
    if (s.kind !== 'flag') continue;
    for (const other of Object.keys(s.conflicts ?? {})) {
      if (!options[other] || other === name) problems.push(`${at(['options', name, 'conflicts', other], true)}: conflicts names '${other}', which is not another option of this concept`);
    }
    const flags = [s.flag, ...(s.accepts ?? []), ...Object.values(s.keys ?? {}).filter((k): k is KeySpelling => Boolean(k))];
    for (const f of flags) checkFlag(f, opt, s.values !== undefined, resolved, tool, at(['options', name]), problems);
    if (s.negate && (opt.type !== 'bool' || s.values)) problems.push(`${at(['options', name])}: negate is for a bool option spelt by a flag without values`);
    if (s.unmapped && (!s.values || opt.type === 'bool' || opt.type === 'filter')) problems.push(`${at(['options', name])}: unmapped needs values (and a non-bool, non-filter option)`);
    const first = resolved[0] ?? [];
    const versions = first.filter(([, cmd]) => findFlag(cmd, s.flag.long)).map(([v]) => v);
    if (versions.length < first.length) s.versions = versions;
  }
  const argOrder = (spec.args as string[] | undefined) ?? args.map((a) => a.name);
  for (const [i, a] of argOrder.entries()) {
    if (!args.some((x) => x.name === a) && out[a]?.kind !== 'positional') {
      problems.push(`${at(['args', i])}: '${a}' is neither an argument of the concept nor an option spelt { positional: true }`);
    }
  }
  for (const [name, s] of Object.entries(out)) {
    if (s.kind === 'positional' && !argOrder.includes(name) && !spec.plan) problems.push(`${at(['options', name])}: positional option '${name}' must be listed in args`);
    if (s.kind === 'planned' && !spec.plan) problems.push(`${at(['options', name])}: option '${name}' is { planned } but ${tool} names no plan`);
  }
  if (spec.plan && !PLANS.includes(String(spec.plan))) problems.push(`${at(['plan'])}: unknown plan '${String(spec.plan)}' (plans: ${PLANS.join(', ')})`);
  const each = spec.each as string | undefined;
  if (each !== undefined && !(argOrder.includes(each) && args.find((a) => a.name === each)?.variadic)) {
    problems.push(`${at(['each'])}: each names '${each}', which is not a variadic argument this tool takes`);
  }
  for (const [i, r] of ((spec.requires ?? []) as string[]).entries()) {
    if (!argOrder.includes(r)) problems.push(`${at(['requires', i])}: requires '${r}', which is not an argument this tool takes`);
  }
  return {
    kind: 'command',
    commands,
    args: argOrder,
    options: out,
    ...(spec.note ? { note: String(spec.note) } : {}),
    ...(spec.plan ? { plan: String(spec.plan) } : {}),
    ...(spec.since ? { since: String(spec.since) } : {}),
    ...(each !== undefined ? { each } : {}),
    ...(spec.requires ? { requires: spec.requires as string[] } : {}),
  };
}

function compileOptionSpelling(raw: unknown): OptionSpelling {
  if (typeof raw === 'string') return { kind: 'flag', flag: parseFlagSpelling(raw) };
  const r = raw as Record<string, unknown>;
  if ('unsupported' in r) return { kind: 'unsupported', reason: String(r.unsupported) };
  if ('implicit' in r) return { kind: 'implicit', reason: String(r.implicit), ...(r.value !== undefined ? { value: r.value as string | boolean } : {}) };
  if ('positional' in r) return { kind: 'positional', ...(r.default !== undefined ? { default: String(r.default) } : {}) };
  if ('planned' in r) return { kind: 'planned', how: String(r.planned) };
  const keys = r.keys as Record<string, unknown> | undefined;
  return {
    kind: 'flag',
    flag: parseFlagSpelling(String(r.flag)),
    ...(r.values ? { values: r.values as Record<string, string | null> } : {}),
    ...(r.default !== undefined ? { default: String(r.default) } : {}),
    ...(r.transform ? { transform: r.transform as 'image-ref' } : {}),
    ...(r.since ? { since: String(r.since) } : {}),
    ...(r.note ? { note: String(r.note) } : {}),
    ...(r.negate ? { negate: true } : {}),
    ...(r.unmapped ? { unmapped: String(r.unmapped) } : {}),
    ...(r.accepts ? { accepts: (r.accepts as string[]).map(parseFlagSpelling) } : {}),
    ...(r.conflicts ? { conflicts: r.conflicts as Record<string, string> } : {}),
    ...(keys
      ? {
          keys: Object.fromEntries(
            Object.entries(keys).map(([k, v]) => [
              k,
              v === null ? null : typeof v === 'string' ? parseFlagSpelling(v) : { ...parseFlagSpelling(String((v as { flag: string }).flag)), ...(v as object), flag: undefined },
            ]),
          ) as Record<string, KeySpelling | null>,
        }
      : {}),
  };
}

function checkFlag(
  f: FlagRef,
  opt: CanonicalOption,
  hasValues: boolean,
  resolved: [string, SurfaceCommand][][],
  tool: string,
  at: string,
  problems: string[],
): void {
  for (const pairs of resolved) {
    const versions = pairs.map(([, cmd]) => cmd);
    const hits = versions.map((cmd) => findFlag(cmd, f.long)).filter((x): x is SurfaceFlag => Boolean(x));
    if (!hits.length) {
      problems.push(`${at}: '${tool} ${versions[0]!.path.join(' ')}' has no flag --${f.long}`);
      continue;
    }
    const flag = hits[0]!;
    if (f.short && !(flag.aliases ?? []).includes(f.short)) problems.push(`${at}: -${f.short} is not an alias of --${f.long} in '${tool} ${versions[0]!.path.join(' ')}'`);
    if (flag.name !== f.long) problems.push(`${at}: write the flag by its long name --${flag.name}, not --${f.long}`);
    const takesValue = Boolean(flag.value);
    if (opt.type === 'bool' && takesValue && !hasValues && flag.optionalValue !== 'true') problems.push(`${at}: --${f.long} takes a value but the option is boolean: add values: { "true": … }`);
    if (opt.type !== 'bool' && !takesValue) problems.push(`${at}: --${f.long} is a boolean flag but the option is ${opt.type}`);
  }
}

function buildIndex(tables: Tables, surfaces: Record<string, Surface[]>, rank: Map<string, number>): Tables['index'] {
  const index: Tables['index'] = {};
  for (const c of Object.values(tables.concepts)) {
    for (const [tool, s] of Object.entries(c.tools)) {
      if (s.kind !== 'command') continue;
      for (const cmd of s.commands) {
        if (cmd.parse === false) continue;
        for (const surface of surfaces[tool] ?? []) {
          const found = commandTree(surface).bySpelling.get(cmd.path.join(' '));
          if (!found) continue;
          const key = found.path.join(' ');
          const list = ((index[tool] ??= {})[key] ??= []);
          if (!list.includes(c.id)) list.push(c.id);
        }
      }
    }
  }
  if (rank.size) {
    const r = (id: string): number => rank.get(id) ?? -1;
    for (const byPath of Object.values(index)) for (const list of Object.values(byPath)) list.sort((a, b) => r(b) - r(a));
  }
  return index;
}

export { splitSurface } from '../surface.js';
export { splitTables } from '../tables.js';

export const topicFileName = (file: string): string => basename(file, '.yaml');
