// The terminal cheat sheet: a cli-table3 grid that fits the given width (cells wrap, never overflow), or a
// stacked list when the terminal is too narrow for one column per tool. Loaded only for --format table.
import Table from 'cli-table3';
import { cellText, LEGEND, Notes } from './notes.js';
import type { Cell, Sheet } from './rows.js';
import { noStyle, type Style } from './style.js';

export interface TableOptions {
  /** Columns available; every output line fits in it. */
  width: number;
  style?: Style;
}

/** Narrowest content width of a tool column before the grid gives way to the stacked list. */
const MIN_TOOL = 12;
const MAX_CONCEPT = 26;
const MIN_CONCEPT = 10;

/** Display width of plain text: code points (the sheets are ASCII but for a few symbols). */
export const textWidth = (s: string): number => [...s.replace(/\u001b\[[0-9;]*m/g, '')].length;

/** Greedy word wrap to `width` columns; words longer than a line are cut. */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (let word of para.split(/ +/)) {
      while (textWidth(word) > w) {
        const room = line ? w - textWidth(line) - 1 : w;
        if (room < Math.min(4, w)) {
          if (line) out.push(line);
          line = '';
          continue;
        }
        const cps = [...word];
        // Cut after a separator (docker.io/library/nginx:latest) when there is one in the second half of the room.
        let cut = room;
        for (let k = room; k > room / 2; k--) {
          if ('/:=,.-|'.includes(cps[k - 1]!)) {
            cut = k;
            break;
          }
        }
        out.push(line ? `${line} ${cps.slice(0, cut).join('')}` : cps.slice(0, cut).join(''));
        line = '';
        word = cps.slice(cut).join('');
      }
      if (!line) line = word;
      else if (textWidth(line) + 1 + textWidth(word) <= w) line += ` ${word}`;
      else {
        out.push(line);
        line = word;
      }
    }
    out.push(line);
  }
  return out;
}

/** Water-filling: every column gets up to its natural width, the widest share what is left. */
export function allocate(natural: number[], budget: number): number[] {
  const widths = natural.map(() => 0);
  let left = budget;
  const order = natural.map((n, i) => ({ n, i })).sort((a, b) => a.n - b.n);
  order.forEach(({ n, i }, k) => {
    const share = Math.floor(left / (order.length - k));
    widths[i] = Math.max(1, Math.min(n, share));
    left -= widths[i]!;
  });
  return widths;
}

function styled(cell: Cell, lines: string[], style: Style): string[] {
  return lines.map((line, i) => {
    let s = line;
    const ref = /( \[\d+\])$/.exec(s);
    const tail = ref && i === lines.length - 1 ? style.dim(ref[1]!) : '';
    if (tail) s = s.slice(0, -ref![1]!.length);
    if (cell.status === 'unsupported' && i === 0) s = s.replace(/^none/, style.none('none'));
    if (cell.status === 'partial' && i === 0) s = s.replace(/^~/, style.partial('~'));
    return s + tail;
  });
}

/** A summary without its parenthetical remarks, for the narrow concept column (stacked lists keep it whole). */
export const shortSummary = (s: string): string => s.replace(/\s*\([^()]*\)/g, '').trim() || s;

