import { describe, expect, it } from 'vitest';
import { planLines } from '../src/output.js';
import { useIdSource } from '../src/plans/util.js';
import { loadTables } from '../src/tables.js';
import { translate } from '../src/translate.js';

// Each concept carries its own examples (input → expected output per tool), like ESLint rules carry their cases.
const tables = loadTables();
// Generated IDs (ctr run without --name, ctr exec IDs) are random in use; examples see a fixed one.
useIdSource((prefix) => `${prefix}-1`);

describe('table examples', () => {
  for (const concept of Object.values(tables.concepts)) {
    describe(concept.id, () => {
      it('has at least one example', () => {
        expect(concept.examples.length, `${concept.at}: add an example`).toBeGreaterThan(0);
      });
      for (const ex of concept.examples) {
        for (const [tool, want] of Object.entries(ex.out)) {
          it(`${ex.in} → ${tool}`, () => {
            const t = translate(tables, ex.in, { to: [{ tool }] });
            const r = t.results[0]!;
            const where = `${ex.at}: ${ex.in} → ${tool}`;
            if (want.status) expect(r.status, `${where}\nwarnings: ${r.warnings.join('; ')}\nreason: ${r.reason}`).toBe(want.status);
            if (want.command !== undefined) expect(planLines(r).join('\n'), where).toBe(want.command);
            if (want.warning !== undefined) {
              const texts = [...r.warnings, r.reason ?? ''];
              expect(texts.some((w) => w.includes(want.warning!)), `${where}: no warning contains '${want.warning}' in ${JSON.stringify(texts)}`).toBe(true);
            }
          });
        }
      }
    });
  }
});
