// Quoting for POSIX shells (bash, zsh, dash, ksh): pasting the result gives back exactly the argv.
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteWord(word: string): string {
  if (word === '') return "''";
  if (SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export const quoteArgv = (argv: readonly string[]): string => argv.map(quoteWord).join(' ');

/** Double-quoted form, for a word that must keep a `$(…)` or `$NAME` live inside it. */
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
    out += '$`"\\'.includes(ch) ? `\\${ch}` : ch;
    i++;
  }
  return out + '"';
}