export function renderTable(sheet: Sheet, opts: TableOptions): string {
  const style = opts.style ?? noStyle;
  const width = Math.max(10, Math.floor(opts.width));
  const notes = new Notes();
  const texts = sheet.rows.map((row) =>
    sheet.tools.map((tool) => {
      const cell = row.cells[tool]!;
      return cellText(cell, notes.ref(tool, cell));
    }),
  );
  const n = sheet.tools.length + 1;
  // cli-table3: a column's width counts one space of padding on each side; n + 1 vertical borders.
  const budget = width - (n + 1) - 2 * n;
  // The concept column is as wide as the longest id (ids never break) when that leaves the tools room.
  const idWidth = Math.max(MIN_CONCEPT, 'concept'.length, ...sheet.rows.map((r) => textWidth(r.concept)));
  const conceptNatural = Math.min(MAX_CONCEPT, Math.max(idWidth, ...sheet.rows.map((r) => textWidth(shortSummary(r.summary)))));
  const natural = [conceptNatural, ...sheet.tools.map((tool, i) => Math.max(textWidth(tool), ...texts.map((t) => textWidth(t[i]!))))];
  const conceptWidth = Math.min(idWidth, MAX_CONCEPT, Math.floor(budget / 4));
  const widths = [conceptWidth, ...allocate(natural.slice(1), budget - conceptWidth)];
  if (widths.slice(1).every((w, i) => w >= natural[i + 1]!)) {
    // The tools have all they want: give the summaries what is left.
    const spare = budget - widths.reduce((a, b) => a + b, 0);
    widths[0] = Math.min(conceptNatural, conceptWidth + Math.max(0, spare));
  }
  const grid = widths.slice(1).every((w, i) => w >= Math.min(MIN_TOOL, natural[i + 1]!)) && widths[0]! >= MIN_CONCEPT;

  const body = grid ? gridLines(sheet, texts, widths, style) : stackedLines(sheet, texts, width, style);
  const tail: string[] = [];
  for (const note of notes.list) {
    const lead = `[${note.n}] `;
    const lines = wrap(`${note.tool}: ${note.text}`, width - lead.length);
    tail.push(...lines.map((l, i) => (i === 0 ? style.dim(lead) + l : ' '.repeat(lead.length) + l)));
  }
  if (notes.list.length) tail.push('', ...wrap(LEGEND, width).map((l) => style.dim(l)));
  return `${[...body, ...(tail.length ? ['', ...tail] : [])].join('\n')}\n`;
}

function gridLines(sheet: Sheet, texts: string[][], widths: number[], style: Style): string[] {
  const table = new Table({
    head: ['concept', ...sheet.tools].map((h, i) => style.bold(wrap(h, widths[i]!).join('\n'))),
    colWidths: widths.map((w) => w + 2),
    wordWrap: false,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
  });
  const spanWidth = widths.reduce((a, b) => a + b + 2, 0) + widths.length - 1 - 2;
  for (const topic of sheet.topics) {
    table.push([{ colSpan: widths.length, content: style.bold(wrap(topic.title, spanWidth).join('\n')) }]);
    sheet.rows.forEach((row, r) => {
      if (row.topic !== topic.id) return;
      const concept = [...wrap(shortSummary(row.summary), widths[0]!), ...wrap(row.concept, widths[0]!).map((l) => style.dim(l))].join('\n');
      const cells = sheet.tools.map((tool, i) => styled(row.cells[tool]!, wrap(texts[r]![i]!, widths[i + 1]!), style).join('\n'));
      table.push([concept, ...cells]);
    });
  }
  return table.toString().split('\n');
}

function stackedLines(sheet: Sheet, texts: string[][], width: number, style: Style): string[] {
  const out: string[] = [];
  const label = Math.max(...sheet.tools.map((t) => t.length));
  const indent = 2 + label + 2;
  const inline = width - indent >= MIN_TOOL;
  for (const topic of sheet.topics) {
    if (out.length) out.push('');
    out.push(...wrap(topic.title.toUpperCase(), width).map((l) => style.bold(l)));
    sheet.rows.forEach((row, r) => {
      if (row.topic !== topic.id) return;
      out.push(...wrap(`${row.summary} (${row.concept})`, width));
      sheet.tools.forEach((tool, i) => {
        const cell = row.cells[tool]!;
        if (inline) {
          const lines = styled(cell, wrap(texts[r]![i]!, width - indent), style);
          lines.forEach((l, k) => out.push(`${k === 0 ? `  ${style.dim(tool.padEnd(label))}  ` : ' '.repeat(indent)}${l}`));
        } else {
          out.push(`  ${style.dim(tool)}`);
          out.push(...styled(cell, wrap(texts[r]![i]!, width - 4), style).map((l) => `    ${l}`));
        }
      });
    });
  }
  return out;
}
