// Cheat-sheet rows, built from the tables THROUGH the translation pipeline: one example invocation per concept,
// translated to every tool. No tool knowledge lives here; a cell is exactly what `crossctl translate` prints.
import { builtin } from '../builtin.js';
import { CrossctlError } from '../errors.js';
import { lex } from '../lex.js';
import { planLines } from '../output.js';
import { useIdSource } from '../plans/util.js';
import { quoteArgv } from '../quote.js';
import type { Status, TargetResult, Translation } from '../result.js';
import type { Concept, Tables, Topic } from '../tables.js';
import { translate } from '../translate.js';

export interface Cell {
  status: Status;
  /** What to type, as `crossctl translate` prints it; several steps joined by ` && `. Null when unsupported. */
  command: string | null;
  /** The warnings of a partial translation, the reason of an unsupported one, files a plan writes first. */
  note: string | null;
  /** Tool version the command was rendered for. */
  version: string;
  /** argv of every step (for validation and tooling). */
  steps: string[][];
}

export interface Row {
  concept: string;
  topic: string;
  summary: string;
  /** The example invocation every cell is a translation of. */
  input: string;
  /** Its tool. */
  from: string;
  /** Tools whose tables spell the concept (a cell may still be unsupported, e.g. at another version). */
  spelledBy: string[];
  cells: Record<string, Cell>;
}

export interface Sheet {
  /** Column order. */
  tools: string[];
  /** Topics that have rows, in sheet order. */
  topics: Topic[];
  rows: Row[];
}

type Command = Extract<Concept['tools'][string], { kind: 'command' }>;

/**
 * A concept's invocation built from one tool's preferred spelling, with the canonical arguments' example values
 * and no options; null when a required argument has no example.
 */
export function constructedInvocation(concept: Concept, tool: string): string[] | null {
  const spelling = concept.tools[tool];
  if (!spelling || spelling.kind !== 'command') return null;
  // A render-only spelling (parse: false) would read back as another concept.
  const command = (spelling as Command).commands.find((c) => c.parse !== false);
  if (!command) return null;
  const words = [tool, ...command.path];
  for (const name of spelling.args) {
    const def = concept.args.find((a) => a.name === name);
    if (!def) continue; // an option taken positionally: the invocation sets no options
    if (def.example === undefined) {
      if (def.optional) continue;
      return null;
    }
    words.push(...(def.variadic || def.kind === 'command' ? lex(def.example).words : [def.example]));
  }
  return words;
}

/** Candidate invocations in order of preference: docker's spelling, every other tool's, then the table examples. */
export function candidateInvocations(tables: Tables, concept: Concept): (string | string[])[] {
  const tools = Object.keys(tables.tools);
  const order = tools.includes('docker') ? ['docker', ...tools.filter((t) => t !== 'docker')] : tools;
  const out: (string | string[])[] = [];
  for (const tool of order) {
    const words = constructedInvocation(concept, tool);
    if (words) out.push(words);
  }
  for (const ex of concept.examples) out.push(ex.in);
  return out;
}

/**
 * Runs `fn` with the IDs plans generate (ctr run's container ID, crictl's pod name) derived from the concept, so
 * the sheet is the same on every run (docs/cheatsheet.md is checked for staleness).
 */
