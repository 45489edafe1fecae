import { EXIT, usageError } from '../errors.js';
import { explain, explainConcept, renderExplanation } from '../explain.js';
import { styleFor } from '../sheet/style.js';
import { hasOwn } from '../own.js';
import { loadTables } from '../tables.js';
import { parseTargets } from '../translate.js';

export interface ExplainFlags {
  from?: string;
  to?: string;
  json?: boolean;
}

export async function runExplain(words: string[], flags: ExplainFlags): Promise<number> {
  const tables = loadTables();
  if (!words.length) throw usageError('no command given: crossctl explain "docker logs --tail 50 -f web", or a concept: crossctl explain container.logs');
  const to = flags.to ? parseTargets(tables, flags.to) : undefined;
  const e =
    words.length === 1 && hasOwn(tables.concepts, words[0]!)
      ? explainConcept(tables, words[0]!)
      : explain(tables, words.length === 1 ? words[0]! : words, { ...(flags.from ? { from: flags.from } : {}), ...(to ? { to } : {}) });
  if (flags.json) process.stdout.write(`${JSON.stringify(e, null, 2)}\n`);
  else process.stdout.write(renderExplanation(e, await styleFor(process.stdout)));
  return e.mode === 'concept' || e.translations.some((r) => r.status !== 'unsupported') ? EXIT.ok : EXIT.untranslatable;
}
