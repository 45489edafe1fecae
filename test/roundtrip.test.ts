import { describe, expect, it } from 'vitest';
import { findConcept, toIntent, type Intent } from '../src/intent.js';
import { parse } from '../src/parse.js';
import { loadTables } from '../src/tables.js';
import { translate } from '../src/translate.js';
import { lex } from '../src/lex.js';
import { normalizeImage } from '../src/image-ref.js';
import { haveCorpus, isSingleCommand, loadCorpus } from './support/corpus.js';

// docker → podman → docker and docker → nerdctl → docker keep the concept, the options and the arguments.
const tables = loadTables();

function intentOf(argv: string[]): Intent {
  const parsed = parse(argv, tables.tools[argv[0]!]!);
  return toIntent(tables, parsed, findConcept(tables, parsed));
}

// What the command does: options the user left out take the parsing tool's default (podman commit does not pause).
function effective(i: Intent): Record<string, unknown> {
  const out: Record<string, unknown> = { ...i.options };
  const spelling = i.concept.tools[i.source];
  for (const [k, opt] of Object.entries(i.concept.options)) {
    if (out[k] !== undefined) continue;
    const s = spelling?.kind === 'command' ? spelling.options[k] : undefined;
    const d = (s?.kind === 'flag' ? s.default : undefined) ?? opt.default;
    if (d !== undefined) out[k] = opt.type === 'bool' ? d === 'true' : d;
  }
  return out;
}

// Image references compare by what they name: podman writes docker's `nginx` as docker.io/library/nginx.
const meaning = (i: Intent, via: string) => ({
  concept: i.concept.id,
  // An option set to its canonical default says nothing more than leaving it out (podman save -m for docker's default).
  // An option the intermediate tool spells `implicit` (it always behaves so: podman cp never shows progress) has
  // nothing to carry.
  options: Object.fromEntries(
    Object.entries(effective(i)).filter(([k, v]) => {
      const spelling = i.concept.tools[via];
      if (spelling?.kind === 'command' && spelling.options[k]?.kind === 'implicit') return false;
      return i.concept.options[k]?.default === undefined || String(v) !== i.concept.options[k]!.default;
    }),
  ),
  args: Object.fromEntries(
    Object.entries(i.args).map(([name, values]) => [
      name,
      i.concept.args.find((a) => a.name === name)?.kind === 'image' ? values.map((v) => normalizeImage(v, 'fully-qualified')) : values,
    ]),
  ),
  help: i.help,
});

const tableInputs = Object.values(tables.concepts).flatMap((c) => c.examples.map((e) => e.in)).filter((s) => s.startsWith('docker '));
const corpusInputs = haveCorpus()
  ? loadCorpus()
      .filter((r) => r.tool === 'docker' && r.family === 'core' && isSingleCommand(r.concrete))
      .flatMap((r) => [r.concrete, r.concrete_long])
  : [];

describe('round trips through podman and nerdctl', () => {
  for (const input of [...new Set([...tableInputs, ...corpusInputs])]) {
    for (const via of ['podman', 'nerdctl']) {
      it(`${input} → ${via} → docker`, () => {
        const there = translate(tables, input, { to: [{ tool: via }] }).results[0]!;
        // Only what went across cleanly must come back unchanged; losses are warned about on the way.
        if (there.status !== 'exact' || there.steps.length !== 1) return;
        const original = intentOf(lex(input).words);
        const back = intentOf(there.steps[0]!.argv);
        if (original.help) expect([back.concept.id, back.help]).toEqual([original.concept.id, true]);
        else expect(meaning(back, via)).toEqual(meaning(original, via));
        const home = translate(tables, there.steps[0]!.argv, { to: [{ tool: 'docker' }] }).results[0]!;
        expect(home.status, home.warnings.join('; ')).toBe('exact');
      });
    }
  }
});
