import { lazy, lazyRecord, readJson } from './lazy.js';
import { own } from './own.js';
import { distDir } from './paths.js';

/** A flag as a table names it: long name and optional single-letter alias, both without dashes. */
export interface FlagRef {
  long: string;
  short?: string;
}

export type OptionType = 'bool' | 'string' | 'int' | 'duration' | 'list' | 'filter';

export interface KeySpelling extends FlagRef {
  values?: Record<string, string>;
  anchor?: boolean;
}

export type OptionSpelling =
  | {
      kind: 'flag';
      flag: FlagRef;
      /** Canonical value → this tool's value; null: the tool cannot express that value. */
      values?: Record<string, string | null>;
      default?: string;
      transform?: 'image-ref' | 'seconds' | 'signal' | 'bytes' | 'capability';
      /** Filter keys spelt as their own flags; null marks a key the tool cannot filter on. */
      keys?: Record<string, KeySpelling | null>;
      since?: string;
      note?: string;
      /** Why values outside `values` cannot be spelt: set, the mapping is closed (crictl -o takes json|yaml|table only). */
      unmapped?: string;
      /** A bool option spelt by a flag whose presence means false (docker stats --no-stream, ctr tasks start -d). */
      negate?: boolean;
      /** Other flags of the tool that mean the same option (docker run --net): read when parsing, never written. */
      accepts?: FlagRef[];
      /** Other options that the tool refuses together with this one: option → why. When the user sets both, this
       * option is dropped with the reason as a warning (nerdctl run refuses --rm with -d). */
      conflicts?: Record<string, string>;
      /** Versions of the tool that have the flag, when not all do. */
      versions?: string[];
    }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'implicit'; reason: string; /** The value this behaviour amounts to, for targets when the tool is the source. */ value?: string | boolean }
  /** The tool spelling's plan expresses the option (ctr's --mount for -v, generated IDs …). */
  | { kind: 'planned'; how: string }
  /** Taken as an argument; `default` is passed when the user gave no value (the tool requires the argument). */
  | { kind: 'positional'; default?: string };

export interface CommandSpelling {
  path: string[];
  implies?: Record<string, string | boolean>;
  /** false: used when rendering only; parsing this command finds another concept (crictl stop for container.kill). */
  parse?: boolean;
  /** Versions of the tool that have the command, when not all do. */
  versions?: string[];
}

export type ToolSpelling =
  | { kind: 'unsupported'; reason: string }
  | {
      kind: 'command';
      commands: CommandSpelling[];
      args: string[];
      options: Record<string, OptionSpelling>;
      note?: string;
      plan?: string;
      since?: string;
      /** The tool's command takes one value of this (variadic) argument: one command per value. */
      each?: string;
      /** Arguments the tool's command cannot do without: the translation is unsupported when they are absent. */
      requires?: string[];
    };

export interface CanonicalArg {
  name: string;
  kind?: string;
  variadic?: boolean;
  optional?: boolean;
  summary?: string;
  example?: string;
}

export interface CanonicalOption {
  type: OptionType;
  summary: string;
  default?: string;
  example?: string;
}

export interface Example {
  in: string;
  out: Record<string, { command?: string; status?: 'exact' | 'partial' | 'unsupported'; warning?: string }>;
  /** Where the example is written, for test names. */
  at: string;
}

export interface Concept {
  id: string;
  topic: string;
  summary: string;
  args: CanonicalArg[];
  options: Record<string, CanonicalOption>;
  tools: Record<string, ToolSpelling>;
  examples: Example[];
  at: string;
}

export type GlobalSpelling = { kind: 'flag'; flag: FlagRef; endpoint?: string } | { kind: 'unsupported'; reason: string };

