// The fast path of generated shell code: source subcommands whose arguments a target takes unchanged, so the
// shell calls the target directly and crossctl does not even start. Computed from the tables and the tools'
// surfaces, conservatively: any doubt sends the subcommand through `crossctl translate --exec`.
import { flagNames, loadSurface, type Surface, type SurfaceCommand, type SurfaceFlag } from '../surface.js';
import type { Concept, OptionSpelling, Tables, ToolSpelling } from '../tables.js';

type Command = Extract<ToolSpelling, { kind: 'command' }>;

export interface FastPath {
  /** Source subcommands (one word each) that the target runs with the same arguments, sorted. */
  words: string[];
  /** Every other one-word subcommand of the source crossctl knows → why it takes the slow path. */
  slow: Record<string, string>;
}

/** Deep equality of JSON data, key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined).sort();
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined).sort();
  return sameJsonKeys(ka, kb) && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
const sameJsonKeys = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The fast path from `from` to `to`: a source subcommand qualifies only when
 * - it is one word that the tables map to exactly one concept, in both tools, with no implied options anywhere;
 * - neither spelling has a plan, a note, a per-value split (`each`), required arguments or version limits;
 * - the positional arguments are the same, and their kinds need no rewriting (image references, container and
 *   pod references are taken alike by both tools);
 * - every option of the concept is spelt identically (long and short flag, values, default, no transform, note,
 *   conflicts or version limits), or is equally absent (both unsupported, both implicit with the same value);
 * - in the tools' surfaces, at every version of the target crossctl knows (or the pinned one), both parse the
 *   command alike (flag style, combined short flags, flags after positionals) and every flag the source's
 *   command takes exists on the target's with the same names, the same need for a value and the same default.
 */
export function fastPath(tables: Tables, from: string, to: string, versions?: string[]): FastPath {
  const words: string[] = [];
  const slow: Record<string, string> = {};
  const fromInfo = tables.tools[from];
  const toInfo = tables.tools[to];
  if (!fromInfo || !toInfo || from === to) return { words, slow };
  const source = loadSurface(from, fromInfo.versions[0]!);
  const targets = (versions ?? toInfo.versions).map((v) => loadSurface(to, v));
  for (const [spelt, ids] of Object.entries(tables.index[from] ?? {})) {
    if (spelt.includes(' ')) continue;
    const why = reasonForSlow(tables, from, to, spelt, ids, source, targets);
    if (why === undefined) words.push(spelt);
    else slow[spelt] = why;
  }
  return { words: words.sort(), slow };
}

function reasonForSlow(tables: Tables, from: string, to: string, word: string, ids: string[], source: Surface, targets: Surface[]): string | undefined {
  if (ids.length !== 1) return `${from} ${word} is several concepts (${ids.join(', ')})`;
  const concept = tables.concepts[ids[0]!];
  if (!concept) return 'unknown concept';
  const targetIds = tables.index[to]?.[word] ?? [];
  if (!sameJson(targetIds, ids)) return `${to} ${word} is not ${concept.id}`;
  const s = concept.tools[from];
  const t = concept.tools[to];
  if (s?.kind !== 'command' || t?.kind !== 'command') return `${to} has no ${concept.id}`;
  const why = spellingDiffers(tables, concept, from, to, word, s, t);
  if (why) return why;
  for (const target of targets) {
    const w = surfaceDiffers(source, target, word);
    if (w) return w;
  }
  return undefined;
}

