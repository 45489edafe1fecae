// `crossctl explain`: what a command and each of its options mean (the canonical summaries), how every tool
// spells them or why it cannot (straight from the tables), and the translation per tool (the pipeline's).
import { CrossctlError, EXIT } from './errors.js';
import { looksLikeId, normalizeImage } from './image-ref.js';
import { toIntent, type Intent, type OptionValue } from './intent.js';
import { planLines } from './output.js';
import { own } from './own.js';
import { parse } from './parse.js';
import { quoteArgv } from './quote.js';
import type { TargetResult } from './result.js';
import { exampleTranslation } from './sheet/rows.js';
import type { Concept, FlagRef, OptionSpelling, Tables, ToolSpelling } from './tables.js';
import { translate, type Target } from './translate.js';

export type Spelling =
  | {
      kind: 'flag';
      flag: string;
      /** Canonical value → this tool's; null: a value the tool cannot express. */
      values?: Record<string, string | null>;
      default?: string;
      note?: string;
      versions?: string[];
      keys?: Record<string, string | null>;
      /** The flag means false. */
      negate?: boolean;
      /** Why values outside `values` cannot be spelt. */
      unmapped?: string;
    }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'implicit'; reason: string }
  /** The tool's plan expresses it (several steps). */
  | { kind: 'planned'; how: string }
  | { kind: 'positional' }
  /** The tool has no command for the concept at all. */
  | { kind: 'no-command'; reason: string };

export type CommandInfo =
  | {
      kind: 'command';
      commands: string[];
      versions?: Record<string, string[]>;
      note?: string;
      plan?: string;
      /** Arguments the tool cannot do without. */
      requires?: string[];
      /** The variadic argument the tool takes one at a time (one command per value). */
      each?: string;
    }
  | { kind: 'unsupported'; reason: string };

export interface OptionInfo {
  name: string;
  type: string;
  summary: string;
  default?: string;
  /** How the input set it: the words as typed, or the command spelling that implies it. */
  given: { token: string; value: OptionValue; implied: boolean } | null;
  spellings: Record<string, Spelling>;
}

export interface ArgInfo {
  name: string;
  kind?: string;
  summary?: string;
  values: string[];
  /** What a tool does differently with the value (ID look-ups, image normalisation). */
  notes: Record<string, string>;
}

export interface TranslationInfo {
  to: string;
  version: string;
  status: TargetResult['status'];
  lines: string[];
  warnings: string[];
  reason: string | null;
}

export interface Explanation {
  /** A command was explained, or a concept by its id (then every option, and the sheet's example translated). */
  mode: 'command' | 'concept';
  /** The command as given (quoted), or the example invocation when a concept id was explained. */
  input: string;
  from: string;
  concept: { id: string; topic: string; topicTitle: string; summary: string };
  command: Record<string, CommandInfo>;
  options: OptionInfo[];
  args: ArgInfo[];
  notTranslated: { token: string; message: string }[];
  translations: TranslationInfo[];
}

export interface ExplainOptions {
  from?: string;
  to?: Target[];
}

export const flagText = (f: FlagRef): string => (f.short ? `-${f.short}|--${f.long}` : `--${f.long}`);

export function spellingOf(concept: Concept, tool: string, option: string): Spelling {
  const t = concept.tools[tool];
  if (!t || t.kind === 'unsupported') return { kind: 'no-command', reason: t?.reason ?? `${tool} has no ${concept.id}` };
  const s: OptionSpelling | undefined = t.options[option];
  if (!s) return { kind: 'unsupported', reason: `the tables do not say how ${tool} spells ${option}` };
  switch (s.kind) {
    case 'positional':
      return { kind: 'positional' };
    case 'planned':
      return { kind: 'planned', how: s.how };
    case 'unsupported':
    case 'implicit':
      return { kind: s.kind, reason: s.reason };
  }
  const out: Extract<Spelling, { kind: 'flag' }> = { kind: 'flag', flag: flagText(s.flag) };
  if (s.values) out.values = s.values;
  if (s.default !== undefined) out.default = s.default;
  if (s.negate) out.negate = true;
  if (s.unmapped) out.unmapped = s.unmapped;
  if (s.note) out.note = s.note;
  if (s.versions) out.versions = s.versions;
  if (s.keys) out.keys = Object.fromEntries(Object.entries(s.keys).map(([k, v]) => [k, v ? `${flagText(v)}${v.anchor ? ' (as ^…$)' : ''}` : null]));
  return out;
}

