import type { Sheet } from './rows.js';

export interface JsonCell {
  status: 'exact' | 'partial' | 'unsupported';
  command: string | null;
  note: string | null;
}

export interface JsonSheet {
  tools: string[];
  rows: { concept: string; topic: string; summary: string; input: string; cells: Record<string, JsonCell> }[];
}

/** `{"tools": […], "rows": [{concept, topic, summary, input, cells: {tool: {status, command, note}}}]}`. */
export function toJsonSheet(sheet: Sheet): JsonSheet {
  return {
    tools: sheet.tools,
    rows: sheet.rows.map((r) => ({
      concept: r.concept,
      topic: r.topic,
      summary: r.summary,
      input: r.input,
      cells: Object.fromEntries(sheet.tools.map((t) => {
        const c = r.cells[t]!;
        return [t, { status: c.status, command: c.command, note: c.note }];
      })),
    })),
  };
}

export const renderJson = (sheet: Sheet): string => `${JSON.stringify(toJsonSheet(sheet), null, 2)}\n`;
