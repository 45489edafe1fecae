import { EXIT, oneLine, usageError } from '../errors.js';
import { writeErr, writeOut } from '../io.js';
import { prebuilt } from '../prebuilt.js';
import { buildSheet, selectSheet, type Selection } from '../sheet/rows.js';
import { searchRows } from '../sheet/search.js';
import { didYouMean } from '../suggest.js';
import { loadTables, type Tables } from '../tables.js';

export const FORMATS = ['table', 'markdown', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface SheetFlags {
  tools?: string;
  search?: string;
  format?: string;
  width?: string;
}

/** `sheet [TOPIC…|TOOL]`: words are topic ids or titles, or one tool name. */
export function selectionOf(tables: Tables, words: string[], flags: SheetFlags): Selection {
  const sel: Selection = {};
  const tools = Object.keys(tables.tools);
  for (const word of words) {
    const w = word.toLowerCase();
    if (tools.includes(w)) {
      if (sel.tool && sel.tool !== w) throw usageError(`give one tool to see its commands (${sel.tool} or ${w}); choose columns with --tools ${sel.tool},${w}`);
      sel.tool = w;
      continue;
    }
    const topic = tables.topics.find((t) => t.id.toLowerCase() === w || t.title.toLowerCase() === w);
    if (!topic) {
      const names = [...tables.topics.map((t) => t.id), ...tools];
      throw usageError(`'${word}' is neither a topic nor a tool${didYouMean(word, names)}; topics are ${tables.topics.map((t) => t.id).join(', ')}; tools are ${tools.join(', ')}`);
    }
    (sel.topics ??= []).push(topic.id);
  }
  if (flags.tools !== undefined) {
    const list = flags.tools.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
    if (!list.length) throw usageError(`--tools needs tool names, e.g. --tools docker,crictl; tools are ${tools.join(', ')}`);
    for (const t of list) {
      if (t === 'all') continue;
      if (!tools.includes(t)) throw usageError(`unknown tool '${t}' in --tools${didYouMean(t, tools)}; tools are ${tools.join(', ')}`);
    }
    if (!list.includes('all')) sel.tools = list;
  }
  if (flags.search !== undefined && flags.search.trim()) {
    const query = flags.search;
    sel.search = (rows) => searchRows(tables, rows, query);
  }
  return sel;
}

function widthOf(flags: SheetFlags): number {
  if (flags.width !== undefined) {
    const n = Number(flags.width);
    if (!Number.isInteger(n) || n < 10) throw usageError(`--width needs a whole number of columns, at least 10 (got '${flags.width}')`);
    return n;
  }
  return process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 100;
}

export async function runSheet(words: string[], flags: SheetFlags): Promise<number> {
  const format = (flags.format ?? 'table') as Format;
  if (!FORMATS.includes(format)) throw usageError(`unknown format '${flags.format}'${didYouMean(String(flags.format), FORMATS)}; formats are ${FORMATS.join(', ')}`);
  const tables = loadTables();
  const sel = selectionOf(tables, words, flags);
  const width = format === 'table' ? widthOf(flags) : 0;
  const sheet = selectSheet(prebuilt('sheet') ?? buildSheet(tables), sel);
  let text: string;
  switch (format) {
    case 'json':
      text = (await import('../sheet/json.js')).renderJson(sheet);
      break;
    case 'markdown':
      text = (await import('../sheet/markdown.js')).renderMarkdown(sheet);
      break;
    case 'html':
      text = (await import('../sheet/html.js')).renderHtml(sheet, tables);
      break;
    default: {
      if (!sheet.rows.length) {
        text = '';
        break;
      }
      const [{ renderTable }, { styleFor }] = await Promise.all([import('../sheet/table.js'), import('../sheet/style.js')]);
      text = renderTable(sheet, { width, style: await styleFor(process.stdout) });
    }
  }
  writeOut(text);
  if (!sheet.rows.length) {
    const what = flags.search ? `matches '${flags.search}'` : 'is left by these filters';
    writeErr(`crossctl: no concept ${oneLine(what)}; try fewer words, or crossctl sheet to see everything\n`);
    return EXIT.untranslatable;
  }
  return EXIT.ok;
}
