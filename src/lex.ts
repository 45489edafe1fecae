import { usageError } from './errors.js';

export interface Redirect {
  op: string;
  target: string;
}

export interface Lexed {
  words: string[];
  redirects: Redirect[];
  /** The shell expansions met outside single quotes (`$HOME`, `${TAG}`, `$(…)`, `…`), as written, each once. */
  expansions: string[];
}

const OPERATOR_START = '|&;()';
// Characters that end a run of plain ones inside a word (a run is copied with one slice, not char by char).
const PLAIN_STOP = new Set([...' \t\n\\\'"$`<>|&;()'].map((c) => c.charCodeAt(0)));
const DQ_STOP = new Set([...'"\\$`'].map((c) => c.charCodeAt(0)));
// Sticky: matched at a position without slicing the rest of the line.
const REDIRECT = /(\d*)(>>|>&|<&|<<<|<<-?|<>|>\||>|<)/y;

function redirectAt(line: string, i: number): RegExpExecArray | null {
  REDIRECT.lastIndex = i;
  return REDIRECT.exec(line);
}

/**
 * Splits one command line into words the way a POSIX shell would, without expanding anything:
 * quotes and backslashes are removed (`$'…'` is decoded as bash does), `$VAR`, `$(…)` and backticks stay
 * verbatim in the word. Redirections are kept aside; lists, pipelines and a second command on another line
 * are refused (scripts go through `--file`). A comment runs to the end of its line.
 */
export function lex(line: string): Lexed {
  const words: string[] = [];
  const redirects: Redirect[] = [];
  // The pieces of the current word, joined once when it ends: appending thousands of small pieces to a string
  // builds a deep rope that costs more than linear time to collect.
  let parts: string[] = [];
  const add = (piece: string): void => {
    parts.push(piece);
  };
  let inWord = false;
  const expansions = new Set<string>();
  const expansion = (raw: string): void => {
    expansions.add(raw);
    add(raw);
  };
  let pendingRedirect: string | null = null;
  // Past an unquoted newline only blanks and comments may follow: another word would be another command.
  let newlineAt = -1;
  const n = line.length;

  const endWord = (): void => {
    if (!inWord) return;
    if (pendingRedirect !== null) {
      redirects.push({ op: pendingRedirect, target: parts.join('') });
      pendingRedirect = null;
    } else words.push(parts.length === 1 ? parts[0]! : parts.join(''));
    parts = [];
    inWord = false;
  };

  let i = 0;
  while (i < n) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n') {
      endWord();
      if (ch === '\n' && newlineAt < 0 && (words.length || pendingRedirect !== null)) newlineAt = i;
      i++;
      continue;
    }
    if (ch === '#' && !inWord) {
      const eol = line.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      continue;
    }
    if (newlineAt >= 0 && !inWord) {
      if (pendingRedirect !== null) throw usageError(`redirection '${pendingRedirect}' has no target`);
      throw usageError(
        `a second command on line ${lineOf(line, i)}: translate takes one command; end a line with \\ to continue it, or translate a script with --file`,
      );
    }
    if (ch === '\\') {
      if (i + 1 >= n) throw usageError('unfinished backslash escape at the end of the command');
      if (line[i + 1] !== '\n') {
        add(line[i + 1]!);
        inWord = true;
      }
      i += 2;
      continue;
    }
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw usageError(`unbalanced single quote at column ${i + 1}: close it with '`);
      add(line.slice(i + 1, end));
      inWord = true;
      i = end + 1;
      continue;
    }
    if (ch === '"' || (ch === '$' && line[i + 1] === '"')) {
      // $"…" is bash's translated string: without a message catalogue, the string itself.
      i = readDoubleQuoted(line, ch === '$' ? i + 1 : i, add, expansion);
      inWord = true;
      continue;
    }
    if (ch === '$' && line[i + 1] === "'") {
      i = readAnsiC(line, i, add);
      inWord = true;
      continue;
    }
    const end = expansionEnd(line, i);
    if (end > i) {
      expansion(line.slice(i, end));
      inWord = true;
      i = end;
      continue;
    }
    if (ch === '<' || ch === '>' || (ch >= '0' && ch <= '9' && !inWord)) {
      const m = redirectAt(line, i);
      if (m) {
        endWord();
        if (pendingRedirect !== null) throw usageError(`redirection '${pendingRedirect}' has no target`);
        pendingRedirect = m[0];
        if (m[2] === '<<') throw usageError('here-documents are not supported in a single command; use --file');
        i += m[0].length;
        continue;
      }
    }
    if (OPERATOR_START.includes(ch)) {
      throw usageError(
        `shell operator '${ch}' at column ${i + 1}: translate takes one command; quote it, or translate a script with --file`,
      );
    }
    let j = i + 1;
    while (j < n && !PLAIN_STOP.has(line.charCodeAt(j))) j++;
    add(j === i + 1 ? ch : line.slice(i, j));
    inWord = true;
    i = j;
  }
  endWord();
  if (pendingRedirect !== null) throw usageError(`redirection '${pendingRedirect}' has no target`);
  return { words, redirects, expansions: [...expansions] };
}

