// Dev report: translates every single-command core example of the tldr corpus to every other tool and counts
// statuses per target. Usage: npx tsx scripts/corpus-report.ts [--tool docker] [--grep WORD] [--verbose]
import { CrossctlError } from '../src/errors.js';
import { loadTables } from '../src/tables.js';
import { translate } from '../src/translate.js';
import { quoteArgv } from '../src/quote.js';
import { isSingleCommand, loadCorpus } from '../test/support/corpus.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const verbose = args.includes('--verbose');
const tables = loadTables();
const rows = loadCorpus();
const counts: Record<string, Record<string, number>> = {};
for (const row of rows) {
  if (row.family !== 'core' || !isSingleCommand(row.concrete)) continue;
  if (opt('--tool') && row.tool !== opt('--tool')) continue;
  if (opt('--grep') && !row.concrete.includes(opt('--grep')!)) continue;
  try {
    const t = translate(tables, row.concrete);
    for (const r of t.results) {
      ((counts[r.to] ??= {})[r.status] ??= 0);
      counts[r.to]![r.status]!++;
      if (verbose || r.status !== 'exact') {
        const line = r.status === 'unsupported' ? r.reason : r.steps.map((s) => quoteArgv(s.argv)).join(' ; ');
        console.log(`${r.status.padEnd(11)} ${row.concrete}  →  ${line}${r.warnings.length ? `   [${r.warnings.join(' | ')}]` : ''}`);
      }
    }
  } catch (e) {
    console.log(`ERROR${e instanceof CrossctlError ? e.exitCode : ''}     ${row.concrete}  →  ${(e as Error).message}`);
    ((counts.error ??= {}).error ??= 0);
    counts.error!.error!++;
  }
}
for (const [to, c] of Object.entries(counts)) {
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  const ok = (c.exact ?? 0) + (c.partial ?? 0);
  console.log(`${to.padEnd(8)} ${JSON.stringify(c)}  exact-or-partial ${((100 * ok) / total).toFixed(0)}%`);
}
