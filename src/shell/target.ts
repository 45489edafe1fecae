// Options shared by init, --shim and alias: the source and target tools, the function name, the namespace.
import { usageError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import type { Tables } from '../tables.js';
import { which } from './self.js';

export interface Target {
  tool: string;
  /** Pinned with TOOL@VERSION: the fast path is checked against that version only, and --exec is told it. */
  version?: string;
  /** As given to `crossctl translate --to`. */
  spec: string;
}

/** Targets tried, in order, when --to is not given: the first one installed here. */
export const DEFAULT_TARGETS = ['nerdctl', 'podman', 'crictl', 'ctr'];

export function sourceOf(tables: Tables, from: string | undefined): string {
  const tool = from ?? 'docker';
  if (!tables.tools[tool]) throw usageError(`unknown tool '${tool}' in --from${didYouMean(tool, Object.keys(tables.tools))}; tools are ${Object.keys(tables.tools).join(', ')}`);
  return tool;
}

export function targetOf(tables: Tables, spec: string | undefined, from: string): Target {
  if (spec === undefined) {
    const found = DEFAULT_TARGETS.find((t) => t !== from && which(t));
    if (!found) throw usageError(`give --to TOOL: none of ${DEFAULT_TARGETS.join(', ')} is on PATH here`);
    return { tool: found, spec: found };
  }
  if (spec.includes(',')) throw usageError(`--to takes one tool here, not a list: '${spec}'`);
  const [tool, version] = spec.trim().split('@') as [string, string | undefined];
  const info = tables.tools[tool];
  if (!info) throw usageError(`unknown tool '${tool}' in --to${didYouMean(tool, Object.keys(tables.tools))}; tools are ${Object.keys(tables.tools).join(', ')}`);
  if (tool === from) throw usageError(`--from ${from} --to ${tool}: a ${from} that calls ${tool} would call itself; pick another target`);
  if (version === undefined) return { tool, spec: tool };
  const v = info.versions.find((x) => x === version || x.startsWith(`${version}.`));
  if (!v) throw usageError(`unknown ${tool} version '${version}'; crossctl knows ${info.versions.join(', ')}`);
  return { tool, version: v, spec: `${tool}@${version}` };
}

// Words the generated code itself relies on (a function named `command` would catch its own calls), and shell
// keywords: never a function name.
const RESERVED = new Set([
  'command', 'builtin', 'function', 'exec', 'eval', 'unalias', 'abbr', 'functions', 'switch', 'case', 'esac', 'end',
  'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'in', 'select', 'time', 'begin', 'not',
  'and', 'or', 'return', 'set', 'export', 'local', 'alias', 'source', 'test', 'echo', 'printf', 'sh', 'node', 'crossctl',
]);

/** The function or shim name: a plain word every shell accepts as a function and file name. */
export function commandName(name: string | undefined, from: string): string {
  const n = name ?? from;
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(n)) throw usageError(`--cmd '${n}': use letters, digits, '_' and '-' (starting with a letter or '_')`);
  if (RESERVED.has(n)) throw usageError(`--cmd '${n}': the generated code needs ${n} itself; pick another name`);
  return n;
}

/** `--namespace` / `--k8s` as the target's global flag words for the fast path (none where the target's namespace is fixed). */
export function namespaceWords(tables: Tables, tool: string, namespace: string | undefined): string[] {
  if (namespace === undefined) return [];
  const info = tables.tools[tool]!;
  const g = info.globals.namespace;
  if (g?.kind === 'flag') return [`--${g.flag.long}`, namespace];
  if (info.fixedNamespace === namespace) return [];
  throw usageError(`--namespace ${namespace}: ${g?.kind === 'unsupported' ? g.reason : `${tool} has no namespaces`}`);
}