export function commandInfo(spelling: ToolSpelling | undefined, tool: string, concept: Concept): CommandInfo {
  if (!spelling || spelling.kind === 'unsupported') return { kind: 'unsupported', reason: spelling?.reason ?? `${tool} has no ${concept.id}` };
  const info: CommandInfo = { kind: 'command', commands: spelling.commands.map((c) => [tool, ...c.path].join(' ')) };
  if (spelling.requires?.length) info.requires = spelling.requires;
  if (spelling.each) info.each = spelling.each;
  const versions = Object.fromEntries(spelling.commands.filter((c) => c.versions).map((c) => [[tool, ...c.path].join(' '), c.versions!]));
  if (Object.keys(versions).length) info.versions = versions;
  if (spelling.note) info.note = spelling.note;
  if (spelling.plan) info.plan = spelling.plan;
  return info;
}

function argNotes(tables: Tables, concept: Concept, kind: string | undefined, value: string, tools: string[]): Record<string, string> {
  const notes: Record<string, string> = {};
  // Only the tools that have the command do anything with the value.
  for (const name of tools.filter((t) => concept.tools[t]?.kind === 'command')) {
    const tool = tables.tools[name]!;
    if (kind === 'image') {
      const n = normalizeImage(value, tool.imageRefs);
      if (n !== value) notes[name] = `written in full: ${n}`;
    } else if ((kind === 'container' && tool.containerRefs === 'id' && !tool.containerIdIsName) || (kind === 'pod' && tool.podRefs === 'id')) {
      const lookup = tool.lookup?.[kind];
      if (looksLikeId(value)) continue;
      notes[name] = lookup
        ? `takes ${kind} IDs: looks the name up first with ${quoteArgv([name, ...lookup.map((w) => w.replace('{name}', value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))])}`
        : `takes ${kind} IDs, not names`;
    }
  }
  return notes;
}

const translationInfo = (r: TargetResult): TranslationInfo => ({
  to: r.to,
  version: r.version,
  status: r.status,
  lines: r.status === 'unsupported' ? [] : planLines(r),
  warnings: r.warnings,
  reason: r.reason,
});

function conceptHeader(tables: Tables, concept: Concept): Explanation['concept'] {
  return { id: concept.id, topic: concept.topic, topicTitle: tables.topics.find((t) => t.id === concept.topic)?.title ?? concept.topic, summary: concept.summary };
}

