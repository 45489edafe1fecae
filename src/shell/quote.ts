// Quoting per shell, for words crossctl writes into generated code (paths, tool names, subcommands). User
// arguments are never quoted here: the generated code passes them on as "$@", $argv or @args.
import { quoteWord } from '../quote.js';

export type Shell = 'bash' | 'zsh' | 'fish' | 'powershell';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish', 'powershell'];

/** bash, zsh, dash: bare when safe, else single quotes ('\'' for a quote). */
export const posixWord = quoteWord;

// fish: % (process expansion in old fish), ~, {, }, $, *, ?, ( and quotes are special; keep a conservative set bare.
const FISH_SAFE = /^[A-Za-z0-9_+=:,./-]+$/;

/** fish: inside single quotes only \\ and \' are escapes. */
export function fishWord(word: string): string {
  if (word !== '' && FISH_SAFE.test(word)) return word;
  return `'${word.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/**
 * PowerShell: always single quotes, so that no word is read as an operator, a parameter or `--` (the
 * end-of-parameters token). PowerShell also treats the typographic single quotes as quotes: double them all.
 */
export function powershellWord(word: string): string {
  return `'${word.replace(/['\u2018\u2019\u201a\u201b]/g, (c) => c + c)}'`;
}

export function quoterFor(shell: Shell): (word: string) => string {
  if (shell === 'fish') return fishWord;
  if (shell === 'powershell') return powershellWord;
  return posixWord;
}

/** Several words, each quoted, space-separated: for constant argv in generated code only. */
export const quoteWords = (shell: Shell, words: readonly string[]): string => words.map(quoterFor(shell)).join(' ');

/** Text for a comment line of generated code: control characters (a newline would end the comment) become '?'. */
export const commentText = (text: string): string => text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?');
