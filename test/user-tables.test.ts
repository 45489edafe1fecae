import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compileTables, MappingError } from '../src/mappings/compile.js';
import { distDir, mappingsDir, projectRoot } from '../src/paths.js';
import { builtinTables, loadTables, useTables } from '../src/tables.js';
import { translate } from '../src/translate.js';
import { applyUserTables, userMappingsDir } from '../src/user-tables.js';
import { binPath, emptyConfigHome, runCli } from './support/run-cli.js';

// User tables: `--mappings DIR` and $XDG_CONFIG_HOME/crossctl/mappings add or replace concepts at run time,
// through the same schema and compiler as the built-in tables.

const IMAGES = `topic: my-images
title: My images
concepts:
  mine.images:
    summary: List images (user table)
    options:
      quiet: { type: bool, summary: "only IDs" }
    tools:
      docker: { command: [images, image ls], options: { quiet: -q|--quiet } }
      podman: { command: images, options: { quiet: -q|--quiet } }
      nerdctl: { command: [images, image ls], options: { quiet: -q|--quiet } }
      ctr: { command: images list, options: { quiet: -q|--quiet } }
      crictl: { command: images, options: { quiet: -q|--quiet } }
    examples:
      - in: docker images -q
        out: { ctr: ctr images list -q }
`;

// The same command path as the built-in container.list: a user concept wins over the built-in one.
const PS = `topic: my-ps
title: My ps
concepts:
  mine.ps:
    summary: List containers my way
    options:
      all: { type: bool, summary: "all of them" }
    tools:
      docker: { command: ps, options: { all: -a|--all } }
      podman: { command: ps, options: { all: -a|--all } }
      nerdctl: { command: ps, options: { all: -a|--all } }
      ctr: { command: containers list, options: { all: { implicit: "ctr lists every container" } } }
      crictl: { command: ps, options: { all: -a|--all }, note: "my note" }
`;

const BROKEN = `topic: broken
title: Broken
concepts:
  mine.broken:
    summary: x
    tools:
      docker: { command: nosuch }
      podman: { command: ps, options: { bogus: --bogus } }
`;

let root: string;
let n = 0;
const dir = (files: Record<string, string>): string => {
  const d = join(root, `d${++n}`);
  mkdirSync(d, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
};
const overlay = (...overlays: string[]) =>
  compileTables({ mappingsDir: mappingsDir(), surfacesDir: join(distDir(), 'surfaces'), overlays, base: builtinTables() });
const problemsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof MappingError) return e.problems;
    throw e;
  }
  throw new Error('expected a MappingError');
};
const protoKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'crossctl-user-tables-'));
});
afterEach(() => useTables(undefined));

