import { basename } from 'node:path';
import { CrossctlError, EXIT, usageError } from './errors.js';
import { findConcept, toIntent } from './intent.js';
import { lex } from './lex.js';
import { parse } from './parse.js';
import { render, type RenderOptions } from './render.js';
import type { TargetResult, Translation } from './result.js';
import { didYouMean } from './suggest.js';
import type { Tables } from './tables.js';
import { own } from './own.js';

export interface Target {
  tool: string;
  version?: string;
}

export interface TranslateOptions {
  from?: string;
  /** Targets; every tool but the source when absent. */
  to?: Target[];
  namespace?: string;
}

/** Resolves `--to nerdctl,ctr@1.6` (or `all`) into targets; versions match by prefix. */
export function parseTargets(tables: Tables, spec: string): Target[] | undefined {
  if (spec === 'all') return undefined;
  return spec.split(',').map((part) => {
    const [tool, version] = part.trim().split('@') as [string, string | undefined];
    const info = own(tables.tools, tool);
    if (!info) throw usageError(`unknown tool '${tool}' in --to${didYouMean(tool, Object.keys(tables.tools))}; tools are ${Object.keys(tables.tools).join(', ')}`);
    if (version === undefined) return { tool };
    const v = info.versions.find((x) => x === version || x.startsWith(`${version}.`));
    if (!v) throw usageError(`unknown ${tool} version '${version}'; crossctl knows ${info.versions.join(', ')}`);
    return { tool, version: v };
  });
}

export function sourceTool(tables: Tables, argv: string[], from?: string): string {
  const first = argv[0];
  if (first === undefined) throw usageError('empty command: give one, e.g. crossctl translate -- docker ps -a');
  const name = basename(first);
  if (from !== undefined) {
    if (!own(tables.tools, from)) throw usageError(`unknown tool '${from}' in --from${didYouMean(from, Object.keys(tables.tools))}`);
    if (name !== from) throw usageError(`the command starts with '${first}', not ${from}: write it as '${from} …'`);
    return from;
  }
  if (!own(tables.tools, name)) {
    throw usageError(`'${first}' is not a container CLI crossctl knows${didYouMean(name, Object.keys(tables.tools))}; start the command with one of ${Object.keys(tables.tools).join(', ')}`);
  }
  return name;
}

/** The whole pipeline for one command: lex → parse → intent → render for each target. */
export function translate(tables: Tables, input: string | string[], opts: TranslateOptions = {}): Translation {
  const { words: argv, expansions } = typeof input === 'string' ? lexCommand(input) : { words: input, expansions: [] };
  const shell = expansions.length ? { expansions } : {};
  const from = sourceTool(tables, argv, opts.from);
  const tool = tables.tools[from]!;
  const normalized = [from, ...argv.slice(1)];
  const targets: Target[] = opts.to ?? Object.keys(tables.tools).filter((t) => t !== from).map((t) => ({ tool: t }));
  let parsed;
  let concept;
  try {
    // A command of the tool that crossctl cannot translate (a plugin, a command no concept spells) is a result
    // for every target, not an error.
    parsed = parse(normalized, tool);
    concept = findConcept(tables, parsed);
  } catch (e) {
    if (!(e instanceof CrossctlError) || e.exitCode !== EXIT.untranslatable) throw e;
    return {
      from,
      input: argv,
      ...shell,
      concept: null,
      results: targets.map(({ tool: to, version }) => ({
        to,
        version: version ?? tables.tools[to]!.versions[0]!,
        status: 'unsupported',
        steps: [],
        files: [],
        warnings: [],
        reason: e.message,
      })),
    };
  }
  const intent = toIntent(tables, parsed, concept);
  const results: TargetResult[] = targets.map(({ tool: to, version }) => {
    const ro: RenderOptions = {};
    if (version) ro.version = version;
    if (opts.namespace !== undefined) ro.namespace = opts.namespace;
    return render(tables, intent, to, ro);
  });
  return { from, input: argv, ...shell, concept: concept.id, results };
}

function lexCommand(line: string): { words: string[]; expansions: string[] } {
  const { words, redirects, expansions } = lex(line);
  if (redirects.length) {
    throw usageError(`redirection '${redirects[0]!.op}${redirects[0]!.target}' is shell syntax, not part of the command: translate scripts with --file`);
  }
  if (!words.length) throw usageError('empty command: give one, e.g. crossctl translate "docker ps -a"');
  return { words, expansions };
}

/** 0 when any target could express it, 1 when none could. */
export const exitCodeOf = (t: Translation): number => (t.results.some((r) => r.status !== 'unsupported') ? EXIT.ok : EXIT.untranslatable);
