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

const typeNames = new Map<unknown, string | undefined>();

/** `CallExpr` for a *syntax.CallExpr, undefined for nil pointers and anything else. */
const typeOf = (o: Go): string | undefined => {
  if (o === null || typeof o !== 'object') return undefined;
  const ctor = o.constructor;
  let name = typeNames.get(ctor);
  if (name === undefined && !typeNames.has(ctor)) {
    const s: unknown = ctor?.string;
    name = typeof s === 'string' && s.startsWith('*syntax.') ? s.slice(8) : undefined;
    typeNames.set(ctor, name);
  }
  return name !== undefined && o !== ctor.nil ? name : undefined;
};

/** The elements of a Go slice, mapped. */
function items<T>(slice: Go, f: (el: Go) => T): T[] {
  const out: T[] = new Array<T>(slice.$length);
  for (let i = 0; i < slice.$length; i++) out[i] = f(slice.$array[slice.$offset + i]);
  return out;
}

interface Field {
  prop: string;
  slice: boolean;
  /** []*syntax.Stmt: a statement list. */
  stmts: boolean;
}

const KIND_INTERFACE = 20;
const KIND_PTR = 22;
const fieldCache = new Map<unknown, Field[]>();

/** The fields of a node type that can hold other nodes (pointers, interfaces, slices of them), from GopherJS type data. */
function childFields(ctor: Go): Field[] {
  let fields = fieldCache.get(ctor);
  if (!fields) {
    fields = [];
    for (const f of (ctor?.elem?.fields ?? []) as { prop: string; typ: Go }[]) {
      const k = f.typ.kind;
      if (k === KIND_PTR || k === KIND_INTERFACE) fields.push({ prop: f.prop, slice: false, stmts: false });
      else if (k === KIND_SLICE && (f.typ.elem.kind === KIND_PTR || f.typ.elem.kind === KIND_INTERFACE)) {
        fields.push({ prop: f.prop, slice: true, stmts: f.typ.elem.string === '*syntax.Stmt' });
      }
    }
    fieldCache.set(ctor, fields);
  }
  return fields;
}

// --- Parsing ---------------------------------------------------------------------------------------------------

/**
 * Parses a bash script; throws ShellSyntaxError. With a filter, simple commands whose first word is a bare
 * literal are kept only when the filter accepts its last path component (`docker`, `sudo`).
 */
export function parseShell(text: string, filename = 'script', filter?: (name: string) => boolean): ShellScript {
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
  return new Walker(text, filter).script(file);
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
  /** Where a comment line about a command here may go: the start of a statement that begins its line. */
  anchor: number;
  inDouble: boolean;
  backquote: Call['backquote'];
}

class Walker {
  private readonly calls: Call[] = [];
  private readonly heredocs: ShellScript['heredocs'] = [];
  private readonly ch: (b: number) => number;

  constructor(
    private readonly text: string,
    private readonly filter: ((name: string) => boolean) | undefined,
  ) {
    this.ch = byteToChar(text);
  }

  script(file: Go): ShellScript {
    const ctx: Ctx = { anchor: 0, inDouble: false, backquote: null };
    this.list(file.Stmts, ctx);
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

  /**
   * A statement list. A comment line can go above a statement that begins its line; one that does not (`a;
   * b`, or after a multi-line string) takes the anchor of the last sibling before it that does.
   */
  private list(stmts: Go, ctx: Ctx): void {
    let anchor = ctx.anchor;
    for (let i = 0; i < stmts.$length; i++) {
      const s = stmts.$array[stmts.$offset + i];
      const start = this.ch(s.Position.offs);
      if (this.beginsLine(start)) anchor = start;
      this.stmt(s, true, anchor === ctx.anchor ? ctx : { ...ctx, anchor });
    }
  }

  private stmt(s: Go, listLevel: boolean, ctx: Ctx): void {
    const start = this.ch(s.Position.offs);
    const inner = ctx;
    const cmd = s.Cmd;
    const redirs = s.Redirs;
    for (let i = 0; i < redirs.$length; i++) {
      const r = redirs.$array[redirs.$offset + i];
      const opAt = this.ch(r.OpPos.offs);
      if (this.text.startsWith('<<', opAt) && !this.text.startsWith('<<<', opAt) && r.Hdoc && typeOf(r.Hdoc)) {
        this.heredocs.push({ op: this.redirectStart(r), body: this.pos(r.Hdoc) });
      }
    }
    if (typeOf(cmd) === 'CallExpr' && cmd.Args.$length > 0 && this.wanted(cmd.Args.$array[cmd.Args.$offset])) {
      const args: Word[] = items(cmd.Args, (w) => this.word(w));
      const assigns: Span[] = items(cmd.Assigns, (a) => ({ start: this.pos(a), end: this.end(a) }));
      const redirects: Redirect[] = items(redirs, (r) => {
        const opAt = this.ch(r.OpPos.offs);
        return { start: this.redirectStart(r), end: this.end(r.Word), heredoc: this.text.startsWith('<<', opAt) && !this.text.startsWith('<<<', opAt) };
      });
      this.calls.push({
        start: Math.min(args[0]!.start, ...assigns.map((a) => a.start)),
        end: args[args.length - 1]!.end,
        assigns,
        args,
        stmt: { start, listLevel, negated: !!s.Negated, background: !!s.Background || !!s.Coprocess, redirects },
        anchor: inner.anchor,
        backquote: ctx.backquote,
      });
    }
    this.node(cmd, inner);
    for (let i = 0; i < redirs.$length; i++) this.node(redirs.$array[redirs.$offset + i], inner);
  }

  private redirectStart = (r: Go): number => (r.N && typeOf(r.N) ? this.pos(r.N) : this.ch(r.OpPos.offs));

  /** Whether a command is worth reading: its first word is not a plain word naming a command of no interest. */
  private wanted(first: Go): boolean {
    if (!this.filter || first.Parts.$length !== 1) return true;
    const p = first.Parts.$array[first.Parts.$offset];
    if (typeOf(p) !== 'Lit') return true;
    const v: string = p.Value;
    return v.includes('\\') || this.filter(v.slice(v.lastIndexOf('/') + 1));
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
    for (const f of childFields(o.constructor)) {
      const v = o[f.prop];
      if (v === null || v === undefined) continue;
      if (f.stmts) this.list(v, inner);
      else if (f.slice) {
        for (let i = 0; i < v.$length; i++) this.node(v.$array[v.$offset + i], inner);
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
          return { kind: 'dbl', start, end, dollar: !!p.Dollar, parts: items(p.Parts, part) };
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
    const parts = items(w.Parts, part);
    return { start: this.pos(w), end: this.end(w), parts, hasSubst };
  }
}
