import type { Cell } from './rows.js';

export interface Note {
  n: number;
  tool: string;
  text: string;
}

/** Numbered notes for partial and unsupported cells, one number per distinct tool and text. */
export class Notes {
  readonly list: Note[] = [];
  private readonly seen = new Map<string, number>();

  /** The note number of a cell, or null when it has nothing to say. */
  ref(tool: string, cell: Cell): number | null {
    if (cell.note === null) return null;
    const text = cell.note.startsWith(`${tool}: `) ? cell.note.slice(tool.length + 2) : cell.note;
    const key = `${tool}\u0000${text}`;
    let n = this.seen.get(key);
    if (n === undefined) {
      n = this.list.length + 1;
      this.seen.set(key, n);
      this.list.push({ n, tool, text });
    }
    return n;
  }
}

/** The plain text of a cell: the command, `~` before a partial one, `none` for unsupported; `[n]` for its note. */
export function cellText(cell: Cell, ref: number | null): string {
  const mark = ref === null ? '' : ` [${ref}]`;
  if (cell.status === 'unsupported') return `none${mark}`;
  return `${cell.status === 'partial' ? '~ ' : ''}${cell.command}${mark}`;
}

export const LEGEND = '~ partial: works, with the caveat in the note · none: no equivalent, the note says why and what comes closest';
