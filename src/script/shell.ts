// Bash parsing for `translate --file`, on mvdan/sh (the parser behind shfmt) in its GopherJS build `mvdan-sh`.
//
// The package's public API wraps every node in a JavaScript proxy built on each property access, which costs
// seconds on a 10,000-line script (syntax.Walk alone takes 2.5 s there). So this module walks the Go values
// underneath (`__internal_object__`): structs are plain objects with the Go field names, slices are
// `{$array, $offset, $length}`, and node methods (Pos, End) work on them. That relies on the GopherJS object
// layout, which is why the dependency is pinned to one version; test/script.test.ts covers every node kind
// used here. Everything outside this file sees only the plain types below, with offsets in UTF-16 code units
// of the script text (mvdan/sh counts UTF-8 bytes).
import { createRequire } from 'node:module';

/** A piece of a word, in source order. */
export type Part =
  /** Unquoted literal text (backslash escapes not yet removed). */
  | { kind: 'lit'; start: number; end: number }
  /** '…', or $'…' when dollar. */
  | { kind: 'sgl'; start: number; end: number; dollar: boolean }
  /** "…" (its parts are lit, meaning double-quoted literal text, and exp), or $"…" when dollar. */
  | { kind: 'dbl'; start: number; end: number; dollar: boolean; parts: Part[] }
  /** $NAME, ${…}, $(…), `…`, $((…)): an expansion that stays valid inside double quotes. */
  | { kind: 'exp'; start: number; end: number; short: boolean; subst: boolean }
  /** <(…), extended globs, brace expansions: expansions that cannot be moved into double quotes. */
  | { kind: 'opaque'; start: number; end: number; subst: boolean };

export interface Word {
  start: number;
  end: number;
  parts: Part[];
  /** Holds a command substitution (whose commands may be rewritten too). */
  hasSubst: boolean;
}

export interface Span {
  start: number;
  end: number;
}

export interface Redirect extends Span {
  heredoc: boolean;
}

/** A simple command (`X=1 sudo docker ps -a >out`) and the statement around it. */
export interface Call {
  start: number;
  end: number;
  assigns: Span[];
  args: Word[];
  stmt: {
    start: number;
    end: number;
    /** An element of a statement list (script, block, if/while/for/case body, $(…)): may become several lines. */
    listLevel: boolean;
    negated: boolean;
    background: boolean;
    redirects: Redirect[];
  };
  /** Start of the innermost list-level statement around the command that begins its own line. */
  anchor: number;
  /** Inside `…` command substitutions: how deep, whether the innermost is in double quotes, whether its text holds backslashes. */
  backquote: { depth: number; inDouble: boolean; escapes: boolean } | null;
}

export interface ShellScript {
  calls: Call[];
  /** Offsets of here-document operators (`<<EOF`), and where each body starts. */
  heredocs: { op: number; body: number }[];
}

export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

// --- GopherJS value access -------------------------------------------------------------------------------------

/* eslint-disable @typescript-eslint/no-explicit-any */
type Go = any;

const KIND_SLICE = 23;

interface Syntax {
  NewParser(...opts: unknown[]): { Parse(src: string, name: string): { __internal_object__: Go } };
  KeepComments(on: boolean): unknown;
  Variant(v: number): unknown;
  LangBash: number;
}

let parser: ReturnType<Syntax['NewParser']> | undefined;

function getParser(): ReturnType<Syntax['NewParser']> {
  if (!parser) {
    const require = createRequire(import.meta.url);
    const { syntax } = require('mvdan-sh') as { syntax: Syntax };
    parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
  }
  return parser;
}

const typeOf = (o: Go): string | undefined => {
  const s: unknown = o?.constructor?.string;
  return typeof s === 'string' && s.startsWith('*syntax.') && o !== o.constructor.nil ? s.slice(8) : undefined;
};

function* items(slice: Go): Generator<Go> {
  for (let i = 0; i < slice.$length; i++) yield slice.$array[slice.$offset + i];
}

// --- Parsing ---------------------------------------------------------------------------------------------------

/** Parses a bash script; throws ShellSyntaxError. */
export function parseShell(text: string, filename = 'script'): ShellScript {
  let file: Go;
  try {
    file = getParser().Parse(text, filename).__internal_object__;
  } catch (e) {
    const err = e as { Text?: string; Pos?: { Offset(): number }; Error?: () => string };
    if (typeof err?.Text === 'string' && err.Pos) {
      throw new ShellSyntaxError(err.Text, byteToChar(text)(err.Pos.Offset()));
    }
    throw e;
  }
  return new Walker(text).script(file);
}

/** Byte offset (UTF-8) → UTF-16 index; identity for ASCII text. */
function byteToChar(text: string): (b: number) => number {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return (b) => b;
  const bytes = Buffer.byteLength(text);
  const map = new Uint32Array(bytes + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    if (c >= 0x10000) i++;
  }
  map[bytes] = text.length;
  return (x) => map[x]!;
}

interface Ctx {
  /** Starts of the list-level statements around, innermost last. */
  stmts: number[];
  inDouble: boolean;
  backquote: Call['backquote'];
}

class Walker {
  private readonly calls: Call[] = [];
  private readonly heredocs: ShellScript['heredocs'] = [];
  private readonly ch: (b: number) => number;