export interface ToolInfo {
  name: string;
  title: string;
  versions: string[];
  imageRefs: 'short' | 'qualified' | 'fully-qualified';
  containerRefs: 'name-or-id' | 'id';
  containerIdIsName?: boolean;
  podRefs?: 'name-or-id' | 'id';
  defaultNamespace?: string;
  fixedNamespace?: string;
  stopAtFirstPositional?: string[][];
  install: string;
  lookup?: Record<string, string[]>;
  /** Commands that are plugins outside the tool's surface (docker compose): word → what they are, what to use. */
  plugins?: Record<string, string>;
  globals: Record<string, GlobalSpelling>;
}

export interface Topic {
  id: string;
  title: string;
  order: number;
}

export interface Tables {
  tools: Record<string, ToolInfo>;
  topics: Topic[];
  concepts: Record<string, Concept>;
  /** tool → command path joined by spaces → concept ids spelt by it. */
  index: Record<string, Record<string, string[]>>;
}

let builtin: Tables | undefined;
let active: Tables | undefined;

/**
 * The tables compiled by the build (dist/tables/): index.json holds the tools, topics and concept ids; each tool's
 * command index, each concept, each concept's spelling for each tool and its examples are files of their own,
 * read the first time they are used. A translation to one tool reads the source tool's index, one concept and two
 * of its spellings: the whole tables are several hundred kilobytes of JSON, a large part of crossctl's start-up.
 */
export function builtinTables(): Tables {
  if (builtin) return builtin;
  const dir = `${distDir()}/tables`;
  const head = readJson<Omit<Tables, 'concepts' | 'index'> & { conceptIds: string[] }>(`${dir}/index.json`);
  const index: Tables['index'] = {};
  for (const tool of Object.keys(head.tools)) lazy(index, tool, () => readJson(`${dir}/index/${tool}.json`));
  const concepts = lazyRecord(head.conceptIds, (id) => readConcept(`${dir}/concepts/${id}`));
  builtin = { tools: head.tools, topics: head.topics, index, concepts };
  return builtin;
}

/** A concept as the build writes it: `<id>.json` with the names of its tools, `<id>/<tool>.json`, `<id>/examples.json`. */
function readConcept(base: string): Concept {
  const core = readJson<Omit<Concept, 'tools' | 'examples'> & { tools: string[] }>(`${base}.json`);
  const tools: Record<string, ToolSpelling> = {};
  for (const tool of core.tools) lazy(tools, tool, () => readJson(`${base}/${tool}.json`));
  const concept = { ...core, tools } as Concept;
  lazy(concept, 'examples', () => readJson(`${base}/examples.json`));
  return concept;
}

/** For the build: the files builtinTables reads, by path under dist/tables/. */
export function splitTables(tables: Tables): Map<string, unknown> {
  const { concepts, index, ...rest } = tables;
  const files = new Map<string, unknown>([['index.json', { ...rest, conceptIds: Object.keys(concepts) }]]);
  for (const tool of Object.keys(tables.tools)) files.set(`index/${tool}.json`, own(index, tool) ?? {});
  for (const [id, { tools, examples, ...core }] of Object.entries(concepts)) {
    files.set(`concepts/${id}.json`, { ...core, tools: Object.keys(tools) });
    for (const [tool, spelling] of Object.entries(tools)) files.set(`concepts/${id}/${tool}.json`, spelling);
    files.set(`concepts/${id}/examples.json`, examples);
  }
  return files;
}

/**
 * The tables as plain data, every part read: structuredClone refuses the Proxy of the concepts (lazyRecord); the
 * lazy properties elsewhere it reads like any other.
 */
export const plainTables = (t: Tables): Tables => ({ ...t, concepts: { ...t.concepts } });

/** The tables in use: the built-in ones, or what useTables set (user tables merged in). */
export function loadTables(): Tables {
  return active ?? builtinTables();
}

/** Whether the built-in tables are in use (no user tables). */
export const usingBuiltinTables = (): boolean => active === undefined;

/** Replaces the loaded tables, e.g. with user tables merged in; undefined goes back to the built-in ones. */
export function useTables(tables: Tables | undefined): void {
  active = tables;
}

export const toolNames = (t: Tables): string[] => Object.keys(t.tools);
