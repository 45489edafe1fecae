import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { explain, explainConcept, flagText, renderExplanation, type Explanation } from '../src/explain.js';
import { planLines } from '../src/output.js';
import { projectRoot } from '../src/paths.js';
import { loadTables, type Concept, type Tables } from '../src/tables.js';
import { withSheetIds } from '../src/sheet/rows.js';
import { translate } from '../src/translate.js';
import { sheetFixtureTables } from './support/sheet-fixture.js';

const root = projectRoot();
const tables = loadTables();
const TOOLS = Object.keys(tables.tools);
const fixture: Tables = sheetFixtureTables();
const ANSI = /\u001b\[/;

function cli(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NO_COLOR' && k !== 'FORCE_COLOR'));
  const r = spawnSync(process.execPath, [join(root, 'bin', 'crossctl.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The explanation says for every tool exactly what the tables say. */
function checkAgainstTables(t: Tables, e: Explanation, concept: Concept): void {
  for (const tool of Object.keys(e.command)) {
    const spelling = concept.tools[tool]!;
    const c = e.command[tool]!;
    if (spelling.kind === 'unsupported') expect(c).toEqual({ kind: 'unsupported', reason: spelling.reason });
    else {
      expect(c.kind).toBe('command');
      if (c.kind === 'command') expect(c.commands).toEqual(spelling.commands.map((x) => [tool, ...x.path].join(' ')));
    }
    for (const o of e.options) {
      const s = o.spellings[tool]!;
      expect(o.summary).toBe(concept.options[o.name]!.summary);
      if (spelling.kind === 'unsupported') {
        expect(s).toEqual({ kind: 'no-command', reason: spelling.reason });
        continue;
      }
      const table = spelling.options[o.name]!;
      if (table.kind === 'flag') expect(s).toMatchObject({ kind: 'flag', flag: flagText(table.flag) });
      else if (table.kind === 'positional') expect(s).toEqual({ kind: 'positional' });
      else if (table.kind === 'planned') expect(s).toEqual({ kind: 'planned', how: table.how });
      else expect(s).toEqual({ kind: table.kind, reason: table.reason });
    }
  }
  void t;
}

describe('explain', () => {
  it('explains every table example: concept, options given, spellings and translations from the tables', () => {
    let n = 0;
    for (const concept of Object.values(tables.concepts)) {
      for (const ex of concept.examples) {
        const e = withSheetIds(concept.id, () => explain(tables, ex.in));
        expect(e.mode).toBe('command');
        expect(e.concept.id).toBe(concept.id);
        expect(e.concept.summary).toBe(concept.summary);
        expect(Object.keys(e.command)).toEqual(TOOLS);
        checkAgainstTables(tables, e, concept);
        const t = withSheetIds(concept.id, () => translate(tables, ex.in));
        expect(e.translations.map((r) => r.to)).toEqual(t.results.map((r) => r.to));
        for (const r of t.results) {
          const got = e.translations.find((x) => x.to === r.to)!;
          expect(got.status).toBe(r.status);
          expect(got.lines).toEqual(r.status === 'unsupported' ? [] : planLines(r));
          expect(got.reason).toBe(r.reason);
        }
        n++;
      }
    }
    expect(n).toBeGreaterThan(0);
  });

  it('names each option as typed, with its canonical meaning and every spelling', () => {
    const logs = Object.values(tables.concepts).find((c) => c.id === 'container.logs');
    if (!logs) return;
    const e = explain(tables, ['docker', 'logs', '--tail', '50', '-f', 'web']);
    expect(e.options.map((o) => [o.name, o.given?.token])).toEqual([
      ['tail', '--tail 50'],
      ['follow', '-f'],
    ]);
    const tail = e.options[0]!;
    expect(tail.summary).toBe(logs.options.tail!.summary);
    for (const tool of TOOLS) expect(tail.spellings[tool]).toBeDefined();
    expect(e.args).toEqual([expect.objectContaining({ name: 'container', values: ['web'] })]);
  });

  it('says why a tool cannot, and what an argument becomes', () => {
    const pull = explain(fixture, 'docker pull nginx');
    expect(pull.command.crictl).toEqual({ kind: 'unsupported', reason: 'fixture: crictl pull is a command group in the surfaces' });
    expect(pull.command.ctr).toMatchObject({ kind: 'command', commands: ['ctr images pull'], note: 'fixture note: ctr pulls one platform only' });
    expect(pull.args[0]!.notes).toEqual({ podman: 'written in full: docker.io/library/nginx', ctr: 'written in full: docker.io/library/nginx:latest' });
    expect(pull.translations.find((r) => r.to === 'ctr')).toMatchObject({ status: 'partial', lines: ['ctr images pull docker.io/library/nginx:latest'] });

    const inspect = explain(fixture, 'docker inspect db');
    expect(inspect.args[0]!.notes.crictl).toBe("takes container IDs: looks the name up first with crictl ps -a -q --name '^db$'");
    expect(inspect.args[0]!.notes.ctr).toBeUndefined(); // ctr container IDs are names

    const pods = explain(fixture, 'crictl pods -q');
    expect(pods.options[0]).toMatchObject({ name: 'quiet', given: { token: '-q', implied: false } });
    expect(pods.options[0]!.spellings.docker).toEqual({ kind: 'no-command', reason: 'docker has no pods (fixture reason)' });
    expect(pods.options[0]!.spellings.podman).toEqual({ kind: 'flag', flag: '-q|--quiet' });
    expect(pods.translations.map((r) => r.to)).toEqual(TOOLS.filter((t) => t !== 'crictl'));
  });

  it('lists options implied by the command spelling and words that are not translated', () => {
    const implied = Object.values(tables.concepts).flatMap((c) =>
      Object.entries(c.tools).flatMap(([tool, s]) => (s.kind === 'command' ? s.commands.filter((x) => x.implies).map((x) => ({ c, tool, x })) : [])),
    )[0];
    if (implied) {
      const e = explain(tables, [implied.tool, ...implied.x.path]);
      const name = Object.keys(implied.x.implies!)[0]!;
      expect(e.options.find((o) => o.name === name)).toMatchObject({ given: { token: [implied.tool, ...implied.x.path].join(' '), implied: true } });
    }
    const e = explain(fixture, 'docker inspect db extra');
    expect(e.notTranslated.map((d) => d.token)).toEqual(['extra']);
    expect(renderExplanation(e)).toContain("argument 'extra' is not translated");
  });

  it('explains a concept by id: every option, every tool, the sheet example', () => {
    for (const concept of Object.values(fixture.concepts)) {
      const e = explainConcept(fixture, concept.id);
      expect(e.mode).toBe('concept');
      expect(e.options.map((o) => o.name)).toEqual(Object.keys(concept.options));
      expect(Object.keys(e.command)).toEqual(TOOLS);
      checkAgainstTables(fixture, e, concept);
      expect(e.input).not.toBe('');
    }
  });

  it('renders plain text that reads without colour', () => {
    const text = renderExplanation(explain(fixture, 'docker pull nginx'));
    expect(text).not.toMatch(ANSI);
    expect(text).toContain('docker pull nginx\n  Pull an image (fixture) (fixture.pull, Fixture extras)');
    expect(text).toMatch(/crictl +none: fixture: crictl pull is a command group/);
    expect(text).toMatch(/ctr +ctr images pull ~ fixture note/);
    expect(text).toMatch(/ctr +written in full: docker\.io\/library\/nginx:latest/);
    expect(text).toMatch(/ctr +partial +ctr images pull docker\.io\/library\/nginx:latest\n +~ fixture note: ctr pulls one platform only/);
    const pods = renderExplanation(explain(fixture, 'crictl pods -q'));
    expect(pods).toMatch(/-q: print only pod IDs \(quiet, bool\)\n +docker +no command \(see above\)/);
  });
});

describe('crossctl explain', () => {
  const example = Object.values(tables.concepts)[0]!.examples[0]!.in;

  it('takes words after -- or one quoted string, like translate', () => {
    const a = cli(['explain', example]);
    const b = cli(['explain', '--', ...example.split(' ')]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain(Object.values(tables.concepts)[0]!.summary);
    expect(a.stdout).not.toMatch(ANSI);
  });

  it('prints JSON with --json', () => {
    const r = cli(['explain', '--json', example]);
    expect(r.code, r.stderr).toBe(0);
    // Plans may generate IDs (random outside the sheet): compare without them.
    const stable = (text: string): unknown => JSON.parse(text.replace(/-[0-9a-f]{8}\b/g, '-ID'));
    expect(stable(r.stdout)).toEqual(stable(JSON.stringify(explain(tables, example))));
  });

  it('explains a concept id', () => {
    const concept = Object.values(tables.concepts)[0]!;
    const r = cli(['explain', concept.id]);
    expect(r.code, r.stderr).toBe(0);
    for (const name of Object.keys(concept.options)) expect(r.stdout).toContain(`--${name}: `);
  });

  it('follows the colour policy', () => {
    expect(cli(['explain', example], { FORCE_COLOR: '1' }).stdout).toMatch(ANSI);
    expect(cli(['explain', example], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toMatch(ANSI);
  });

  it('fails cleanly: no command, unknown tool, a command with no mapping', () => {
    const none = cli(['explain']);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toMatch(/^crossctl: error: no command given/);
    const tool = cli(['explain', 'dokker ps']);
    expect(tool.code).toBe(EXIT.usage);
    expect(tool.stderr).toContain('did you mean docker?');
    const unmapped = cli(['explain', 'docker', 'version']);
    if (!tables.index.docker?.version) {
      expect(unmapped.code).toBe(EXIT.untranslatable);
      expect(unmapped.stderr).toMatch(/^crossctl: error: crossctl has no mapping for 'docker version'/);
    }
  });
});
