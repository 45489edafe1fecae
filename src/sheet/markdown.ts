// GitHub-flavoured Markdown: a heading and a table per topic, notes numbered under each table.
import { LEGEND, Notes } from './notes.js';
import type { Cell, Sheet } from './rows.js';

/** Plain text for Markdown: inline syntax and table pipes escaped. */
export const mdText = (s: string): string => s.replace(/[\\`*_[\]<>|]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));

/** A code span that survives a table: pipes escaped (GFM), fences longer than any backtick run inside. */
export function mdCode(s: string): string {
  const runs = s.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const body = s.replace(/\|/g, '\\|');
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

function mdCell(cell: Cell, ref: number | null): string {
  const mark = ref === null ? '' : ` [${ref}]`;
  if (cell.status === 'unsupported') return `none${mark}`;
  return `${cell.status === 'partial' ? '~ ' : ''}${mdCode(cell.command!)}${mark}`;
}

export interface MarkdownOptions {
  /** The page title; the document starts with it as a level-1 heading. */
  title?: string;
}

export function renderMarkdown(sheet: Sheet, opts: MarkdownOptions = {}): string {
  const out: string[] = [];
  const versions = sheet.tools.map((t) => {
    const v = sheet.rows.map((r) => r.cells[t]?.version).find(Boolean);
    return v ? `${t} ${v}` : t;
  });
  out.push(`# ${opts.title ?? 'crossctl cheat sheet'}`, '');
  out.push(
    `Generated from the mapping tables by \`npm run docs\` (\`crossctl sheet --format markdown\`); do not edit by hand. Each row is one example command translated by crossctl to ${versions.join(', ')}.`,
    '',
    mdText(LEGEND),
    '',
  );
  if (!sheet.rows.length) out.push('No concept matches.', '');
  for (const topic of sheet.topics) {
    const rows = sheet.rows.filter((r) => r.topic === topic.id);
    if (!rows.length) continue;
    const notes = new Notes();
    out.push(`## ${mdText(topic.title)}`, '');
    out.push(`| concept | ${sheet.tools.join(' | ')} |`, `| --- |${' --- |'.repeat(sheet.tools.length)}`);
    for (const row of rows) {
      const cells = sheet.tools.map((tool) => mdCell(row.cells[tool]!, notes.ref(tool, row.cells[tool]!)));
      out.push(`| ${mdText(row.summary)}<br>${mdCode(row.concept)} | ${cells.join(' | ')} |`);
    }
    out.push('');
    if (notes.list.length) {
      for (const note of notes.list) out.push(`${note.n}. **${note.tool}**: ${mdText(note.text)}`);
      out.push('');
    }
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