/** Explains one command (words, or one string to split like a shell). */
export function explain(tables: Tables, input: string | string[], opts: ExplainOptions = {}): Explanation {
  const t = translate(tables, input, { ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) });
  if (t.concept === null) {
    throw new CrossctlError(t.results[0]?.reason ?? `crossctl has no mapping for '${quoteArgv(t.input)}'`, EXIT.untranslatable);
  }
  const concept = tables.concepts[t.concept]!;
  const intent: Intent = toIntent(tables, parse([t.from, ...t.input.slice(1)], tables.tools[t.from]!), concept);
  const tools = Object.keys(tables.tools);
  const shown = opts.to ? [t.from, ...opts.to.map((x) => x.tool).filter((x) => x !== t.from)] : tools;
  const given = Object.keys(intent.options).sort((a, b) => (intent.order[a] ?? Infinity) - (intent.order[b] ?? Infinity));
  const spelled = quoteArgv([t.from, ...intent.parsed.spelled]);
  return {
    mode: 'command',
    input: quoteArgv(t.input),
    from: t.from,
    concept: conceptHeader(tables, concept),
    command: Object.fromEntries(shown.map((tool) => [tool, commandInfo(concept.tools[tool], tool, concept)])),
    options: given
      .filter((name) => concept.options[name])
      .map((name) => {
        const def = concept.options[name]!;
        const token = intent.tokens[name];
        return {
          name,
          type: def.type,
          summary: def.summary,
          ...(def.default !== undefined ? { default: def.default } : {}),
          given: { token: token ?? spelled, value: intent.options[name]!, implied: token === undefined },
          spellings: Object.fromEntries(shown.map((tool) => [tool, spellingOf(concept, tool, name)])),
        };
      }),
    args: concept.args
      .filter((a) => intent.args[a.name]?.length)
      .map((a) => {
        const values = intent.args[a.name]!;
        const notes: Record<string, string> = {};
        for (const v of values) for (const [tool, n] of Object.entries(argNotes(tables, concept, a.kind, v, shown))) notes[tool] = notes[tool] ? `${notes[tool]}; ${n}` : n;
        return { name: a.name, ...(a.kind ? { kind: a.kind } : {}), ...(a.summary ? { summary: a.summary } : {}), values, notes };
      }),
    notTranslated: intent.dropped.map((d) => ({ token: d.token, message: d.message })),
    translations: t.results.map(translationInfo),
  };
}

/** Explains a concept by id: every option, with the sheet's example invocation translated. */
export function explainConcept(tables: Tables, id: string): Explanation {
  const concept = own(tables.concepts, id);
  if (!concept) throw new CrossctlError(`no concept '${id}'`, EXIT.usage);
  const tools = Object.keys(tables.tools);
  const t = exampleTranslation(tables, concept);
  return {
    mode: 'concept',
    input: 'problem' in t ? '' : quoteArgv(t.input),
    from: 'problem' in t ? '' : t.from,
    concept: conceptHeader(tables, concept),
    command: Object.fromEntries(tools.map((tool) => [tool, commandInfo(concept.tools[tool], tool, concept)])),
    options: Object.entries(concept.options).map(([name, def]) => ({
      name,
      type: def.type,
      summary: def.summary,
      ...(def.default !== undefined ? { default: def.default } : {}),
      given: null,
      spellings: Object.fromEntries(tools.map((tool) => [tool, spellingOf(concept, tool, name)])),
    })),
    args: concept.args.map((a) => ({
      name: a.name,
      ...(a.kind ? { kind: a.kind } : {}),
      ...(a.summary ? { summary: a.summary } : {}),
      values: a.example !== undefined ? [a.example] : [],
      notes: a.example !== undefined ? argNotes(tables, concept, a.kind, a.example, tools) : {},
    })),
    notTranslated: [],
    translations: 'problem' in t ? [] : t.results.filter((r) => r.to !== t.from).map(translationInfo),
  };
}

// ---- human output ----

export interface ExplainStyle {
  bold(s: string): string;
  dim(s: string): string;
  partial(s: string): string;
  none(s: string): string;
}

const plainStyle: ExplainStyle = { bold: (s) => s, dim: (s) => s, partial: (s) => s, none: (s) => s };

export function spellingText(s: Spelling, st: ExplainStyle = plainStyle): string {
  switch (s.kind) {
    case 'flag': {
      const extra: string[] = [];
      if (s.negate) extra.push('the flag means false');
      if (s.values) extra.push(Object.entries(s.values).map(([k, v]) => (v === null ? `${k}: cannot` : `${k} → ${v}`)).join(', '));
      if (s.unmapped) extra.push(`other values: ${s.unmapped}`);
      if (s.default !== undefined) extra.push(`its default ${s.default}`);
      if (s.keys) {
        const keys = Object.entries(s.keys);
        const ok = keys.filter(([, v]) => v).map(([k, v]) => `${k}= → ${v}`);
        const no = keys.filter(([, v]) => !v).map(([k]) => k);
        if (ok.length) extra.push(`one flag per key: ${ok.join(', ')}`);
        if (no.length) extra.push(`cannot filter on ${no.join(', ')}`);
      }
      if (s.versions) extra.push(`only in ${s.versions.join(', ')}`);
      let text = s.flag + (extra.length ? ` (${extra.join('; ')})` : '');
      if (s.note) text += ` ${st.partial('~')} ${s.note}`;
      return text;
    }
    case 'positional':
      return 'given as an argument';
    case 'implicit':
      return `${st.dim('implicit:')} ${s.reason}`;
    case 'planned':
      return `${st.dim('in several steps:')} ${s.how}`;
    case 'unsupported':
      return `${st.none('none:')} ${s.reason}`;
    case 'no-command':
      return st.dim('no command (see above)');
  }
}

