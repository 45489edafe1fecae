// `translate --file`: rewrite every container CLI invocation of a shell script for another tool, keeping every
// other byte. The script is parsed by a real bash parser (./shell.ts); each simple command whose command word
// (after `sudo`, `env X=1`, `command`, …) is a known tool goes through the ordinary pipeline, and the source
// text of that command is replaced by the plan, spelt so that shell expansions stay live.
import { escapeRegex } from '../quote.js';
import { basename } from 'node:path';
import { CrossctlError, EXIT } from '../errors.js';
import { planLines } from '../output.js';
import { quoteWord } from '../quote.js';
import { commandTree, flagNames, loadSurface } from '../surface.js';
import type { TargetResult, Translation } from '../result.js';
import type { Tables } from '../tables.js';
import { translate, type Target } from '../translate.js';
import { parseShell, ShellSyntaxError, type Call, type Part, type Word } from './shell.js';

export interface RewriteOptions {
  /** The target tool (`nerdctl`) or tool and version. */
  to: string | Target;
  tables: Tables;
  /** The name used in messages (`deploy.sh`, `<stdin>`). */
  file?: string;
  /** Only rewrite invocations of this tool; every known tool but the target by default. */
  from?: string;
  namespace?: string;
  /** Put a `# crossctl: …` comment above each invocation left as it was. */
  annotate?: boolean;
  /** Replaces the translation pipeline (tests, callers with their own tables); may throw CrossctlError. */
  translator?: (argv: string[], from: string, to: Target) => Translation;
}

export interface Change {
  line: number;
  col: number;
  /** The source tool. */
  from: string;
  /** The replaced source text and its replacement. */
  old: string;
  new: string;
  status: 'exact' | 'partial';
  warnings: string[];
}

export interface Problem {
  line: number;
  col: number;
  /** The invocation, as written. */
  command: string;
  message: string;
}

/** A run of whole lines of the input and what they became, for diffs. */
export interface Region {
  /** 1-based first line in the input. */
  line: number;
  old: string[];
  new: string[];
}

export interface RewriteResult {
  output: string;
  changes: Change[];
  problems: Problem[];
  /** The changed lines, for a diff (computed on first use; not enumerable). */
  readonly regions: Region[];
}

/** Rewrites a whole script; throws CrossctlError (exit 2) on a bash syntax error. */
export function rewriteScript(text: string, opts: RewriteOptions): RewriteResult {
  const file = opts.file ?? 'script';
  const lines = new LineIndex(text);
  let script;
  try {
    const tools = opts.tables.tools;
    script = parseShell(text, file, (name) => Object.hasOwn(tools, name) || PREFIXES.has(name) || RUNNERS.has(name) || HIDING.has(name));
  } catch (e) {
    if (e instanceof ShellSyntaxError) {
      const { line, col } = lines.at(e.offset);
      throw new CrossctlError(`${file}:${line}:${col}: bash syntax error: ${e.message}`, EXIT.usage);
    }
    throw e;
  }
  return new Rewriter(text, opts, lines, script.heredocs, toolVariables(text, opts.tables)).run(script.calls);
}

/** Variables the script sets to a container CLI (`DOCKER=docker`, `export CLI=${CLI:-/usr/bin/podman}`), with the line. */
function toolVariables(text: string, tables: Tables): Map<string, { tool: string; line: number }> {
  const vars = new Map<string, { tool: string; line: number }>();
  const re = /^[ \t]*(?:(?:export|readonly|local|declare(?:[ \t]+-\w+)*)[ \t]+)?([A-Za-z_]\w*)=["']?(?:\$\{\w+:?[-=])?(?:[^\s"'}]*\/)?([a-z]+)["'}]*[ \t]*(?:[;#]|$)/gm;
  for (const m of text.matchAll(re)) {
    if (Object.hasOwn(tables.tools, m[2]!)) vars.set(m[1]!, { tool: m[2]!, line: text.slice(0, m.index).split('\n').length });
  }
  return vars;
}

// --- Positions -------------------------------------------------------------------------------------------------

class LineIndex {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  at(offset: number): { line: number; col: number } {
    const l = this.lineOf(offset);
    return { line: l + 1, col: offset - this.starts[l]! + 1 };
  }
  lineStart = (offset: number): number => this.starts[this.lineOf(offset)]!;
  lineEnd(offset: number): number {
    const e = this.text.indexOf('\n', offset);
    return e < 0 ? this.text.length : e;
  }
  indentOf(offset: number): string {
    const s = this.lineStart(offset);
    return /^[ \t]*/.exec(this.text.slice(s, s + 200))![0];
  }
}

// --- Words -----------------------------------------------------------------------------------------------------

/** A part of a word whose text is an expansion: its text is its value for translating, and stays live. */
interface Piece {
  /** The text as it appears in the word's value. */
  raw: string;
  /** The source text to emit (with any rewrites of commands inside it). */
  emit: string;
  /** Can go inside double quotes. */
  embeddable: boolean;
  /** `$NAME` without braces. */
  short: boolean;
}

interface WordInfo {
  value: string;
  /** The word's source text (with rewrites inside). */
  emit: string;
  pieces: Piece[];
}

const unescapeBare = (s: string): string => (!s.includes('\\') ? s : s.replace(/\\(\n|[\s\S])/g, (_, c: string) => (c === '\n' ? '' : c)));
const unescapeDouble = (s: string): string => s.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === '\n' ? '' : c));
const GLOB = /(^|[^\\])[*?[]|\{[^}]*(,|\.\.)[^}]*\}/;