/**
 * Where a shell expansion that starts at i ends (exclusive): `$(…)`, `${…}`, `…`, or a parameter without braces
 * (`$HOME`, `$1`, `$@`, `$?` …). i itself when none starts there. The same outside and inside double quotes.
 */
function expansionEnd(line: string, i: number): number {
  const ch = line[i];
  if (ch === '`') return findBacktick(line, i) + 1;
  if (ch !== '$') return i;
  const next = line[i + 1];
  if (next === '(' || next === '{') return matchingClose(line, i + 1) + 1;
  if (next !== undefined && /[A-Za-z_]/.test(next)) {
    let j = i + 2;
    while (j < line.length && /[A-Za-z0-9_]/.test(line[j]!)) j++;
    return j;
  }
  return next !== undefined && /[0-9@*#?$!-]/.test(next) ? i + 2 : i;
}

const lineOf = (line: string, i: number): number => {
  let count = 1;
  for (let j = line.indexOf('\n'); j >= 0 && j < i; j = line.indexOf('\n', j + 1)) count++;
  return count;
};

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
const HEX = /[0-9A-Fa-f]/;

/** bash's $'…': backslash escapes decoded; \xHH and \NNN are bytes, read as UTF-8 like any argv. */
function readAnsiC(line: string, start: number, emit: (s: string) => void): number {
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length) emit(Buffer.from(bytes).toString('utf8'));
    bytes = [];
  };
  const digits = (from: number, max: number, ok: (c: string) => boolean): string => {
    let k = from;
    while (k < line.length && k - from < max && ok(line[k]!)) k++;
    return line.slice(from, k);
  };
  let i = start + 2;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === "'") {
      flush();
      return i + 1;
    }
    if (ch !== '\\' || i + 1 >= line.length) {
      flush();
      const cp = line.codePointAt(i)!;
      emit(String.fromCodePoint(cp));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = line[i + 1]!;
    const simple = Object.hasOwn(SIMPLE_ESCAPES, e) ? SIMPLE_ESCAPES[e] : undefined;
    if (simple !== undefined) {
      flush();
      emit(simple);
      i += 2;
    } else if (e === 'x' && HEX.test(line[i + 2] ?? '')) {
      const h = digits(i + 2, 2, (c) => HEX.test(c));
      bytes.push(parseInt(h, 16));
      i += 2 + h.length;
    } else if (e >= '0' && e <= '7') {
      const o = digits(i + 1, 3, (c) => c >= '0' && c <= '7');
      bytes.push(parseInt(o, 8) & 0xff);
      i += 1 + o.length;
    } else if ((e === 'u' || e === 'U') && HEX.test(line[i + 2] ?? '')) {
      const h = digits(i + 2, e === 'u' ? 4 : 8, (c) => HEX.test(c));
      const cp = parseInt(h, 16);
      flush();
      emit(cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd');
      i += 2 + h.length;
    } else if (e === 'c' && i + 2 < line.length) {
      flush();
      emit(String.fromCharCode(line.charCodeAt(i + 2) & 0x1f));
      i += 3;
    } else {
      flush();
      emit(`\\${e}`);
      i += 2;
    }
  }
  throw usageError(`unbalanced $' at column ${start + 1}: close it with '`);
}

function readDoubleQuoted(line: string, start: number, emit: (s: string) => void, expansion: (s: string) => void): number {
  let i = start + 1;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === '"') return i + 1;
    if (ch === '\\' && i + 1 < line.length) {
      const next = line[i + 1]!;
      if ('$`"\\\n'.includes(next)) {
        if (next !== '\n') emit(next);
      } else emit(ch + next);
      i += 2;
      continue;
    }
    const end = expansionEnd(line, i);
    if (end > i) {
      expansion(line.slice(i, end));
      i = end;
      continue;
    }
    let j = i + 1;
    while (j < line.length && !DQ_STOP.has(line.charCodeAt(j))) j++;
    emit(j === i + 1 ? ch : line.slice(i, j));
    i = j;
  }
  throw usageError(`unbalanced double quote at column ${start + 1}: close it with "`);
}

function matchingClose(line: string, open: number): number {
  const openCh = line[open]!;
  const closeCh = openCh === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === "'" && openCh === '(') {
      const end = line.indexOf("'", i + 1);
      if (end < 0) break;
      i = end;
      continue;
    }
    if (ch === openCh) depth++;
    else if (ch === closeCh && --depth === 0) return i;
  }
  throw usageError(`unbalanced '$${openCh}' at column ${open}: close it with ${closeCh}`);
}

function findBacktick(line: string, start: number): number {
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '`') return i;
  }
  throw usageError(`unbalanced backtick at column ${start + 1}`);
}