function spellingDiffers(tables: Tables, concept: Concept, from: string, to: string, word: string, s: Command, t: Command): string | undefined {
  for (const [tool, sp] of [[from, s], [to, t]] as const) {
    if (sp.plan) return `${tool} ${word} runs a plan (${sp.plan})`;
    if (sp.note) return `${tool} ${word} has a note: ${sp.note}`;
    if (sp.each) return `${tool} ${word} takes one ${sp.each} at a time`;
    if (sp.requires?.length) return `${tool} ${word} requires ${sp.requires.join(', ')}`;
    if (sp.since) return `${tool} ${word} exists since ${sp.since}`;
    if (sp.commands.some((c) => c.implies || c.versions || c.parse === false)) return `${tool} spells ${concept.id} with implied options or per version`;
    if (!sp.commands.some((c) => c.path.length === 1 && c.path[0] === word)) return `${tool} has no ${word} for ${concept.id}`;
  }
  if (!sameJson(s.args, t.args)) return `the arguments differ (${s.args.join(' ')} / ${t.args.join(' ')})`;
  const fi = tables.tools[from]!;
  const ti = tables.tools[to]!;
  for (const name of s.args) {
    const kind = concept.args.find((a) => a.name === name)?.kind;
    if (kind === 'image' && fi.imageRefs !== ti.imageRefs) return `image references are rewritten (${fi.imageRefs} → ${ti.imageRefs})`;
    if (kind === 'container' && (fi.containerRefs !== ti.containerRefs || Boolean(fi.containerIdIsName) !== Boolean(ti.containerIdIsName))) return 'container references differ';
    if (kind === 'pod' && (fi.podRefs ?? 'name-or-id') !== (ti.podRefs ?? 'name-or-id')) return 'pod references differ';
  }
  for (const name of Object.keys(concept.options)) {
    const why = optionDiffers(name, s.options[name], t.options[name]);
    if (why) return why;
  }
  return undefined;
}

function optionDiffers(name: string, a: OptionSpelling | undefined, b: OptionSpelling | undefined): string | undefined {
  if (!a || !b) return `option ${name} is not spelt by both`;
  if (a.kind !== b.kind) return `option ${name}: ${a.kind} / ${b.kind}`;
  if (a.kind === 'unsupported') return undefined; // neither tool can say it: nothing to carry over
  if (a.kind === 'implicit' && b.kind === 'implicit') return a.value === b.value ? undefined : `option ${name}: implied values differ`;
  if (a.kind === 'planned') return `option ${name} is planned`;
  if (a.kind === 'flag' && b.kind === 'flag') {
    for (const x of [a, b]) {
      if (x.transform) return `option ${name}: ${x.transform} transform`;
      if (x.note) return `option ${name}: ${x.note}`;
      if (x.conflicts || x.versions || x.since || x.unmapped) return `option ${name}: conflicts, versions or a closed value set`;
    }
  }
  return sameJson(a, b) ? undefined : `option ${name} is spelt differently`;
}

function surfaceDiffers(source: Surface, target: Surface, word: string): string | undefined {
  const tag = `${target.tool} ${target.version}`;
  const p = source.parsing;
  const q = target.parsing;
  if (p.style !== q.style || p.combinedShort !== q.combinedShort || p.flagsAfterPositionals !== q.flagsAfterPositionals) {
    return `${tag} parses flags differently (${p.style} / ${q.style})`;
  }
  const sc = topLevel(source, word);
  const tc = topLevel(target, word);
  if (!sc || !tc) return `${tag} has no ${word} command`;
  if (sc.group || tc.group) return `${word} is a command group`;
  const has = (list: string[][] | undefined, c: SurfaceCommand): boolean => Boolean(list?.some((x) => x.join(' ') === c.path.join(' ')));
  if (has(p.nonInterspersed, sc) !== has(q.nonInterspersed, tc)) return `${tag} ${word} reads flags after arguments differently`;
  if (has(p.combinedShortExceptions, sc) !== has(q.combinedShortExceptions, tc)) return `${tag} ${word} combines short flags differently`;
  for (const f of sc.flags) {
    if (f.name === 'help') continue;
    const g = tc.flags.find((x) => x.name === f.name);
    if (!g) return `${tag} ${word} has no --${f.name}`;
    if (!flagNames(f).every((n) => flagNames(g).includes(n))) return `${tag} ${word} spells --${f.name} differently`;
    if (!sameFlag(f, g)) return `${tag} ${word} --${f.name} takes its value differently`;
  }
  return undefined;
}

/** A one-word command by its name or an alias (cheaper than the whole command tree: init runs in every new shell). */
const topLevel = (surface: Surface, word: string): SurfaceCommand | undefined =>
  surface.commands.find((c) => c.path.length === 1 && c.path[0] === word) ?? surface.commands.find((c) => c.path.length === 1 && c.aliases?.includes(word));

const sameFlag = (f: SurfaceFlag, g: SurfaceFlag): boolean =>
  Boolean(f.value) === Boolean(g.value) && f.optionalValue === g.optionalValue && (f.default ?? null) === (g.default ?? null);