describe('user tables', () => {
  it('--mappings DIR adds concepts, for the shortcut and for translate (before or after the command name)', async () => {
    const d = dir({ 'images.yaml': IMAGES });
    const env = { XDG_CONFIG_HOME: emptyConfigHome() };
    const a = await runCli(['--mappings', d, 'docker', 'images', '-q'], env);
    expect(a.stderr).toBe('');
    expect(a.stdout).toContain('ctr images list -q');
    expect(a.code).toBe(0);
    const b = await runCli(['translate', '--mappings', d, '--to', 'ctr', '--json', 'docker images'], env);
    expect(JSON.parse(b.stdout).concept).toBe('mine.images');
    const c = await runCli([`--mappings=${d}`, 'translate', '--to', 'ctr', 'docker images'], env);
    expect(c.stdout).toBe('ctr images list\n');
    // Without it, the built-in tables answer.
    const none = await runCli(['translate', '--to', 'ctr', '--json', 'docker images'], env);
    expect(JSON.parse(none.stdout).concept).not.toBe('mine.images');
  });

  it('--mappings reaches sheet and explain too', async () => {
    const d = dir({ 'images.yaml': IMAGES });
    const env = { XDG_CONFIG_HOME: emptyConfigHome() };
    const sheet = await runCli(['sheet', '--mappings', d, '--format', 'json', 'my-images'], env);
    expect(sheet.code, sheet.stderr).toBe(0);
    expect(JSON.parse(sheet.stdout).rows.map((r: { concept: string }) => r.concept)).toEqual(['mine.images']);
    const explain = await runCli(['--mappings', d, 'explain', '--json', 'mine.images'], env);
    expect(explain.code, explain.stderr).toBe(0);
    expect(JSON.parse(explain.stdout).concept.id).toBe('mine.images');
  });

  it('an empty default directory loads nothing', async () => {
    const home = mkdtempSync(join(root, 'empty-'));
    mkdirSync(join(home, 'crossctl', 'mappings'), { recursive: true });
    writeFileSync(join(home, 'crossctl', 'mappings', 'README.txt'), 'not a table');
    await applyUserTables([], { XDG_CONFIG_HOME: home });
    expect(loadTables()).toBe(builtinTables());
  });

  it('$XDG_CONFIG_HOME/crossctl/mappings is read by default; a relative XDG_CONFIG_HOME is ignored for ~/.config', async () => {
    const home = mkdtempSync(join(root, 'home-'));
    mkdirSync(join(home, 'crossctl', 'mappings'), { recursive: true });
    writeFileSync(join(home, 'crossctl', 'mappings', 'images.yaml'), IMAGES);
    const r = await runCli(['translate', '--to', 'ctr', 'docker images -q'], { XDG_CONFIG_HOME: home });
    expect(r).toEqual({ code: 0, stdout: 'ctr images list -q\n', stderr: '' });
    expect(userMappingsDir({ XDG_CONFIG_HOME: 'relative/dir', HOME: '/h' })).toBe('/h/.config/crossctl/mappings');
    expect(userMappingsDir({ HOME: '/h' })).toBe('/h/.config/crossctl/mappings');
    expect(userMappingsDir({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/crossctl/mappings');
  });

  it('a user concept replaces the built-in one for the same command', async () => {
    const d = dir({ 'ps.yaml': PS });
    await applyUserTables([d], { XDG_CONFIG_HOME: emptyConfigHome() });
    const t = translate(loadTables(), 'docker ps -a', { to: [{ tool: 'crictl' }] });
    expect(t.concept).toBe('mine.ps');
    expect(t.results[0]!.warnings.join('\n')).toContain('my note');
    // Built-in concepts are still there.
    expect(translate(loadTables(), 'docker logs web').concept).toBe('container.logs');
  });

  it('lists every problem of every file as file:line:col, exits 2, and applies nothing from the directory', async () => {
    const d = dir({ 'a-good.yaml': IMAGES, 'b-broken.yaml': BROKEN, 'c-syntax.yaml': 'topic: [unclosed\n' });
    const r = await runCli(['--mappings', d, 'translate', '--to', 'ctr', 'docker images'], { XDG_CONFIG_HOME: emptyConfigHome() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^crossctl: error: /);
    const located = lines.filter((l) => /^crossctl: error: \/\S+\.yaml:\d+:\d+: /.test(l));
    expect(located.some((l) => l.includes('b-broken.yaml:5:'))).toBe(true); // summary too short
    expect(located.some((l) => l.includes('c-syntax.yaml:'))).toBe(true);
    expect(lines.at(-1)).toMatch(/problems in user mapping tables .*none of them were applied/);
    // The good file in the same directory was not applied.
    expect(loadTables().concepts['mine.images']).toBeUndefined();
    const compiled = problemsOf(() => overlay(dir({ 'a.yaml': IMAGES, 'b.yaml': BROKEN.replace('summary: x', 'summary: broken') })));
    expect(compiled.join('\n')).toMatch(/b\.yaml:7:\d+: docker has no command 'nosuch'/);
    expect(compiled.join('\n')).toMatch(/b\.yaml:8:\d+: 'bogus' is not an option of this concept/);
    expect(compiled.join('\n')).toMatch(/b\.yaml:6:\d+: mine\.broken has no column for nerdctl/);
  });

  it('a broken directory leaves the tables as they were (no half-applied state)', () => {
    const before = JSON.stringify(builtinTables());
    expect(() => overlay(dir({ 'a.yaml': IMAGES }), dir({ 'b.yaml': BROKEN }))).toThrow(MappingError);
    expect(JSON.stringify(builtinTables())).toBe(before);
  });

  it('refuses YAML alias bombs ("billion laughs") quickly, with a clear message', () => {
    const names = 'abcdefghij';
    const lines = [`a: &a [${Array(9).fill('"lol"').join(', ')}]`];
    for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
    const bomb = `topic: lol\ntitle: Lol\nconcepts: {}\n${lines.join('\n')}\n`;
    const started = Date.now();
    const problems = problemsOf(() => overlay(dir({ 'bomb.yaml': bomb })));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(problems.join('\n')).toMatch(/bomb\.yaml:\d+:\d+: YAML aliases expand to more than \d+ nodes; refusing a possible alias bomb/);
  });

  it('refuses files over 1 MiB without parsing them', () => {
    const big = `topic: big\ntitle: Big\nconcepts: {}\n${'# padding padding padding padding padding padding padding\n'.repeat(20_000)}`;
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const problems = problemsOf(() => overlay(dir({ 'big.yaml': big })));
    expect(problems).toEqual([expect.stringMatching(/big\.yaml:1:1: file is \d+ bytes; mapping files are limited to 1048576 bytes/)]);
  });

  it('refuses a FIFO or device named *.yaml instead of blocking on it', () => {
    const d = dir({});
    const made = spawnSync('mkfifo', [join(d, 'pipe.yaml')]);
    if (made.status !== 0) return;
    expect(problemsOf(() => overlay(d))).toEqual([expect.stringMatching(/pipe\.yaml:1:1: not a regular file/)]);
  });

  it('reports deeply nested YAML as a problem, not a crash', () => {
    const deep = `topic: deep\ntitle: Deep\nconcepts:\n  x.y: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    expect(problemsOf(() => overlay(dir({ 'deep.yaml': deep }))).length).toBeGreaterThan(0);
  });

  it('refuses tools.yaml in a user directory: user tables add concepts, not tools', () => {
    expect(problemsOf(() => overlay(dir({ 'tools.yaml': 'x: 1\n' })))).toEqual([expect.stringMatching(/tools\.yaml:1:1: user tables cannot change tools\.yaml/)]);
  });

  it('--mappings DIR that does not exist is a one-line error, exit 2', async () => {
    const r = await runCli(['--mappings', join(root, 'nope'), 'docker', 'ps'], { XDG_CONFIG_HOME: emptyConfigHome() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^crossctl: error: --mappings \S+nope: no such directory\n$/);
  });
});

describe('prototype pollution through table keys', () => {
  // Every place a table author chooses a key: concept names, option names, tool names (concept columns and
  // example outputs), values and keys maps, implies, and the top level.
  const concept = (patch: (c: string) => string): string =>
    patch(`topic: evil
title: Evil
concepts:
  evil.thing:
    summary: Evil concept
    options:
      state: { type: filter, summary: "a filter" }
    tools:
      docker: { command: [ps], options: { state: { flag: --filter, values: { running: up } } } }
      podman: { command: { path: ps, implies: { state: x } }, options: { state: --filter } }
      nerdctl: { command: ps, options: { state: --filter } }
      ctr: { unsupported: "not in ctr" }
      crictl: { command: ps, options: { state: { flag: --name, keys: { status: { flag: --state, values: { running: RUNNING } } } } } }
    examples:
      - in: docker ps
        out: { ctr: { status: unsupported } }
`);
  const payload = '{ polluted: "yes", toString: "x" }';
  const cases: Record<string, (key: string) => string> = {
    'top level': (k) => concept((c) => `${k}: ${payload}\n${c}`),
    'concept name': (k) => concept((c) => c.replace('  evil.thing:', `  ${k}: ${payload}\n  evil.thing:`)),
    'dotted concept name': (k) => concept((c) => c.replace('  evil.thing:', `  ${k}.x: ${payload}\n  evil.thing:`)),
    'option name': (k) => concept((c) => c.replace('      state: { type: filter', `      ${k}: { type: bool, summary: x }\n      state: { type: filter`)),
    'tool column': (k) => concept((c) => c.replace('      ctr: {', `      ${k}: ${payload}\n      ctr: {`)),
    'tool option name': (k) => concept((c) => c.replace('options: { state: --filter } }\n      nerdctl', `options: { state: --filter, ${k}: --filter } }\n      nerdctl`)),
    'values map': (k) => concept((c) => c.replace('values: { running: up }', `values: { running: up, ${k}: polluted }`)),
    'keys map': (k) => concept((c) => c.replace('keys: { status:', `keys: { ${k}: --label, status:`)),
    'key values map': (k) => concept((c) => c.replace('values: { running: RUNNING }', `values: { ${k}: RUNNING }`)),
    implies: (k) => concept((c) => c.replace('implies: { state: x }', `implies: { ${k}: x }`)),
    'example output tool': (k) => concept((c) => c.replace('out: { ctr:', `out: { ${k}: ${payload}, ctr:`)),
    'nested payload': (k) => concept((c) => c.replace('summary: Evil concept', `summary: Evil concept\n    ${k}: { ${k}: ${payload} }`)),
  };

  it('the unpatched table compiles (so each case below fails only because of its key)', () => {
    const t = overlay(dir({ 'evil.yaml': concept((c) => c) }));
    expect(t.concepts['evil.thing']).toBeDefined();
  });

  for (const key of ['__proto__', 'constructor', 'prototype']) {
    for (const [where, make] of Object.entries(cases)) {
      it(`${key} as ${where}: refused with file:line:col, and Object.prototype stays clean`, async () => {
        const before = protoKeys();
        const d = dir({ 'evil.yaml': make(key) });
        const problems = problemsOf(() => overlay(d));
        expect(problems.some((p) => /evil\.yaml:\d+:\d+: /.test(p)), problems.join('\n')).toBe(true);
        // Through the CLI as well.
        const r = await runCli(['--mappings', d, 'docker', 'ps'], { XDG_CONFIG_HOME: emptyConfigHome() });
        expect(r.code).toBe(2);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype.toString).toBe(Object.prototype.toString);
        expect(protoKeys()).toEqual(before);
        expect(Object.getPrototypeOf(loadTables().concepts)).toBe(Object.prototype);
      });
    }
  }
});

describe('the fast path', () => {
  // Which of dist/'s files does a real run load? test/support/trace-imports.mjs records ES modules and CommonJS.
  const record = (argv: string[], env: Record<string, string>): string[] => {
    const d = mkdtempSync(join(tmpdir(), 'crossctl-loads-'));
    const log = join(d, 'loaded.txt');
    writeFileSync(log, '');
    execFileSync(process.execPath, ['--import', join(projectRoot(), 'test', 'support', 'trace-imports.mjs'), binPath(), ...argv], {
      env: { ...process.env, NO_COLOR: '1', ...env, CROSSCTL_TRACE_FILE: log },
      stdio: 'pipe',
    });
    return readFileSync(log, 'utf8').trim().split('\n');
  };
  // The dist files that hold the compiler, ajv or yaml.
  const heavy = (): string[] =>
    readdirSync(distDir())
      .filter((f) => /\.c?js$/.test(f))
      .filter((f) => {
        const text = readFileSync(join(distDir(), f), 'utf8');
        return f === 'compile.js' || text.includes('Excessive alias count') || text.includes('strictSchema');
      });

  it('without user tables, neither the compiler nor ajv nor yaml is loaded; with them, they are', () => {
    if (!existsSync(join(distDir(), 'cli.js'))) throw new Error(`run npm run build first (${projectRoot()})`);
    const files = heavy();
    expect(files.length).toBeGreaterThan(0);
    const loaded = (urls: string[]): string[] => files.filter((f) => urls.some((u) => u.endsWith(`/dist/${f}`)));
    const config = emptyConfigHome();
    for (const argv of [['translate', '--', 'docker', 'ps', '-a'], ['docker', 'ps'], ['explain', 'docker ps'], ['translate', '--json', '--to', 'crictl', 'docker logs web']]) {
      const urls = record(argv, { XDG_CONFIG_HOME: config });
      expect(urls.some((u) => /\/dist\/main\.c?js$/.test(u)), urls.join('\n')).toBe(true);
      expect(loaded(urls), argv.join(' ')).toEqual([]);
    }
    const d = dir({ 'images.yaml': IMAGES });
    expect(loaded(record(['--mappings', d, 'docker', 'images'], { XDG_CONFIG_HOME: config })).length).toBeGreaterThan(0);
  });
});
