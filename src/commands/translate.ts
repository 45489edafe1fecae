import type { TranslateFlags } from '../cli.js';
import { usageError } from '../errors.js';
import { toHuman, toJson } from '../output.js';
import { loadTables } from '../tables.js';
import { exitCodeOf, parseTargets, translate } from '../translate.js';
import { painter } from '../paint.js';

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
  if (flags.json) process.stdout.write(toJson(t));
  else {
    const h = toHuman(t, await painter());
    process.stdout.write(h.stdout);
    process.stderr.write(h.stderr);
  }
  return exitCodeOf(t);
}
