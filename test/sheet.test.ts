import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planLines } from '../src/output.js';
import { projectRoot } from '../src/paths.js';
import type { TargetResult } from '../src/result.js';
import { renderHtml } from '../src/sheet/html.js';
import { renderJson } from '../src/sheet/json.js';
import { mdCode, renderMarkdown } from '../src/sheet/markdown.js';
import { buildSheet, candidateInvocations, cellOf, selectSheet, withSheetIds } from '../src/sheet/rows.js';
import { matchQuery, searchRows } from '../src/sheet/search.js';
import { allocate, renderTable, textWidth, wrap } from '../src/sheet/table.js';
import { loadTables, type Tables } from '../src/tables.js';
import { translate } from '../src/translate.js';
import { sheetFixtureTables } from './support/sheet-fixture.js';
import { inCI, sharedMissingMessage } from './support/corpus.js';
import { referenceDir, validateArgv } from './support/reference-validator.js';

const root = projectRoot();
const tables = loadTables();
const sheet = buildSheet(tables);
const concepts = Object.values(tables.concepts);
const TOOLS = Object.keys(tables.tools);
// Test-only tables: two topics, a concept docker lacks, a partial cell, an example fallback.
const fixtureTables: Tables = sheetFixtureTables();
const fixtureSheet = buildSheet(fixtureTables);