export function withSheetIds<T>(conceptId: string, fn: () => T): T {
  let n = 0;
  // node:crypto (a few ms to load) only when the rows are computed, not when `sheet` reads the prebuilt ones.
  const { createHash } = builtin<typeof import('node:crypto')>('node:crypto');
  const previous = useIdSource((prefix) => `${prefix}-${createHash('sha256').update(`${conceptId}#${n++}`).digest('hex').slice(0, 8)}`);
  try {
    return fn();
  } finally {
    useIdSource(previous);
  }
}

/** The first candidate the pipeline reads back as this concept, translated to every tool (its own included). */
export function exampleTranslation(tables: Tables, concept: Concept): Translation | { problem: string } {
  const to = Object.keys(tables.tools).map((tool) => ({ tool }));
  let problem = 'the concept has no spelling with example arguments and no table example';
  for (const candidate of candidateInvocations(tables, concept)) {
    const shown = typeof candidate === 'string' ? candidate : quoteArgv(candidate);
    let t: Translation;
    try {
      t = withSheetIds(concept.id, () => translate(tables, candidate, { to }));
    } catch (e) {
      if (!(e instanceof CrossctlError)) throw e;
      problem = `${shown}: ${e.message}`;
      continue;
    }
    if (t.concept !== concept.id) {
      problem = `${shown} reads as ${t.concept ?? 'no concept'}`;
      continue;
    }
    if (t.results.find((r) => r.to === t.from)?.status === 'unsupported') {
      problem = `${shown} does not render back to ${t.from}`;
      continue;
    }
    return t;
  }
  return { problem };
}

/** One tool's cell from its translation result. */
export function cellOf(r: TargetResult): Cell {
  if (r.status === 'unsupported') {
    return { status: 'unsupported', command: null, note: r.reason ?? `${r.to} has no equivalent`, version: r.version, steps: [] };
  }
  // Files (here-documents) do not fit in a cell: show the steps and say what is written first.
  const command = planLines({ ...r, files: [] }).join(' && ');
  const notes = [...r.warnings];
  if (r.files.length) {
    const names = r.files.map((f) => f.name).join(', ');
    notes.push(`first writes ${names}: see crossctl translate for ${r.files.length > 1 ? 'their' : 'its'} content`);
  }
  return { status: r.status, command, note: notes.length ? notes.join('; ') : null, version: r.version, steps: r.steps.map((s) => s.argv) };
}

export function rowOf(tables: Tables, concept: Concept): Row {
  const t = exampleTranslation(tables, concept);
  const tools = Object.keys(tables.tools);
  const spelledBy = tools.filter((tool) => concept.tools[tool]?.kind === 'command');
  if ('problem' in t) {
    const note = `crossctl has no working example for ${concept.id}: ${t.problem}`;
    return {
      concept: concept.id,
      topic: concept.topic,
      summary: concept.summary,
      input: '',
      from: '',
      spelledBy,
      cells: Object.fromEntries(tools.map((tool) => [tool, { status: 'unsupported', command: null, note, version: tables.tools[tool]!.versions[0]!, steps: [] }])),
    };
  }
  return {
    concept: concept.id,
    topic: concept.topic,
    summary: concept.summary,
    input: quoteArgv(t.input),
    from: t.from,
    spelledBy,
    cells: Object.fromEntries(tools.map((tool) => [tool, cellOf(t.results.find((r) => r.to === tool)!)])),
  };
}

/** Every concept, grouped by topic in sheet order (concepts keep their order in the tables). */
export function buildSheet(tables: Tables): Sheet {
  const concepts = Object.values(tables.concepts);
  const known = new Set(tables.topics.map((t) => t.id));
  const topics: Topic[] = [...tables.topics];
  // A concept whose topic the tables do not list still appears, after the listed topics.
  for (const c of concepts) {
    if (!known.has(c.topic)) {
      known.add(c.topic);
      topics.push({ id: c.topic, title: c.topic, order: Number.MAX_SAFE_INTEGER });
    }
  }
  const rows = topics.flatMap((topic) => concepts.filter((c) => c.topic === topic.id).map((c) => rowOf(tables, c)));
  return { tools: Object.keys(tables.tools), topics: topics.filter((t) => rows.some((r) => r.topic === t.id)), rows };
}

export interface Selection {
  /** Topic ids to keep; all when empty. */
  topics?: string[];
  /** Keep the concepts this tool has, and put its column first. */
  tool?: string;
  /** Columns. */
  tools?: string[];
  /** Search over the rows left by the other criteria (e.g. searchRows). */
  search?: (rows: Row[]) => Row[];
}

/** A sheet narrowed to topics, a tool's concepts, some columns, search hits. */
export function selectSheet(sheet: Sheet, sel: Selection): Sheet {
  let rows = sheet.rows;
  if (sel.topics?.length) rows = rows.filter((r) => sel.topics!.includes(r.topic));
  if (sel.tool) rows = rows.filter((r) => r.spelledBy.includes(sel.tool!));
  if (sel.search) rows = sel.search(rows);
  let tools = sel.tools?.length ? sel.tools : sheet.tools;
  if (sel.tool) {
    const rest = sel.tools?.length ? sel.tools : sel.tool === 'docker' ? sheet.tools : ['docker'];
    tools = [sel.tool, ...rest.filter((t) => t !== sel.tool)];
  }
  tools = sheet.tools.filter((t) => tools.includes(t)).sort((a, b) => tools.indexOf(a) - tools.indexOf(b));
  return { tools, topics: sheet.topics.filter((t) => rows.some((r) => r.topic === t.id)), rows };
}