// --- The rewriter ----------------------------------------------------------------------------------------------

interface Edit {
  start: number;
  end: number;
  text: string;
  /** Start of the command it rewrites: edits are made in decreasing order of it. */
  owner?: number;
  /** An annotation comment. */
  note?: boolean;
}

const PREFIXES = new Set(['sudo', 'doas', 'command', 'env', 'exec', 'nohup', 'nice', 'time', 'timeout']);
// Options of the prefix commands that take a value as the next word.
const PREFIX_VALUE_OPTS: Record<string, string[]> = {
  sudo: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '--user', '--group', '--host', '--prompt', '--chdir'],
  doas: ['-u', '-C'],
  env: ['-u', '-C', '-S', '--unset', '--chdir'],
  exec: ['-a'],
  nice: ['-n', '--adjustment'],
  timeout: ['-s', '-k', '--signal', '--kill-after'],
};

// Commands that run a command given as their own arguments: `xargs [opts] docker rm -f` (xargs appends its input)
// and `find … -exec docker rm {} \;`. The container command in them is translated when its translation is one
// command that takes the same place in them.
const RUNNERS = new Set(['xargs', 'find']);
// xargs options that take a value (glued or as the next word); -I, -i and --replace put the input in place of a
// string instead of appending it.
const XARGS_VALUE_SHORT = new Set(['a', 'd', 'E', 'I', 'L', 'n', 'P', 's']);
const XARGS_OPTIONAL_SHORT = new Set(['e', 'i', 'l']);
const XARGS_VALUE_LONG = new Set(['--arg-file', '--delimiter', '--eof', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--process-slot-var']);
// What stands for the items xargs appends while the command is translated: a container ID, as `docker ps -q`
// gives them.
const XARGS_ITEM = '0123456789ab';
// Commands that run a command line crossctl does not rewrite (a string for a shell, a remote host, a repeat):
// a container CLI named in their words is reported, never left silently.
const HIDING = new Set(['watch', 'eval', 'sh', 'bash', 'dash', 'zsh', 'ksh', 'su', 'ssh', 'parallel']);
const SHELL_RUNNERS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'su']);

interface Found {
  /** The container CLI's word, and the end of its words (exclusive), among the call's words. */
  index: number;
  end: number;
  tool: string;
  /** The command it runs inside: xargs appends words to it (unless -I), find -exec … + puts them at its `{}`. */
  runner?: { name: 'xargs' | 'find'; appends: boolean; lastBrace: boolean };
}

class Rewriter {
  private readonly edits: Edit[] = [];
  private readonly changes: Change[] = [];
  private readonly problems: Problem[] = [];
  private readonly annotations = new Map<number, string[]>();
  private readonly cache = new Map<string, Translation | CrossctlError>();
  private readonly target: Target;

  constructor(
    private readonly text: string,
    private readonly opts: RewriteOptions,
    private readonly lines: LineIndex,
    private readonly heredocs: { op: number; body: number }[],
    private readonly toolVars: Map<string, { tool: string; line: number }>,
  ) {
    this.target = typeof opts.to === 'string' ? { tool: opts.to } : opts.to;
  }

  run(calls: Call[]): RewriteResult {
    // Innermost and last first: a command substitution's rewrite is in place before the command around it is
    // rewritten, and that one takes it in with the source text of its words.
    const order = [...calls].sort((a, b) => b.start - a.start);
    for (const call of order) this.call(call);
    this.changes.reverse();
    this.problems.reverse();
    const top = this.topLevel();
    let regions: Region[] | undefined;
    const regionsOf = (): Region[] => (regions ??= this.regions(top));
    const result = { output: apply(this.text, top, 0, this.text.length), changes: this.changes, problems: this.problems } as RewriteResult;
    // Computed when asked for (--check), and left out of JSON.
    Object.defineProperty(result, 'regions', { get: regionsOf, enumerable: false });
    return result;
  }

  private src = (start: number, end: number): string => this.text.slice(start, end);