const ANSI = /\u001b\[/;

function cli(args: string[], env: Record<string, string | undefined> = {}): { code: number | null; stdout: string; stderr: string } {
  const clean = { ...process.env };
  delete clean.NO_COLOR;
  delete clean.FORCE_COLOR;
  const r = spawnSync(process.execPath, [join(root, 'bin', 'crossctl.js'), ...args], { cwd: root, env: { ...clean, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('rows', () => {
  it('have one row per concept of the tables, grouped by topic in sheet order', () => {
    for (const s of [sheet, fixtureSheet]) {
      const t = s === sheet ? tables : fixtureTables;
      expect(s.rows.map((r) => r.concept).sort()).toEqual(Object.keys(t.concepts).sort());
      const order = s.rows.map((r) => s.topics.findIndex((x) => x.id === r.topic));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(order.every((i) => i >= 0)).toBe(true);
    }
    expect(fixtureSheet.topics.length).toBeGreaterThan(1);
  });

  it('have a cell for every tool in every row', () => {
    for (const row of [...sheet.rows, ...fixtureSheet.rows]) expect(Object.keys(row.cells).sort()).toEqual(TOOLS.slice().sort());
  });

  it('are the same on every build (generated IDs are derived from the concept)', () => {
    expect(buildSheet(tables)).toEqual(sheet);
  });

  it('find a working example invocation for every concept', () => {
    for (const row of [...sheet.rows, ...fixtureSheet.rows]) {
      expect(row.input, `${row.concept}: ${Object.values(row.cells)[0]?.note}`).not.toBe('');
      expect(row.cells[row.from]!.status, row.concept).not.toBe('unsupported');
    }
  });

  it('build the invocation from docker, with example arguments and no options', () => {
    const logs = concepts.find((c) => c.tools.docker?.kind === 'command' && c.args.length && c.args.every((a) => a.example !== undefined));
    if (!logs) return;
    const row = sheet.rows.find((r) => r.concept === logs.id)!;
    expect(row.from).toBe('docker');
    for (const a of logs.args) expect(row.input).toContain(a.example!);
    expect(row.input).not.toMatch(/ -/);
  });

  it('fall back to the first tool that has the concept, then to the table example', () => {
    const pods = fixtureSheet.rows.find((r) => r.concept === 'fixture.pods')!;
    expect(pods.from).toBe('podman');
    expect(pods.input).toBe('podman pod ps');
    const inspect = fixtureSheet.rows.find((r) => r.concept === 'fixture.inspect')!;
    expect(inspect.input).toBe('docker inspect db');
    expect(candidateInvocations(fixtureTables, fixtureTables.concepts['fixture.inspect']!)).toEqual(['docker inspect db']);
  });

  it('are what the translation pipeline prints for the row input', () => {
    for (const [t, s] of [[tables, sheet], [fixtureTables, fixtureSheet]] as const) {
      for (const row of s.rows) {
        const tr = withSheetIds(row.concept, () => translate(t, row.input, { to: TOOLS.map((tool) => ({ tool })) }));
        for (const r of tr.results) {
          const cell = row.cells[r.to]!;
          expect(cell.status, `${row.concept} ${r.to}`).toBe(r.status);
          if (r.status === 'unsupported') {
            expect(cell.command).toBeNull();
            expect(cell.note).toBe(r.reason);
          } else {
            expect(cell.command).toBe(planLines({ ...r, files: [] }).join(' && '));
            const notes = [...r.warnings, ...(r.files.length ? [`first writes ${r.files.map((f) => f.name).join(', ')}`] : [])];
            if (notes.length) expect(cell.note?.startsWith(notes.join('; ')), `${cell.note}`).toBe(true);
            else expect(cell.note).toBeNull();
          }
        }
      }
    }
  });

  it('mark a partial cell with its warning and an unsupported one with its reason', () => {
    const pull = fixtureSheet.rows.find((r) => r.concept === 'fixture.pull')!;
    expect(pull.cells.ctr!.status).toBe('partial');
    expect(pull.cells.ctr!.note).toContain('fixture note: ctr pulls one platform only');
    expect(pull.cells.ctr!.command).toBe('ctr images pull docker.io/library/nginx:latest');
    expect(pull.cells.crictl).toMatchObject({ status: 'unsupported', command: null });
    expect(pull.cells.crictl!.note).toContain('command group');
  });

  it('join the steps of a plan with && and name the files it writes first', () => {
    const r: TargetResult = {
      to: 'crictl',
      version: '1.36.0',
      status: 'exact',
      steps: [{ argv: ['crictl', 'pull', 'nginx'] }, { argv: ['crictl', 'runp', 'pod.json'], capture: 'POD' }, { argv: ['crictl', 'create', '${POD}', 'c.json', 'pod.json'] }],
      files: [{ name: 'pod.json', content: '{}\n' }, { name: 'c.json', content: '{}\n' }],
      warnings: [],
      reason: null,
    };
    const cell = cellOf(r);
    expect(cell.command).toBe('crictl pull nginx && crictl create "$(crictl runp pod.json)" c.json pod.json');
    expect(cell.note).toContain('pod.json, c.json');
    expect(cell.steps).toHaveLength(3);
  });
});

describe.skipIf(referenceDir() === null)('cell commands', () => {
  it('are valid under their tool reference surface', () => {
    let checked = 0;
    for (const row of [...sheet.rows, ...fixtureSheet.rows]) {
      for (const [tool, cell] of Object.entries(row.cells)) {
        if (cell.status === 'unsupported') continue;
        expect(cell.steps.length, `${row.concept} ${tool}`).toBeGreaterThan(0);
        for (const argv of cell.steps) {
          const v = validateArgv(argv, { version: cell.version });
          expect(v.issues, `${row.concept} → ${tool} ${cell.version}: ${cell.command}`).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe.runIf(referenceDir() === null)('cell commands (reference missing)', () => {
  it(sharedMissingMessage, () => {
    if (inCI()) expect.fail('../shared/reference is required in CI');
  });
});

describe('selection', () => {
  it('sheet TOOL keeps the concepts the tool has, with the docker column next to it', () => {
    for (const s of [sheet, fixtureSheet]) {
      const t = s === sheet ? tables : fixtureTables;
      const crictl = selectSheet(s, { tool: 'crictl' });
      expect(crictl.tools).toEqual(['crictl', 'docker']);
      expect(crictl.rows.map((r) => r.concept)).toEqual(s.rows.filter((r) => t.concepts[r.concept]!.tools.crictl?.kind === 'command').map((r) => r.concept));
    }
    const crictl = selectSheet(fixtureSheet, { tool: 'crictl' });
    expect(crictl.rows.find((r) => r.concept === 'fixture.pods')!.cells.docker!.status).toBe('unsupported');
    expect(selectSheet(fixtureSheet, { tool: 'docker' }).tools).toEqual(TOOLS);
    expect(selectSheet(fixtureSheet, { tool: 'ctr', tools: ['podman', 'crictl'] }).tools).toEqual(['ctr', 'podman', 'crictl']);
  });

  it('topics and --tools narrow rows and columns', () => {
    const s = selectSheet(fixtureSheet, { topics: ['fixture-extra'], tools: ['crictl', 'docker'] });
    expect(s.rows.every((r) => r.topic === 'fixture-extra')).toBe(true);
    expect(s.topics.map((t) => t.id)).toEqual(['fixture-extra']);
    expect(s.tools).toEqual(['crictl', 'docker']);
  });
});

describe('search', () => {
  const find = (q: string): string[] => searchRows(fixtureTables, fixtureSheet.rows, q).map((r) => r.concept);

  it('finds every concept by its name and by its summary with a typo', () => {
    for (const row of sheet.rows) {
      expect(searchRows(tables, sheet.rows, row.concept).map((r) => r.concept)).toContain(row.concept);
      const long = row.summary.split(' ').find((w) => w.length >= 5);
      if (!long) continue;
      const typo = long.slice(0, 1) + long.slice(2, 3) + long.slice(1, 2) + long.slice(3); // swap letters 2 and 3
      expect(searchRows(tables, sheet.rows, typo).map((r) => r.concept), `${typo} → ${row.concept}`).toContain(row.concept);
    }
  });

  it('matches commands, flags and option names, forgiving typos', () => {
    expect(find('crictl pods')).toEqual(['fixture.pods']);
    expect(find('podman pod ps')).toContain('fixture.pods');
    expect(find('crictl pods -q')).toEqual(['fixture.pods']);
    expect(find('nginx')).toEqual(['fixture.pull']);
    expect(find('inspetc')).toEqual(['fixture.inspect']);
    expect(find('imgae pul')).toContain('fixture.pull');
    expect(find('--tail')).toEqual(['fixture.logs']);
    expect(find('folow logs')).toEqual(['fixture.logs']);
    expect(find('contianer logs')).toEqual(['fixture.logs']);
    expect(find('details')).toEqual(['fixture.logs']);
    expect(find('logs web')).toEqual(['fixture.logs']);
    expect(find('zzzzqqq')).toEqual([]);
  });

  it('prefers exact hits over fuzzy ones', () => {
    const words = ['push', 'image'];
    const d = (a: string, b: string): number => [...a].filter((c, i) => c !== b[i]).length + Math.abs(a.length - b.length);
    expect(matchQuery('pish', words, 'push image', d, 'words')).toBe(false);
    expect(matchQuery('pish', words, 'push image', d, 'fuzzy')).toBe(true);
    expect(matchQuery('pull', words, 'push image', d, 'fuzzy')).toBe(false);
    expect(matchQuery('image push', words, 'push image', d, 'words')).toBe(true);
    expect(matchQuery('push   image', words, 'push image', d, 'words')).toBe(true);
  });
});

describe('table', () => {
  it('wraps words, cutting only words longer than a line', () => {
    expect(wrap('crictl logs --tail 50', 12)).toEqual(['crictl logs', '--tail 50']);
    expect(wrap('docker.io/library/nginx:latest', 12).every((l) => l.length <= 12)).toBe(true);
    expect(wrap('docker.io/library/nginx:latest', 12).join('')).toBe('docker.io/library/nginx:latest');
    expect(allocate([5, 50, 50], 60)).toEqual([5, 27, 28]);
  });

  it('fits every width: no line overflows, in colour or not', () => {
    const color = { color: true, bold: (s: string) => `\u001b[1m${s}\u001b[22m`, dim: (s: string) => `\u001b[2m${s}\u001b[22m`, partial: (s: string) => `\u001b[33m${s}\u001b[39m`, none: (s: string) => `\u001b[31m${s}\u001b[39m`, exact: (s: string) => s };
    for (const s of [sheet, fixtureSheet, selectSheet(fixtureSheet, { tool: 'crictl' })]) {
      for (const width of [10, 20, 33, 40, 60, 80, 100, 120, 160, 240]) {
        for (const style of [undefined, color]) {
          const out = renderTable(s, { width, ...(style ? { style } : {}) });
          for (const line of out.split('\n')) expect(textWidth(line), `width ${width}: ${line}`).toBeLessThanOrEqual(width);
          if (!style) expect(out).not.toMatch(ANSI);
        }
      }
    }
  });

  it('shows every concept, its status marks and notes', () => {
    const out = renderTable(fixtureSheet, { width: 400 });
    for (const row of fixtureSheet.rows) expect(out).toContain(row.concept);
    expect(out).toContain('~ ctr images pull docker.io/library/nginx:latest [');
    expect(out).toMatch(/none \[\d+\]/);
    expect(out).toMatch(/\[\d+\] ctr: fixture note: ctr pulls one platform only/);
    expect(out).toContain('docker has no pods (fixture reason)');
    // Narrow: stacked, still everything.
    const narrow = renderTable(fixtureSheet, { width: 50 });
    for (const row of fixtureSheet.rows) expect(narrow.replace(/\s+/g, '')).toContain(row.concept);
  });
});

describe('markdown', () => {
  const md = renderMarkdown(fixtureSheet);

  it('has a heading and a GitHub table per topic, every concept in it', () => {
    for (const topic of fixtureSheet.topics) expect(md).toContain(`\n## ${topic.title}\n\n| concept | ${TOOLS.join(' | ')} |\n| --- |`);
    for (const row of fixtureSheet.rows) expect(md).toContain(`\`${row.concept}\``);
    // Every table line has as many unescaped pipes as its header.
    for (const block of md.split('\n\n').filter((b) => b.startsWith('| concept'))) {
      const counts = block.split('\n').map((l) => l.replace(/\\\|/g, '').split('|').length);
      expect(new Set(counts).size, block).toBe(1);
    }
    expect(md).toMatch(/~ `ctr images pull docker\.io\/library\/nginx:latest` \[\d\]/);
    expect(md).toMatch(/\n\d\. \*\*ctr\*\*: fixture note: ctr pulls one platform only/);
  });

  it('escapes pipes and backticks inside code spans', () => {
    expect(mdCode("crictl ps --name 'a|b'")).toBe("`crictl ps --name 'a\\|b'`");
    expect(mdCode('echo `x`')).toBe('`` echo `x` ``');
  });
});

describe('json', () => {
  it('has the tools and a cell for every tool in every row', () => {
    const j = JSON.parse(renderJson(fixtureSheet)) as { tools: string[]; rows: { concept: string; topic: string; summary: string; cells: Record<string, { status: string; command: string | null; note: string | null }> }[] };
    expect(j.tools).toEqual(TOOLS);
    expect(j.rows.map((r) => r.concept).sort()).toEqual(Object.keys(fixtureTables.concepts).sort());
    for (const row of j.rows) {
      expect(Object.keys(row.cells)).toEqual(TOOLS);
      expect(row.summary).toBeTruthy();
      for (const c of Object.values(row.cells)) {
        expect(Object.keys(c).sort()).toEqual(['command', 'note', 'status']);
        expect(['exact', 'partial', 'unsupported']).toContain(c.status);
        expect(c.command === null).toBe(c.status === 'unsupported');
        if (c.status !== 'exact') expect(c.note).toBeTruthy();
      }
    }
  });
});

describe('html', () => {
  const html = renderHtml(fixtureSheet, fixtureTables);

  it('is one self-contained page with every concept', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<link\b|<script[^>]+src=|<img\b|@import|url\(|https?:\/\//i);
    expect(html).toContain('name="viewport"');
    expect(html).toContain('@media print');
    expect(html).toMatch(/@media screen and \(max-width:\s*\d+px\)/);
    expect(html).toContain('id="q"');
    for (const tool of TOOLS) expect(html).toContain(`value="${tool}"`);
    for (const row of fixtureSheet.rows) expect(html).toContain(`id="${row.concept}"`);
  });

  it('escapes what it shows', () => {
    expect(html).toContain('crictl inspect &quot;$(crictl ps -a -q --name &#39;^db$&#39;)&quot;');
  });
});

describe('crossctl sheet', () => {
  it('prints every concept in every format', () => {
    for (const format of ['table', 'markdown', 'json', 'html']) {
      const r = cli(['sheet', '--format', format, '--width', '400']);
      expect(r.code, r.stderr).toBe(0);
      for (const c of concepts) expect(r.stdout, `${format}: ${c.id}`).toContain(c.id);
    }
  });

  it('fits 100 columns when not a terminal, and the width asked for', () => {
    for (const [args, width] of [[[], 100], [['--width', '44'], 44], [['crictl'], 100]] as const) {
      const r = cli(['sheet', ...args]);
      expect(r.code, r.stderr).toBe(0);
      for (const line of r.stdout.split('\n')) expect(textWidth(line), line).toBeLessThanOrEqual(width);
    }
  });

  it('respects NO_COLOR and FORCE_COLOR; no colour into a pipe', () => {
    expect(cli(['sheet']).stdout).not.toMatch(ANSI);
    expect(cli(['sheet'], { FORCE_COLOR: '1' }).stdout).toMatch(ANSI);
    expect(cli(['sheet'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toMatch(ANSI);
    expect(cli(['sheet', '--format', 'markdown'], { FORCE_COLOR: '1' }).stdout).not.toMatch(ANSI);
  });

  it('sheet crictl lists the concepts crictl has with docker next to them', () => {
    const r = cli(['sheet', 'crictl', '--format', 'json']);
    const j = JSON.parse(r.stdout) as { tools: string[]; rows: { concept: string }[] };
    expect(j.tools).toEqual(['crictl', 'docker']);
    expect(j.rows.map((x) => x.concept)).toEqual(sheet.rows.filter((x) => tables.concepts[x.concept]!.tools.crictl?.kind === 'command').map((x) => x.concept));
  });

  it('filters by topic, tools and search; says when nothing matches', () => {
    const topic = tables.topics[0]!;
    const r = cli(['sheet', topic.id, '--tools', 'docker,ctr', '--search', 'logs', '--format', 'json']);
    const j = JSON.parse(r.stdout) as { tools: string[]; rows: { concept: string; topic: string; cells: object }[] };
    expect(j.tools).toEqual(['docker', 'ctr']);
    for (const row of j.rows) {
      expect(row.topic).toBe(topic.id);
      expect(Object.keys(row.cells)).toEqual(['docker', 'ctr']);
    }
    const none = cli(['sheet', '--search', 'zzzzqqqq']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no concept matches 'zzzzqqqq'");
  });

  it('refuses unknown topics, tools and formats with a suggestion', () => {
    const topic = cli(['sheet', tables.topics[0]!.id.slice(0, -1) + 'x']);
    expect(topic.code).toBe(2);
    expect(topic.stderr).toMatch(/crossctl: error: .* is neither a topic nor a tool \(did you mean/);
    const tool = cli(['sheet', '--tools', 'dokcer']);
    expect(tool.code).toBe(2);
    expect(tool.stderr).toContain('did you mean docker?');
    expect(cli(['sheet', '--format', 'pdf']).code).toBe(2);
  });

  it('exits quietly into a closed pipe', () => {
    // bash only here, to make the pipe; PIPESTATUS[0] is crossctl's exit status.
    const script = `node bin/crossctl.js sheet | head -1; echo "status=\${PIPESTATUS[0]}" >&2
node bin/crossctl.js sheet --format html --width 400 | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}" >&2
node bin/crossctl.js sheet --format json | true; echo "status=\${PIPESTATUS[0]}" >&2`;
    const r = spawnSync('bash', ['-c', script], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout.split('\n')[0]).toMatch(/^┌/);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr.trim().split('\n')).toEqual(['status=0', 'status=0', 'status=0']);
  });

  it('loads the entry and one bundle for translate, sheet and init, and the full CLI only for the rest', () => {
    // A module hook reports every file the CLI loads. cli-table3 and chalk sit inside dist/sheet.cjs behind lazy
    // initialisers: their code runs for the table format only, and nothing else is read from disk.
    const loaded = (args: string[]): string[] => {
      const dir = mkdtempSync(join(tmpdir(), 'crossctl-trace-'));
      const trace = join(dir, 'trace');
      try {
        const r = spawnSync(process.execPath, ['--import', join(root, 'test', 'support', 'trace-imports.mjs'), join(root, 'bin', 'crossctl.js'), ...args], {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, CROSSCTL_TRACE_FILE: trace },
        });
        expect(r.status, r.stderr).toBe(0);
        return readFileSync(trace, 'utf8').trim().split('\n').map((u) => u.slice(u.indexOf('/bin/') >= 0 ? u.indexOf('/bin/') + 1 : u.indexOf('/dist/') + 1));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    for (const args of [['translate', '--to', 'crictl', 'docker ps -a'], ['docker', 'ps']]) {
      expect(loaded(args), args.join(' ')).toEqual(['bin/crossctl.js', 'dist/main.cjs', 'dist/translate.cjs']);
    }
    for (const args of [['sheet'], ['sheet', '--format', 'markdown'], ['sheet', '--format', 'html']]) {
      expect(loaded(args), args.join(' ')).toEqual(['bin/crossctl.js', 'dist/main.cjs', 'dist/sheet.cjs']);
    }
    expect(loaded(['init', 'bash', '--to', 'podman'])).toEqual(['bin/crossctl.js', 'dist/main.cjs', 'dist/init.cjs']);
    expect(loaded(['--version'])).toContain('dist/cli.js');
  });
});

describe('docs/cheatsheet.md', () => {
  it('is the fresh render of the tables (npm run docs regenerates it)', () => {
    const file = join(root, 'docs', 'cheatsheet.md');
    const fresh = renderMarkdown(buildSheet(tables));
    let checkedIn = '';
    try {
      checkedIn = readFileSync(file, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    expect(checkedIn === fresh, 'docs/cheatsheet.md is stale: run npm run docs and commit it').toBe(true);
  });
});
