import type { Region } from './rewrite.js';

const CONTEXT = 3;

/**
 * A unified diff (`diff -u`, applicable with `patch -p0`) of a rewrite, built from the regions it changed: no
 * general diff algorithm is needed, the rewriter knows which lines it touched.
 */
export function unifiedDiff(input: string, regions: Region[], name: string): string {
  if (!regions.length) return '';
  const lines = input.split('\n');
  // A final newline ends the last line rather than starting an empty one.
  const total = input.endsWith('\n') ? lines.length - 1 : lines.length;
  const out = [`--- ${name}`, `+++ ${name}`];
  let i = 0;
  let delta = 0;
  while (i < regions.length) {
    // Regions whose contexts touch share one hunk.
    let j = i;
    while (j + 1 < regions.length && regions[j + 1]!.line - (regions[j]!.line + regions[j]!.old.length) <= 2 * CONTEXT) j++;
    const first = regions[i]!;
    const last = regions[j]!;
    const from = Math.max(1, first.line - CONTEXT);
    const to = Math.min(total, last.line + last.old.length - 1 + CONTEXT);
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    let at = from;
    for (let k = i; k <= j; k++) {
      const r = regions[k]!;
      for (; at < r.line; at++, oldCount++, newCount++) body.push(` ${lines[at - 1]}`);
      for (const l of r.old) body.push(`-${l}`);
      for (const l of r.new) body.push(`+${l}`);
      oldCount += r.old.length;
      newCount += r.new.length;
      at = r.line + r.old.length;
    }
    for (; at <= to; at++, oldCount++, newCount++) body.push(` ${lines[at - 1]}`);
    const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${count ? start : start - 1},${count}`);
    out.push(`@@ -${range(from, oldCount)} +${range(from + delta, newCount)} @@`, ...body);
    delta += newCount - oldCount;
    i = j + 1;
  }
  return `${out.join('\n')}\n`;
}