  /** Source text of a span with the rewrites made inside it so far. */
  private edited(start: number, end: number, withEnds = false): string {
    const inside: Edit[] = [];
    // Newest first; commands are rewritten from the end of the script backwards, so the edits of commands
    // starting at or after `end` (and everything older) are outside.
    for (let i = this.edits.length - 1; i >= 0; i--) {
      const e = this.edits[i]!;
      if (e.owner! >= end) break;
      const within = e.start === e.end ? (withEnds && !e.note ? e.start >= start && e.start <= end : e.start > start && e.start < end) : e.start >= start && e.end <= end;
      if (within) inside.push(e);
    }
    if (!inside.length) return this.src(start, end);
    return apply(this.text, maximal(inside), start, end);
  }

  private call(call: Call): void {
    const found = this.commandWord(call);
    if (!found) return this.hidden(call);
    const { index, tool, runner } = found;
    const words = call.args.slice(index, found.end);
    const infos = words.map((w) => this.wordInfo(w));
    const argv = infos.map((i) => i.value);
    const cmdStart = words[0]!.start;
    const command = this.src(cmdStart, words.at(-1)!.end);
    const fail = (message: string): void => this.problem(call, cmdStart, command, message);

    if (call.backquote && (call.backquote.depth > 1 || call.backquote.escapes || (call.backquote.inDouble && this.src(call.start, call.end).includes('"')))) {
      return fail('inside a `…` command substitution with backslashes, quotes or nesting: write it as $(…) to have it translated');
    }
    const t = this.translate(runner?.appends ? [...argv, XARGS_ITEM] : argv, tool);
    if (t instanceof CrossctlError) return fail(t.message);
    let r = t.results[0]!;
    if (r.status === 'unsupported') return fail(r.reason ?? `${r.to} has no equivalent`);
    if (runner) {
      const step = r.steps.length === 1 && !r.files.length ? r.steps[0]! : null;
      if (!step || step.when || step.unless || step.capture) return fail(`${runner.name} runs one command, and ${r.to} needs several steps for this one`);
      let out = step.argv;
      if (runner.appends) {
        if (out.at(-1) !== XARGS_ITEM || out.indexOf(XARGS_ITEM) !== out.length - 1) {
          return fail(`xargs appends its input to the command, and the ${r.to} command does not take it at its end`);
        }
        out = out.slice(0, -1);
      }
      if (runner.lastBrace && out.at(-1) !== '{}') return fail(`find -exec … + needs {} last, and the ${r.to} command moves it`);
      const items = (w: string): string => w.replaceAll(`'${XARGS_ITEM}'`, "xargs's input").replaceAll(XARGS_ITEM, "xargs's input");
      r = { ...r, steps: [{ ...step, argv: out }], warnings: r.warnings.map(items) };
    }

    // Words of the result spelt from the source where they came from it.
    const style = new WordStyle(infos);
    const lost = (): string | null => {
      const gone = style.lost().filter((p) => !r.warnings.some((w) => w.includes(p.raw)));
      return gone.length ? `the translation changes the shell expansion ${gone[0]!.emit}, which crossctl cannot keep live` : null;
    };
    const only = r.steps.length === 1 && !r.files.length ? r.steps[0]! : null;
    if (only && !only.when && !only.unless && !only.capture) {
      // One command: change only the words that differ, keeping the rest (spacing, continuations, redirections).
      const local = this.wordEdits(call, words, infos, keepClusters(only.argv, argv, r), style);
      const why = style.failure ?? lost();
      if (why) return fail(why);
      return this.record(call, tool, cmdStart, local, r, style);
    }
    const replStart = call.start;
    const lines = planLines(r, { word: style.word, prefix: this.edited(call.start, cmdStart) });
    const why = style.failure ?? lost();
    if (why) return fail(why);
    if (lines.length > 1 && call.args.slice(0, index).some((w) => this.src(w.start, w.end) === 'exec')) {
      return fail('exec before a command that becomes several steps');
    }

    // Redirections written among the words move behind the new command.
    const moved = call.stmt.redirects.filter((x) => x.start >= replStart && x.start < call.end);
    const tail = moved.map((x) => ` ${this.edited(x.start, x.end)}`).join('');
    let text: string;
    if (lines.length === 1) text = lines[0]! + tail;
    else {
      // Several lines: as lines of their own in a statement list, else grouped so that pipes, && and ||,
      // redirections, ! and & still apply to the whole.
      const s = call.stmt;
      const group = !s.listLevel || s.negated || s.background || s.redirects.length > 0;
      const newlines = r.files.length > 0 || (!group && this.beginsLine(s.start));
      if (newlines && (s.redirects.some((x) => x.heredoc) || this.heredocPendingAt(replStart))) {
        return fail('the plan needs several lines here, which would split a here-document');
      }
      if (group && s.redirects.some((x) => x.start < replStart)) return fail('a redirection before the command, and a plan of several steps');
      const body = newlines ? joinLines(lines, `\n${this.lines.indentOf(s.start)}`) : lines.join(group ? ' && ' : '; ');
      text = group ? `{ ${body}; }${tail}` : body;
    }
    this.record(call, tool, cmdStart, [{ start: replStart, end: call.end, text: this.escapeFor(call, text) }], r, style);
  }

