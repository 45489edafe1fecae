import { describe, expect, it } from 'vitest';
import { CrossctlError, EXIT } from '../src/errors.js';
import { quoteArgv } from '../src/quote.js';
import { loadTables } from '../src/tables.js';
import { translate } from '../src/translate.js';
import { haveCorpus, inCI, isSingleCommand, loadCorpus, sharedMissingMessage } from './support/corpus.js';
import { referenceDir, validateArgv } from './support/reference-validator.js';

// Every single-command core example of the tldr corpus, short and long forms, to every other tool: no crash, no
// exit 2 for valid input, and every emitted argv valid under the target's reference surface.
const available = haveCorpus() && referenceDir() !== null;

describe.skipIf(!available)('tldr corpus', () => {
  const tables = loadTables();
  const rows = available ? loadCorpus().filter((r) => r.family === 'core' && isSingleCommand(r.concrete)) : [];
  const inputs = [...new Set(rows.flatMap((r) => [r.concrete, r.concrete_long]))];
  const tally: Record<string, Record<string, number>> = {};

  it('has examples', () => expect(inputs.length).toBeGreaterThan(200));

  for (const input of inputs) {
    it(input, () => {
      let t;
      try {
        t = translate(tables, input);
      } catch (e) {
        if (e instanceof CrossctlError && e.exitCode !== EXIT.usage) return;
        throw e;
      }
      for (const r of t.results) {
        ((tally[r.to] ??= {})[r.status] ??= 0);
        tally[r.to]![r.status]!++;
        if (r.status === 'unsupported') {
          expect(r.reason, `${input} → ${r.to}: an unsupported result says why`).toBeTruthy();
          continue;
        }
        for (const step of r.steps) {
          const v = validateArgv(step.argv, { version: r.version });
          expect(v.issues, `${input} → ${r.to} ${r.version}: ${quoteArgv(step.argv)}`).toEqual([]);
        }
      }
    });
  }

  it('translates at least 85 % exact-or-partial towards docker, podman and nerdctl', () => {
    const rates = Object.fromEntries(
      ['docker', 'podman', 'nerdctl'].map((to) => {
        const c = tally[to] ?? {};
        const total = Object.values(c).reduce((a, b) => a + b, 0);
        return [to, total ? ((c.exact ?? 0) + (c.partial ?? 0)) / total : 0];
      }),
    );
    console.log('corpus exact-or-partial rates', rates, tally);
    for (const [to, rate] of Object.entries(rates)) expect(rate, `${to}: ${JSON.stringify(tally[to])}`).toBeGreaterThanOrEqual(0.85);
  });
});

describe.runIf(!available)('tldr corpus (shared material missing)', () => {
  it(sharedMissingMessage, () => {
    if (inCI()) expect.fail('../shared/corpus and ../shared/reference are required in CI');
  });
});
