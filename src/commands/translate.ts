import type { TranslateFlags } from '../cli.js';
import { usageError } from '../errors.js';
import { toHuman, toJson } from '../output.js';
import { loadTables } from '../tables.js';
import { exitCodeOf, parseTargets, translate } from '../translate.js';
import { painter } from '../paint.js';
import { writeErr, writeOut } from '../io.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Translation } from '../result.js';

export async function runTranslate(words: string[], flags: TranslateFlags): Promise<number> {
  const tables = loadTables();
  if (!words.length) throw usageError('no command given: crossctl translate --to crictl "docker ps -a"');
  const input = words.length === 1 ? words[0]! : words;
  const to = flags.to ? parseTargets(tables, flags.to) : undefined;
  const namespace = flags.namespace ?? (flags.k8s ? 'k8s.io' : undefined);
  if (flags.exec || flags.dryRun) {
    const { runExec } = await import('./exec.js');
    return runExec(tables, input, to, { ...flags, ...(namespace !== undefined ? { namespace } : {}) });
  }
  const t = translate(tables, input, {
    ...(flags.from ? { from: flags.from } : {}),
    ...(to ? { to } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
  });
  if (flags.outDir !== undefined) writePlanFiles(t, flags.outDir);
  if (flags.json) writeOut(toJson(t));
  else {
    const h = toHuman(t, painter());
    writeOut(h.stdout);
    writeErr(h.stderr);
  }
  return exitCodeOf(t);
}

/**
 * `--out-dir DIR`: plan files (crictl's pod and container configs) are written into DIR instead of printed as
 * here-documents, and the steps name them by their path there. With several targets writing files, each
 * target's names get its tool as a prefix.
 */
function writePlanFiles(t: Translation, dir: string): void {
  const writers = t.results.filter((r) => r.files.length);
  if (!writers.length) return;
  mkdirSync(dir, { recursive: true });
  for (const r of writers) {
    const paths = new Map<string, string>();
    for (const f of r.files) {
      const path = join(dir, writers.length > 1 ? `${r.to}-${f.name}` : f.name);
      writeFileSync(path, f.content);
      paths.set(f.name, path);
    }
    for (const step of r.steps) step.argv = step.argv.map((w) => paths.get(w) ?? w);
    r.files = r.files.map((f) => ({ ...f, path: paths.get(f.name)! }));
  }
}