  constructor(private readonly text: string) {
    this.ch = byteToChar(text);
  }

  script(file: Go): ShellScript {
    const ctx: Ctx = { stmts: [], inDouble: false, backquote: null };
    for (const s of items(file.Stmts)) this.stmt(s, true, ctx);
    return { calls: this.calls, heredocs: this.heredocs };
  }

  private pos = (n: Go): number => this.ch(n.Pos().offs);
  private end = (n: Go): number => this.ch(n.End().offs);

  private beginsLine(offset: number): boolean {
    for (let i = offset - 1; i >= 0; i--) {
      const c = this.text[i];
      if (c === '\n') return true;
      if (c !== ' ' && c !== '\t') return false;
    }
    return true;
  }

  private stmt(s: Go, listLevel: boolean, ctx: Ctx): void {
    const start = this.pos(s);
    const inner: Ctx = listLevel && this.beginsLine(start) ? { ...ctx, stmts: [...ctx.stmts, start] } : ctx;
    const cmd = s.Cmd;
    const redirects: Redirect[] = [];
    for (const r of items(s.Redirs)) {
      const opAt = this.ch(r.OpPos.offs);
      const heredoc = this.text.startsWith('<<', opAt) && !this.text.startsWith('<<<', opAt);
      const rstart = r.N && typeOf(r.N) ? this.pos(r.N) : opAt;
      redirects.push({ start: rstart, end: this.end(r.Word), heredoc });
      if (heredoc && r.Hdoc && typeOf(r.Hdoc)) this.heredocs.push({ op: rstart, body: this.pos(r.Hdoc) });
    }
    if (typeOf(cmd) === 'CallExpr' && cmd.Args.$length > 0) {
      const args: Word[] = [...items(cmd.Args)].map((w) => this.word(w));
      const assigns: Span[] = [...items(cmd.Assigns)].map((a) => ({ start: this.pos(a), end: this.end(a) }));
      const cstart = Math.min(args[0]!.start, ...assigns.map((a) => a.start));
      this.calls.push({
        start: cstart,
        end: args[args.length - 1]!.end,
        assigns,
        args,
        stmt: { start, end: this.end(s), listLevel, negated: !!s.Negated, background: !!s.Background || !!s.Coprocess, redirects },
        anchor: inner.stmts[inner.stmts.length - 1] ?? 0,
        backquote: ctx.backquote,
      });
    }
    this.node(cmd, inner);
    for (const r of items(s.Redirs)) this.node(r, inner);
  }

  /** Walks any node generically, following every syntax-node field. */
  private node(o: Go, ctx: Ctx): void {
    const t = typeOf(o);
    if (!t || t === 'Pos') return;
    if (t === 'Stmt') return this.stmt(o, false, ctx);
    let inner = ctx;
    if (t === 'DblQuoted') inner = { ...ctx, inDouble: true };
    else if (t === 'CmdSubst' || t === 'ProcSubst') {
      inner = { ...ctx, inDouble: false };
      if (t === 'CmdSubst' && o.Backquotes) {
        const body = this.text.slice(this.pos(o) + 1, this.end(o) - 1);
        inner.backquote = {
          depth: (ctx.backquote?.depth ?? 0) + 1,
          inDouble: ctx.inDouble,
          escapes: body.includes('\\') || !!ctx.backquote?.escapes,
        };
      }
    }
    for (const k in o) {
      if (k === '$val') continue;
      const v = o[k];
      if (v === null || typeof v !== 'object') continue;
      if (v.constructor?.kind === KIND_SLICE) {
        for (const el of items(v)) {
          if (typeOf(el) === 'Stmt') this.stmt(el, true, inner);
          else this.node(el, inner);
        }
      } else this.node(v, inner);
    }
  }

  /** ${X:-$(docker ps)} and the like hold commands too. */
  private mayHoldCommands(start: number, end: number): boolean {
    return /\$\(|`|[<>]\(/.test(this.text.slice(start, end));
  }

  private word(w: Go): Word {
    let hasSubst = false;
    const part = (p: Go): Part => {
      const t = typeOf(p);
      const start = this.pos(p);
      const end = this.end(p);
      switch (t) {
        case 'Lit':
          return { kind: 'lit', start, end };
        case 'SglQuoted':
          return { kind: 'sgl', start, end, dollar: !!p.Dollar };
        case 'DblQuoted':
          return { kind: 'dbl', start, end, dollar: !!p.Dollar, parts: [...items(p.Parts)].map(part) };
        case 'ParamExp':
        case 'CmdSubst':
        case 'ArithmExp': {
          const subst = t === 'CmdSubst' || this.mayHoldCommands(start, end);
          hasSubst ||= subst;
          return { kind: 'exp', start, end, short: t === 'ParamExp' && !!p.Short, subst };
        }
        default: {
          const subst = t === 'ProcSubst' || this.mayHoldCommands(start, end);
          hasSubst ||= subst;
          return { kind: 'opaque', start, end, subst };
        }
      }
    };
    const parts = [...items(w.Parts)].map(part);
    return { start: this.pos(w), end: this.end(w), parts, hasSubst };
  }
}
