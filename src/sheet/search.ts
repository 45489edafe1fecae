// Forgiving search over cheat-sheet rows: concept names, summaries, topics, commands and flags, with typos.
import { distance } from 'fastest-levenshtein';
import type { Tables } from '../tables.js';
import type { Row } from './rows.js';

/**
 * Whether a row matches a query at a level. `words`: the query appears verbatim in the row's text ("ps -a"), or
 * every word of the query (stop words aside) is one of the row's words or part of one (3+ letters). `fuzzy`: or within an edit distance that grows with the word's length (1 from 4 letters, 2 from 7;
 * a swap of two neighbours counts as one edit), also against a word's prefix. Searches try the levels in turn
 * and keep the first that finds something, so "pish" finds "push" only when no word is "pish". Self-contained on purpose: the HTML page embeds its source text, so
 * the page and the CLI search alike.
 */
export function matchQuery(query: string, words: string[], text: string, dist: (a: string, b: string) => number, level: 'words' | 'fuzzy'): boolean {
  const STOP = ['a', 'an', 'the', 'of', 'to', 'in', 'on', 'for', 'with', 'and', 'or', 'from', 'by'];
  const q = query.trim().toLowerCase();
  if (!q) return true;
  if (text.toLowerCase().includes(q)) return true;
  const fuzzy = level === 'fuzzy';
  const swapped = (a: string, b: string): boolean => {
    if (a.length !== b.length) return false;
    const diff: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
    return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
  };
  const close = (t: string, w: string): boolean => {
    const limit = t.length >= 7 ? 2 : t.length >= 4 ? 1 : 0;
    if (swapped(t, w) && t.length >= 3) return true;
    if (limit === 0) return false;
    if (Math.abs(t.length - w.length) <= limit && dist(t, w) <= limit) return true;
    if (w.length > t.length) {
      const head = w.slice(0, t.length);
      return dist(t, head) <= limit || swapped(t, head);
    }
    return false;
  };
  const lower = words.map((w) => w.toLowerCase());
  const bare = lower.map((w) => w.replace(/^-+/, ''));
  return q
    .split(/[\s,;:()'"|]+/)
    .map((t) => t.replace(/^[^\w-]+|[^\w]+$/g, ''))
    .filter((t) => t && !STOP.includes(t))
    .every((t) => {
      const tb = t.replace(/^-+/, '');
      if (!tb) return true;
      return lower.some((w, i) => {
        const b = bare[i]!;
        if (w === t || b === tb) return true;
        if (tb.length >= 3 && (w.includes(t) || b.includes(tb))) return true;
        return fuzzy && close(tb, b);
      });
    });
}

/** The words a row is found by: its concept id and parts, summary, topic, commands, flags and option names. */
export function searchWords(tables: Tables, row: Row): string[] {
  const words = new Set<string>();
  const add = (s: string | undefined): void => {
    if (!s) return;
    for (const w of s.split(/[\s,;:()'"|]+/)) {
      const t = w.replace(/^[^\w-]+|[^\w]+$/g, '');
      if (t) words.add(t);
    }
  };
  add(row.concept);
  add(row.concept.replace(/[._]/g, ' '));
  add(row.summary);
  add(row.topic);
  add(tables.topics.find((t) => t.id === row.topic)?.title);
  for (const cell of Object.values(row.cells)) add(cell.command ?? undefined);
  const concept = tables.concepts[row.concept];
  if (concept) {
    for (const name of Object.keys(concept.options)) add(name);
    for (const spelling of Object.values(concept.tools)) {
      if (spelling.kind !== 'command') continue;
      for (const c of spelling.commands) add(c.path.join(' '));
      for (const s of Object.values(spelling.options)) {
        if (s.kind !== 'flag') continue;
        add(`--${s.flag.long}`);
        if (s.flag.short) add(`-${s.flag.short}`);
        for (const k of Object.values(s.keys ?? {})) {
          if (k) add(`--${k.long}${k.short ? ` -${k.short}` : ''}`);
        }
      }
    }
  }
  return [...words];
}

/** The text a verbatim query is looked for in. */
export const searchText = (row: Row): string =>
  [row.concept, row.summary, row.topic, ...Object.values(row.cells).map((c) => c.command ?? '')].join('\n');

/** The rows a query finds at the strictest level that finds any. */
export function searchRows(tables: Tables, rows: Row[], query: string): Row[] {
  const indexed = rows.map((row) => ({ row, words: searchWords(tables, row), text: searchText(row) }));
  for (const level of ['words', 'fuzzy'] as const) {
    const hits = indexed.filter((x) => matchQuery(query, x.words, x.text, distance, level)).map((x) => x.row);
    if (hits.length) return hits;
  }
  return [];
}