  /** Inside `…`, backslashes and backquotes (and double quotes, in "`…`") of new text need a backslash. */
  private escapeFor(call: Call, text: string): string {
    if (!call.backquote) return text;
    return text.replace(call.backquote.inDouble ? /[\\`"]/g : /[\\`]/g, '\\$&');
  }

  private record(call: Call, tool: string, cmdStart: number, local: Edit[], r: TargetResult, style: WordStyle): void {
    if (!local.length) return;
    for (const e of local) e.owner = call.start;
    const start = Math.min(cmdStart, ...local.map((e) => e.start));
    const old = this.src(start, call.end);
    this.edits.push(...local);
    // Rewrites of commands inside this one only where it holds command substitutions.
    const nested = call.args.some((w) => w.hasSubst) || call.stmt.redirects.some((x) => x.start < call.end);
    const now = nested ? this.edited(start, call.end, true) : apply(this.text, [...local].sort((a, b) => a.start - b.start), start, call.end);
    if (old === now) {
      this.edits.splice(this.edits.length - local.length);
      return;
    }
    const { line, col } = this.lines.at(cmdStart);
    this.changes.push({ line, col, from: tool, old, new: now, status: r.status as Change['status'], warnings: [...r.warnings, ...style.warnings] });
  }

  /**
   * The edits that turn the source words into the target argv: a word-level diff (longest common subsequence
   * of values), so that words kept keep their source text and everything between them.
   */
  private wordEdits(call: Call, words: Word[], infos: WordInfo[], target: string[], style: WordStyle): Edit[] {
    const src = infos.map((i) => i.value);
    const n = src.length;
    const m = target.length;
    const pairs: [number, number][] = [];
    if (n === m && src.every((v, i) => i === 0 || v === target[i])) {
      // The usual case: only the tool's name changes.
      for (let i = 1; i < n; i++) pairs.push([i, i]);
    } else {
      const w = m + 1;
      const dp = new Int32Array((n + 1) * w);
      for (let i = n - 1; i >= 0; i--) {
        for (let j = m - 1; j >= 0; j--) dp[i * w + j] = src[i] === target[j] ? dp[(i + 1) * w + j + 1]! + 1 : Math.max(dp[(i + 1) * w + j]!, dp[i * w + j + 1]!);
      }
      for (let i = 0, j = 0; i < n && j < m; ) {
        if (src[i] === target[j]) {
          pairs.push([i, j]);
          i++;
          j++;
        } else if (dp[(i + 1) * w + j]! >= dp[i * w + j + 1]!) i++;
        else j++;
      }
    }
    pairs.push([n, m]);
    const edits: Edit[] = [];
    const spell = (w: string): string => style.word(w) ?? quoteWord(w);
    const movedIn = (start: number, end: number): string =>
      call.stmt.redirects
        .filter((x) => x.start >= start && x.start < end)
        .map((x) => ` ${this.edited(x.start, x.end)}`)
        .join('');
    let i = 0;
    let j = 0;
    for (const [mi, mj] of pairs) {
      if (mi < n) style.keep(infos[mi]!);
      if (i < mi || j < mj) {
        // The target's own name is a plain word; the others may come from the script.
        const text = target
          .slice(j, mj)
          .map((w, k) => (j + k === 0 ? quoteWord(w) : spell(w)))
          .join(' ');
        if (i < mi) {
          // Replaced words, or deleted ones (with the space before them, or after them at the start).
          let start = words[i]!.start;
          let end = words[mi - 1]!.end;
          if (!text) {
            if (i > 0) start = words[i - 1]!.end;
            else if (mi < n) end = words[mi]!.start;
          }
          edits.push({ start, end, text: this.escapeFor(call, text + movedIn(start, end)) });
        } else {
          const at = words[i - 1]!.end;
          edits.push({ start: at, end: at, text: this.escapeFor(call, ` ${text}`) });
        }
      }
      i = mi + 1;
      j = mj + 1;
    }
    return edits;
  }