export function renderExplanation(e: Explanation, st: ExplainStyle = plainStyle): string {
  const out: string[] = [];
  const tools = Object.keys(e.command);
  const pad = Math.max(...tools.map((t) => t.length), ...e.translations.map((r) => r.to.length));
  const line = (tool: string, text: string): string => `  ${st.dim(tool.padEnd(pad))}  ${text}`;
  out.push(st.bold(e.input || e.concept.id));
  out.push(`  ${e.concept.summary} ${st.dim(`(${e.concept.id}, ${e.concept.topicTitle})`)}`);
  out.push('', st.bold('command'));
  for (const [tool, c] of Object.entries(e.command)) {
    if (c.kind === 'unsupported') out.push(line(tool, `${st.none('none:')} ${c.reason}`));
    else {
      let text = c.commands.map((x) => (c.versions?.[x] ? `${x} (${c.versions[x]!.join(', ')})` : x)).join(' · ');
      if (c.plan) text += st.dim(` (several steps: ${c.plan})`);
      if (c.each) text += st.dim(` (one ${c.each} per command)`);
      if (c.requires?.length) text += st.dim(` (needs ${c.requires.join(', ')})`);
      if (c.note) text += ` ${st.partial('~')} ${c.note}`;
      out.push(line(tool, text));
    }
  }
  for (const o of e.options) {
    const head = o.given ? (o.given.implied ? `${o.name} (implied by ${o.given.token})` : o.given.token) : `--${o.name}`;
    const def = o.default !== undefined ? `, default ${o.default}` : '';
    out.push('', `${st.bold(head)}: ${o.summary} ${st.dim(`(${o.name}, ${o.type}${def})`)}`);
    for (const [tool, s] of Object.entries(o.spellings)) out.push(line(tool, spellingText(s, st)));
  }
  for (const a of e.args) {
    const values = a.values.length ? a.values.join(' ') : `<${a.name}>`;
    out.push('', `${st.bold(values)}: ${a.summary ?? a.name} ${st.dim(`(${a.name}${a.kind && a.kind !== a.name ? `, ${a.kind}` : ''})`)}`);
    const notes = Object.entries(a.notes);
    if (!notes.length) out.push(`  ${st.dim('every tool with the command takes it as it is')}`);
    for (const [tool, n] of notes) out.push(line(tool, n));
  }
  if (e.notTranslated.length) {
    out.push('', st.bold('not translated'));
    for (const d of e.notTranslated) out.push(`  ${d.message}`);
  }
  if (e.translations.length) {
    out.push('', st.bold(e.mode === 'concept' ? `translations of ${e.input}` : 'translations'));
    for (const r of e.translations) {
      const status = r.status === 'exact' ? 'exact  ' : r.status === 'partial' ? st.partial('partial') : st.none('none   ');
      if (r.status === 'unsupported') {
        out.push(`${line(r.to, status)}  ${r.reason ?? ''}`);
        continue;
      }
      r.lines.forEach((l, i) => out.push(i === 0 ? `${line(r.to, status)}  ${l}` : `  ${' '.repeat(pad)}  ${'       '}  ${l}`));
      for (const w of r.warnings) out.push(`  ${' '.repeat(pad)}  ${'       '}  ${st.partial('~')} ${w}`);
    }
  }
  return `${out.join('\n')}\n`;
}
