// Quoting for POSIX shells (bash, zsh, dash, ksh): pasting the result gives back exactly the argv.
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
// C0 controls (newline and tab too), DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// What single quotes cannot carry well: controls but newline and tab (unreadable, and they drive terminals), and
// a line starting with ^ inside the quotes (interactive bash reads ^a^b^ there as a history substitution).
const NEEDS_ANSI_C = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\n\^/;
const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/**
 * A word as the shell must read it. Plain words stay bare; others are single-quoted, newlines and tabs
 * included (a multi-line `sh -c` script stays readable); a word holding other control characters (ESC, CR, BEL)
 * is written as $'…' with them escaped, so no raw control byte ever reaches a terminal. $'…' is read by bash,
 * zsh, ksh, mksh and busybox sh (POSIX.1-2024), not by older dash: such words are rare in container commands.
 */
export function quoteWord(word: string): string {
  if (word === '') return "''";
  if (SAFE.test(word)) return word;
  if (NEEDS_ANSI_C.test(word)) return ansiC(word);
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function ansiC(word: string): string {
  let out = "$'";
  for (const ch of word) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    // Quotes and ! as hex: interactive bash's history expansion scans the line without understanding $'…',
    // and a bare ' " or ! in here could make it expand a later ! (or this one).
    else if (ch === "'" || ch === '"' || ch === '!') out += `\\x${hex2(c)}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${hex2(c)}`;
    // C1 controls as their UTF-8 bytes: the same in every locale.
    else if (c >= 0x80 && c <= 0x9f) out += `\\xc2\\x${hex2(c)}`;
    else out += ch;
  }
  return `${out}'`;
}

export const quoteArgv = (argv: readonly string[]): string => argv.map(quoteWord).join(' ');

/**
 * Double-quoted form, for a word that must keep a `$(…)` or `$NAME` live inside it. A `!` (history expansion
 * in interactive bash) or a control character cannot be written inside double quotes; they step out of the
 * quotes for their own quoting: "a"'!'"b".
 */
export function doubleQuote(text: string, keepLive: (index: number) => number): string {
  let out = '"';
  for (let i = 0; i < text.length; ) {
    const live = keepLive(i);
    if (live > 0) {
      out += text.slice(i, i + live);
      i += live;
      continue;
    }
    const ch = text[i]!;
    if (ch === '!' || CONTROL.test(ch)) out += `"${quoteWord(ch)}"`;
    else out += '$`"\\'.includes(ch) ? `\\${ch}` : ch;
    i++;
  }
  return `${out}"`;
}

/** A literal string as a regular expression (ECMAScript and grep -E alike). */
export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