  private problem(call: Call, at: number, command: string, message: string): void {
    const { line, col } = this.lines.at(at);
    const to = this.target.tool;
    this.problems.push({ line, col, command, message: `not translated to ${to}: ${message}` });
    if (!this.opts.annotate) return;
    const lineStart = this.lines.lineStart(call.anchor);
    const comment = `${this.lines.indentOf(call.anchor)}# crossctl: not translated to ${to}: ${message.replace(/\s*\n\s*/g, ' ')}\n`;
    // Already there from an earlier run, among the crossctl comments right above: not again.
    for (let at = lineStart; at > 0; ) {
      const prev = this.lines.lineStart(at - 1);
      const text = this.text.slice(prev, at);
      if (text === comment) return;
      if (!/^[ \t]*# crossctl: /.test(text)) break;
      at = prev;
    }
    const list = this.annotations.get(lineStart) ?? [];
    if (list.includes(comment)) return;
    list.push(comment);
    this.annotations.set(lineStart, list);
    // Kept as one insertion per line, the first comments first.
    const existing = this.edits.find((e) => e.note && e.start === lineStart);
    if (existing) existing.text = list.slice().reverse().join('');
    else this.edits.push({ start: lineStart, end: lineStart, text: comment, note: true, owner: call.start });
  }

  private translate(argv: string[], tool: string): Translation | CrossctlError {
    const key = argv.join('\0');
    let t = this.cache.get(key);
    if (!t) {
      try {
        const ns = this.opts.namespace !== undefined ? { namespace: this.opts.namespace } : {};
        t = this.opts.translator
          ? this.opts.translator(argv, tool, this.target)
          : translate(this.opts.tables, argv, { from: tool, to: [this.target], ...ns });
      } catch (e) {
        if (e instanceof CrossctlError) t = e;
        else t = new CrossctlError(`internal error: ${(e as Error)?.message ?? String(e)} (please report this)`, EXIT.untranslatable);
      }
      this.cache.set(key, t);
    }
    return t;
  }

  /** Finds the container CLI among the words: `docker …`, `sudo -E docker …`, `env X=1 /usr/bin/podman …`. */
  private commandWord(call: Call): Found | null {
    // Most commands are not container CLIs: decide from the first word's text when it is a bare literal.
    const first = call.args[0]!;
    if (first.parts.length === 1 && first.parts[0]!.kind === 'lit') {
      const name = basename(this.src(first.start, first.end));
      if (!PREFIXES.has(name) && !RUNNERS.has(name) && !Object.hasOwn(this.opts.tables.tools, name) && !name.includes('\\')) return null;
    }
    const plain = (w: Word | undefined): string | null => {
      if (!w) return null;
      const info = this.wordInfo(w);
      return info.pieces.length ? null : info.value;
    };
    let i = 0;
    let runner: Found['runner'];
    let end = call.args.length;
    for (let guard = 0; guard < 8; guard++) {
      const v = plain(call.args[i]);
      if (v === null) return null;
      const name = basename(v);
      if (i === 0 && name === 'xargs') {
        const at = this.xargsCommand(call, plain);
        if (!at) return null;
        i = at.index;
        runner = { name: 'xargs', appends: at.appends, lastBrace: false };
        continue;
      }
      if (i === 0 && name === 'find') {
        const at = this.findExecCommand(call, plain);
        if (!at) return null;
        ({ index: i, end } = at);
        runner = { name: 'find', appends: false, lastBrace: at.plus };
        continue;
      }
      if (PREFIXES.has(name)) {
        if (runner) return null;
        i++;
        const valueOpts = PREFIX_VALUE_OPTS[name] ?? [];
        for (;;) {
          const next = call.args[i];
          if (!next) return null;
          const raw = this.src(next.start, next.end);
          if (raw === '--') {
            i++;
            break;
          }
          if ((name === 'env' || name === 'sudo' || name === 'doas') && /^[A-Za-z_][A-Za-z0-9_]*=/.test(raw)) i++;
          else if (name === 'timeout' && !raw.startsWith('-')) {
            i++; // the duration
            break;
          } else if (raw.startsWith('-')) {
            if (name === 'command' && raw !== '-p') return null; // command -v docker: a look-up, not a run
            i += valueOpts.includes(raw) ? 2 : 1;
          } else break;
        }
        continue;
      }
      if (!Object.hasOwn(this.opts.tables.tools, name)) return null;
      if (!this.rewrites(name)) return null;
      return { index: i, end, tool: name, ...(runner ? { runner } : {}) };
    }
    return null;
  }

  /** Whether commands of this tool are to be rewritten: not the target's own, and only --from's when given. */
  private rewrites(tool: string): boolean {
    return tool !== this.target.tool && (this.opts.from === undefined || tool === this.opts.from);
  }

  /** The command word of `xargs [options] COMMAND …`, and whether xargs appends its input to it (no -I). */
  private xargsCommand(call: Call, plain: (w: Word | undefined) => string | null): { index: number; appends: boolean } | null {
    let appends = true;
    for (let i = 1; i < call.args.length; i++) {
      const a = plain(call.args[i]);
      if (a === null) return null;
      if (a === '--') return { index: i + 1, appends };
      if (!a.startsWith('-') || a === '-') return { index: i, appends };
      if (a.startsWith('--')) {
        const name = a.split('=')[0]!;
        if (name === '--replace') appends = false;
        else if (XARGS_VALUE_LONG.has(name) && !a.includes('=')) i++;
        continue;
      }
      // A cluster of short options; one that takes a value takes the rest of the word, or the next word.
      for (let k = 1; k < a.length; k++) {
        const c = a[k]!;
        if (c === 'I' || c === 'i') appends = false;
        if (XARGS_OPTIONAL_SHORT.has(c)) break;
        if (XARGS_VALUE_SHORT.has(c)) {
          if (k === a.length - 1) i++;
          break;
        }
      }
    }
    return null;
  }

  /** The command of `find … -exec COMMAND … ;` (or -execdir, -ok, -okdir, or `{} +`): its words' span. */
  private findExecCommand(call: Call, plain: (w: Word | undefined) => string | null): { index: number; end: number; plus: boolean } | null {
    const args = call.args.map((w) => plain(w));
    const exec = args.findIndex((a) => a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir');
    if (exec < 0 || exec + 1 >= args.length) return null;
    for (let j = exec + 1; j < args.length; j++) {
      if (args[j] === ';') return { index: exec + 1, end: j, plus: false };
      if (args[j] === '+' && args[j - 1] === '{}') return { index: exec + 1, end: j, plus: true };
    }
    return null;
  }

  /**
   * A command that is no container CLI but may run one where crossctl does not rewrite it: in a string for a
   * shell or eval, on another host, under watch, or through a variable the script set to one. Reported, so that
   * nothing is left as it was without a word.
   */
  private hidden(call: Call): void {
    const first = call.args[0]!;
    const head = this.src(first.start, first.end);
    const variable = /^"?\$\{?([A-Za-z_]\w*)\}?"?$/.exec(head)?.[1];
    const set = variable === undefined ? undefined : this.toolVars.get(variable);
    if (set && this.rewrites(set.tool)) {
      return this.problem(call, call.start, this.src(call.start, call.end), `$${variable} is ${set.tool} (set at line ${set.line}), and crossctl does not follow variables: write the ${set.tool} command out, or translate it by hand`);
    }
    const name = basename(head);
    if (!HIDING.has(name) && !RUNNERS.has(name)) return;
    // A shell or su runs the string after -c; its other words are a script's name and arguments.
    const shell = SHELL_RUNNERS.has(name);
    const mention = new RegExp(`(?:^|[\\s;&|(\`])(?:[^\\s;&|(\`]*/)?(${Object.keys(this.opts.tables.tools).map(escapeRegex).join('|')})(?=[\\s;&|)\`]|$)`);
    for (const [k, w] of call.args.entries()) {
      if (k === 0 || (shell && !/^-\w*c$|^--command$/.test(this.wordInfo(call.args[k - 1]!).value))) continue;
      const tool = mention.exec(this.wordInfo(w).value)?.[1];
      if (tool && this.rewrites(tool)) {
        const where = RUNNERS.has(name) ? `${name}` : `${name}, whose command line crossctl does not rewrite`;
        return this.problem(call, call.start, this.src(call.start, call.end), `${tool} runs inside ${where}: translate it by hand`);
      }
    }
  }

  private readonly infoCache = new Map<Word, WordInfo>();

  private wordInfo(w: Word): WordInfo {
    const cached = this.infoCache.get(w);
    if (cached) return cached;
    let value = '';
    const pieces: Piece[] = [];
    const opaque = (p: Part, embeddable: boolean): void => {
      const raw = this.src(p.start, p.end);
      value += raw;
      const short = p.kind === 'exp' && p.short;
      pieces.push({ raw, emit: 'subst' in p && p.subst ? this.edited(p.start, p.end) : raw, embeddable, short });
    };
    w.parts.forEach((p, n) => {
      switch (p.kind) {
        case 'lit': {
          const raw = this.src(p.start, p.end);
          const v = unescapeBare(raw);
          if (GLOB.test(raw) || (n === 0 && raw.startsWith('~'))) {
            value += v;
            pieces.push({ raw: v, emit: raw, embeddable: false, short: false });
          } else value += v;
          break;
        }
        case 'sgl':
          if (p.dollar) opaque(p, false);
          else value += this.src(p.start + 1, p.end - 1);
          break;
        case 'dbl':
          if (p.dollar) {
            opaque(p, false);
            break;
          }
          for (const q of p.parts) {
            if (q.kind === 'lit') value += unescapeDouble(this.src(q.start, q.end));
            else opaque(q, q.kind === 'exp');
          }
          break;
        case 'exp':
          opaque(p, true);
          break;
        case 'opaque':
          opaque(p, false);
          break;
      }
    });
    const info = { value, emit: w.hasSubst ? this.edited(w.start, w.end) : this.src(w.start, w.end), pieces };
    // Words holding command substitutions are read again later, when their inner rewrites are known.
    if (!w.hasSubst) this.infoCache.set(w, info);
    return info;
  }

  private beginsLine(offset: number): boolean {
    const before = this.text.slice(this.lines.lineStart(offset), offset);
    return /^[ \t]*$/.test(before);
  }

  /** A here-document whose operator is on this line before the offset: its body starts on the next line. */
  private heredocPendingAt(offset: number): boolean {
    const ls = this.lines.lineStart(offset);
    return this.heredocs.some((h) => h.op >= ls && h.op < offset && h.body > offset);
  }

  /** The edits not inside another, with the annotation insertions; in order. */
  private topLevel(): Edit[] {
    return maximal(this.edits);
  }

  private regions(top: Edit[]): Region[] {
    const regions: Region[] = [];
    let cur: { first: number; last: number; edits: Edit[] } | null = null;
    const flush = (): void => {
      if (!cur) return;
      const start = this.lines.starts[cur.first]!;
      const endLine = cur.last;
      const end = this.lines.lineEnd(this.lines.starts[endLine]!);
      const oldText = this.text.slice(start, end);
      const newText = apply(this.text, cur.edits, start, end);
      regions.push({ line: cur.first + 1, old: oldText.split('\n'), new: newText.split('\n') });
      cur = null;
    };
    for (const e of top) {
      const first = this.lines.lineOf(e.start);
      const last = e.end > e.start ? this.lines.lineOf(e.end - 1) : first;
      if (cur && first <= cur.last + 1) {
        cur.last = Math.max(cur.last, last);
        cur.edits.push(e);
      } else {
        flush();
        cur = { first, last, edits: [e] };
      }
    }
    flush();
    return regions;
  }
}

const CLUSTER = /^-[A-Za-z0-9]{2,}$/;
const SHORT = /^-[A-Za-z0-9]$/;

/**
 * `-it` in the script came out as `-i -t`: where the target reads combined short flags in that command, put
 * the script's spelling back, so that the word stays as it was.
 */
function keepClusters(target: string[], source: string[], r: TargetResult): string[] {
  const clusters = source.filter((w) => CLUSTER.test(w));
  if (!clusters.length || !target.some((w) => SHORT.test(w))) return target;
  const takesValue = shortFlagsOf(target, r);
  if (!takesValue) return target;
  const out = [...target];
  for (const c of clusters) {
    const letters = [...c.slice(1)];
    for (let i = 0; i + letters.length <= out.length; i++) {
      const run = out.slice(i, i + letters.length);
      if (!run.every((w) => SHORT.test(w))) continue;
      const got = run.map((w) => w[1]!);
      // The same letters in any order, as long as only the last one may take a value, in both.
      const valued = (l: string[]): boolean => l.slice(0, -1).some((x) => takesValue(x) !== false) || takesValue(l.at(-1)!) === undefined;
      if ([...got].sort().join('') !== [...letters].sort().join('') || valued(got) || valued(letters)) continue;
      if (takesValue(got.at(-1)!) && got.at(-1) !== letters.at(-1)) continue;
      out.splice(i, letters.length, c);
      break;
    }
  }
  return out;
}

/**
 * For the target's command, when it reads combined short flags: letter → whether that flag takes a value
 * (undefined for an unknown letter). Null when it does not combine, or its surface is unknown.
 */
function shortFlagsOf(target: string[], r: TargetResult): ((letter: string) => boolean | undefined) | null {
  let surface;
  try {
    surface = loadSurface(r.to, r.version);
  } catch {
    return null;
  }
  const parsing = surface.parsing;
  if (!parsing.combinedShort) return null;
  const firstFlag = target.findIndex((w, i) => i > 0 && w.startsWith('-'));
  const path = target.slice(1, firstFlag < 0 ? target.length : firstFlag);
  if ((parsing.combinedShortExceptions ?? []).some((e) => e.length > 0 && e.every((x, i) => path[i] === x))) return null;
  let cmd;
  for (let n = path.length; n > 0 && !cmd; n--) cmd = commandTree(surface).bySpelling.get(path.slice(0, n).join(' '));
  if (!cmd) return null;
  const flags = [...cmd.flags, ...surface.globals];
  return (letter) => {
    const f = flags.find((x) => flagNames(x).includes(letter) || flagNames(x).includes(`-${letter}`));
    return f ? f.value !== undefined : undefined;
  };
}

/** The edits that no other edit contains, sorted; insertions before replacements at the same offset. */
function maximal(edits: Edit[]): Edit[] {
  // Longer replacements first among equal starts, so the outer one wins; insertions (length 0) before both.
  const sorted = [...edits].sort((a, b) => {
    if (a.start !== b.start) return a.start - b.start;
    const la = a.end - a.start;
    const lb = b.end - b.start;
    if (la === 0 || lb === 0) return la - lb;
    return lb - la;
  });
  const out: Edit[] = [];
  let coverEnd = -1;
  let coverStart = -1;
  for (const e of sorted) {
    const inside = e.start === e.end ? e.start > coverStart && e.start < coverEnd : e.start >= coverStart && e.end <= coverEnd && coverEnd > coverStart;
    if (inside) continue;
    out.push(e);
    if (e.end > e.start && e.end > coverEnd) {
      coverStart = e.start;
      coverEnd = e.end;
    }
  }
  return out;
}

function apply(text: string, edits: Edit[], start: number, end: number): string {
  let out = '';
  let at = start;
  for (const e of edits) {
    if (e.start < at) continue;
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at, end);
}

/** Joins plan lines with a separator, leaving here-document bodies and their terminators unindented. */
function joinLines(lines: string[], sep: string): string {
  let out = '';
  let delim: string | null = null;
  lines.forEach((l, i) => {
    if (i > 0) out += delim !== null ? '\n' : sep;
    out += l;
    if (delim !== null) {
      if (l === delim) delim = null;
    } else {
      const m = /<<'([A-Za-z_][A-Za-z0-9_]*)'$/.exec(l);
      if (m) delim = m[1]!;
    }
  });
  return out;
}

/** Spells the words of a translated command: a word that came from the script keeps its source text. */
class WordStyle {
  failure: string | null = null;
  readonly warnings: string[] = [];
  private exact: Map<string, WordInfo> | undefined;
  /** Expansions, longest first, with their text as a regular expression escapes it. */
  private pieces: (Piece & { esc: string })[] = [];
  private readonly used = new Set<string>();

  constructor(private readonly infos: WordInfo[]) {}

  /** Built on first use: most commands keep all their words. */
  private index(): Map<string, WordInfo> {
    if (this.exact) return this.exact;
    this.exact = new Map();
    for (const i of this.infos) if (!this.exact.has(i.value)) this.exact.set(i.value, i);
    const all = new Map<string, Piece & { esc: string }>();
    for (const i of this.infos) for (const p of i.pieces) if (!all.has(p.raw)) all.set(p.raw, { ...p, esc: escapeRegex(p.raw) });
    this.pieces = [...all.values()].sort((a, b) => b.raw.length - a.raw.length);
    return this.exact;
  }

  readonly word = (w: string): string | null => {
    const same = this.index().get(w);
    if (same) {
      for (const p of same.pieces) this.used.add(p.raw);
      return same.emit;
    }
    if (!this.pieces.some((p) => w.includes(p.raw) || w.includes(p.esc))) return null;
    let out = '"';
    let live = false;
    let regex = false;
    for (let i = 0; i < w.length; ) {
      let hit: { piece: Piece; len: number; escaped: boolean } | null = null;
      for (const piece of this.pieces) {
        if (w.startsWith(piece.raw, i)) hit = { piece, len: piece.raw.length, escaped: false };
        else if (piece.esc !== piece.raw && w.startsWith(piece.esc, i)) hit = { piece, len: piece.esc.length, escaped: true };
        if (hit) break;
      }
      if (hit) {
        const { piece } = hit;
        if (!piece.embeddable) {
          this.failure ??= `the shell word part ${piece.emit} would have to go inside the longer word '${w}'`;
          return null;
        }
        let e = piece.emit;
        if (piece.short && /^[A-Za-z0-9_]/.test(w.slice(i + hit.len))) e = `\${${e.slice(1)}}`;
        out += e;
        i += hit.len;
        live = true;
        regex ||= hit.escaped;
        this.used.add(piece.raw);
        continue;
      }
      const c = w[i]!;
      out += '$`"\\'.includes(c) ? `\\${c}` : c;
      i++;
    }
    if (!live) return null;
    out += '"';
    // Split off a longer source word unchanged (--filter=name=$X → name=$X): nothing to check.
    if (!regex && this.infos.some((i) => i.value.includes(w))) return out;
    this.warnings.push(
      regex
        ? `the shell expansion in ${out} is used as a regular expression: its value is not escaped at run time`
        : `the shell expansion in ${out} was translated by its text, not its value: check it suits the value it will have`,
    );
    return out;
  };

  /** A source word kept as it is. */
  keep(info: WordInfo): void {
    for (const p of info.pieces) this.used.add(p.raw);
  }

  /** Expansions of the source that appear nowhere in the result. */
  lost(): Piece[] {
    return this.infos.flatMap((i) => i.pieces).filter((p) => !this.used.has(p.raw));
  }
}
