import { readFileSync } from 'node:fs';
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
      values?: Record<string, string>;
      default?: string;
      transform?: 'image-ref' | 'seconds' | 'signal' | 'bytes';
      /** Filter keys spelt as their own flags; null marks a key the tool cannot filter on. */
      keys?: Record<string, KeySpelling | null>;
      since?: string;
      note?: string;
      /** Versions of the tool that have the flag, when not all do. */
      versions?: string[];
    }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'implicit'; reason: string }
  | { kind: 'positional' };

export interface CommandSpelling {
  path: string[];
  implies?: Record<string, string | boolean>;
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

/** The tables compiled into dist/tables.json by the build. */
export function builtinTables(): Tables {
  builtin ??= JSON.parse(readFileSync(`${distDir()}/tables.json`, 'utf8')) as Tables;
  return builtin;
}

/** The tables in use: the built-in ones, or what useTables set (user tables merged in). */
export function loadTables(): Tables {
  return active ?? builtinTables();
}

/** Replaces the loaded tables, e.g. with user tables merged in; undefined goes back to the built-in ones. */
export function useTables(tables: Tables | undefined): void {
  active = tables;
}

export const toolNames = (t: Tables): string[] => Object.keys(t.tools);
