import { usageError } from './errors.js';

export interface Redirect {
  op: string;
  target: string;
}

export interface Lexed {
  words: string[];
  redirects: Redirect[];
}

const OPERATOR_START = '|&;()';
const REDIRECT = /^(\d*)(>>|>&|<&|<<<|<<-?|<>|>\||>|<)/;

/**
 * Splits one command line into words the way a POSIX shell would, without expanding anything:
 * quotes and backslashes are removed, `$VAR`, `$(…)` and backticks stay verbatim in the word.
 * Redirections are kept aside; lists and pipelines are refused (scripts go through `--file`).
 */
export function lex(line: string): Lexed {
  const words: string[] = [];
  const redirects: Redirect[] = [];
  let word = '';
  let inWord = false;
  let pendingRedirect: string | null = null;
  const n = line.length;

  const endWord = (): void => {
    if (!inWord) return;
    if (pendingRedirect !== null) {
      redirects.push({ op: pendingRedirect, target: word });
      pendingRedirect = null;
    } else words.push(word);
    word = '';
    inWord = false;
  };

  let i = 0;
  while (i < n) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n') {
      endWord();
      i++;
      continue;
    }
    if (ch === '#' && !inWord) break;
    if (ch === '\\') {
      if (i + 1 >= n) throw usageError('unfinished backslash escape at the end of the command');
      if (line[i + 1] !== '\n') {
        word += line[i + 1];
        inWord = true;
      }
      i += 2;
      continue;
    }
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw usageError(`unbalanced single quote at column ${i + 1}: close it with '`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      i = readDoubleQuoted(line, i, (s) => (word += s));
      inWord = true;
      continue;
    }
    if (ch === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      const end = matchingClose(line, i + 1);
      word += line.slice(i, end + 1);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (ch === '`') {
      const end = findBacktick(line, i);
      word += line.slice(i, end + 1);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (ch === '<' || ch === '>' || (/\d/.test(ch) && !inWord && REDIRECT.test(line.slice(i)))) {
      const m = REDIRECT.exec(line.slice(i));
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
    word += ch;
    inWord = true;
    i++;
  }
  endWord();
  if (pendingRedirect !== null) throw usageError(`redirection '${pendingRedirect}' has no target`);
  return { words, redirects };
}

function readDoubleQuoted(line: string, start: number, emit: (s: string) => void): number {
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
    if (ch === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      const end = matchingClose(line, i + 1);
      emit(line.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    if (ch === '`') {
      const end = findBacktick(line, i);
      emit(line.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    emit(ch);
    i++;
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
