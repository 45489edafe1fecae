import fc from 'fast-check';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrossctlError } from '../src/errors.js';
import { loadSurface } from '../src/surface.js';
import { loadTables } from '../src/tables.js';
import { translate } from '../src/translate.js';
import { emptyConfigHome, runBin, runCli, type CliResult } from './support/run-cli.js';
import { hostileWord } from './support/words.js';

// Hostile input never crashes crossctl: exit status 0, 1 or 2 only, one `crossctl: error: …` line for 2,
// valid JSON for --json, one `crossctl: …` line per message on stderr. Most runs are in-process (the CLI's own
// `run`); a few are real `node bin/crossctl.js` runs, which must behave exactly the same.

const SEED = Number(process.env.FUZZ_SEED ?? 4242);
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const tables = loadTables();
const TOOLS = Object.keys(tables.tools);
const PROTO_WORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];

// Real command and flag names from every tool's surface, so random commands get past the first checks.
const surfaceWords = [
  ...new Set(
    TOOLS.flatMap((tool) =>
      tables.tools[tool]!.versions.flatMap((v) => {
        const s = loadSurface(tool, v);
        const names = s.commands.flatMap((c) => [...c.path, ...(c.aliases ?? [])]);
        const flags = [...s.globals, ...s.commands.flatMap((c) => c.flags)].flatMap((f) => [
          `--${f.name}`,
          ...(f.aliases ?? []).map((a) => (a.length === 1 ? `-${a}` : `--${a}`)),
        ]);
        return [...names, ...flags];
      }),
    ),
  ),
].sort();

const CROSSCTL_WORDS = ['translate', 'explain', 'sheet', 'init', 'alias', 'completion', 'bash', 'zsh', 'fish', 'powershell', '--dry-run', '--check', '--annotate', 'help', '--json', '--to', '--from', '-n', '--namespace', '--k8s', '--help', '-h', '-V', '--version', '--', '-', '--mappings', 'all', 'ctr@1.6', 'crictl@1', 'docker,crictl', 'nerdctl@9'];
const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...surfaceWords) },
  { weight: 2, arbitrary: hostileWord(16) },
  { weight: 1, arbitrary: fc.constantFrom(...TOOLS, ...PROTO_WORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...surfaceWords).chain((f) => hostileWord(8).map((v) => (f.startsWith('-') ? `${f}=${v}` : `${f}${v}`))) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 200, maxLength: 2000 }) },
);
const words = (max: number): fc.Arbitrary<string[]> => fc.array(word, { maxLength: max });
const toolName = fc.oneof(fc.constantFrom(...TOOLS), fc.constantFrom(...PROTO_WORDS, 'dockerd', 'kubectl', '/usr/bin/docker', 'podman-remote'), hostileWord(10));
const translateOpts = fc
  .array(
    fc.oneof(
      fc.constant(['--json']),
      fc.constant(['--k8s']),
      fc.tuple(fc.constant('--to'), fc.oneof(fc.constantFrom('all', 'ctr@1.6', 'crictl,podman', 'docker', 'nerdctl@2', 'ctr@', ',,', 'constructor'), hostileWord(6))),
      fc.tuple(fc.constant('--from'), fc.oneof(fc.constantFrom(...TOOLS), hostileWord(6))),
      fc.tuple(fc.constantFrom('-n', '--namespace'), fc.oneof(fc.constantFrom('k8s.io', 'moby', ''), hostileWord(6))),
    ),
    { maxLength: 3 },
  )
  .map((opts) => opts.flat());
/** A command line as one string, built from words and shell punctuation. */
const line = fc
  .array(fc.oneof(word, fc.constantFrom(' ', "'", '"', '\\', '$(', ')', '`', '|', ';', '&&', '>', '2>&1', '<<EOF', '#', '\n', '\\\n', "$'\\n'")), { maxLength: 14 })
  .map((parts) => parts.join(' '));

// Never generated: what runs the target programs (--exec), reads standard input or a script (--file), writes
// files (--in-place, --shim) or probes the machine (doctor). Those have tests of their own with stand-ins.
const UNSAFE = /^(?:--exec|--file|--in-place|--no-backup|--shim|--force|doctor)(?:=|$)/;
const safe = (argv: string[]): string[] => argv.filter((w) => !UNSAFE.test(w));

const shapes: Record<string, fc.Arbitrary<string[]>> = {
  'anything at all': words(8),
  'translate -- TOOL words': fc.tuple(translateOpts, toolName, words(10)).map(([o, t, w]) => ['translate', ...o, '--', t, ...w]),
  'translate "one line"': fc.tuple(translateOpts, fc.constantFrom(...TOOLS, ''), line).map(([o, t, l]) => ['translate', ...o, `${t} ${l}`]),
  'TOOL words (shortcut)': fc.tuple(fc.constantFrom(...TOOLS), words(10)).map(([t, w]) => [t, ...w]),
  'explain -- TOOL words': fc
    .tuple(fc.array(fc.oneof(fc.constant(['--json']), fc.tuple(fc.constantFrom('--to', '--from'), fc.oneof(fc.constantFrom(...TOOLS), hostileWord(6)))), { maxLength: 2 }), toolName, words(8))
    .map(([o, t, w]) => ['explain', ...o.flat(), '--', t, ...w]),
  'explain "one line" or a concept id': fc
    .tuple(fc.boolean(), fc.oneof(line, fc.constantFrom(...Object.keys(tables.concepts), ...PROTO_WORDS, 'container.', '.logs')))
    .map(([json, l]) => ['explain', ...(json ? ['--json'] : []), l]),
  'crossctl options then anything': fc.tuple(fc.array(fc.constantFrom(...CROSSCTL_WORDS), { maxLength: 4 }), words(6)).map(([a, b]) => [...a, ...b]),
};

for (const [name, shape] of Object.entries(shapes)) shapes[name] = shape.map(safe);

let config: string;
let env: Record<string, string>;
const home = process.cwd();
beforeAll(() => {
  config = emptyConfigHome();
  // No container CLI on PATH and a scratch working directory, should anything slip past `safe`.
  const scratch = mkdtempSync(join(tmpdir(), 'crossctl-fuzz-'));
  mkdirSync(join(scratch, 'bin'));
  env = { XDG_CONFIG_HOME: config, PATH: join(scratch, 'bin') };
  process.chdir(scratch);
});
afterAll(() => process.chdir(home));

function check(argv: string[], r: CliResult): void {
  const where = `argv ${JSON.stringify(argv)}\nexit ${r.code}\nstdout ${JSON.stringify(r.stdout.slice(0, 2000))}\nstderr ${JSON.stringify(r.stderr.slice(0, 2000))}`;
  expect([0, 1, 2], where).toContain(r.code);
  if (r.code === 2) {
    expect(r.stderr, where).toMatch(/^crossctl: error: [^\n]*\n$/);
    expect(r.stdout, where).toBe('');
  } else {
    for (const l of r.stderr.split('\n').slice(0, -1)) expect(l, where).toMatch(/^crossctl: /);
  }
  // --json among translate's or explain's own options: the output must be JSON.
  const own = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv.slice(0, -1);
  if (r.code !== 2 && ['translate', 'explain'].includes(argv[0]!) && own.includes('--json') && !own.includes('--help') && !own.includes('-h')) {
    expect(r.stdout, where).toMatch(/^\{/);
  }
  if (r.code !== 2 && /^[{[]/.test(r.stdout)) {
    let t: { results?: { status: string }[] };
    try {
      t = JSON.parse(r.stdout) as typeof t;
    } catch (e) {
      throw new Error(`not JSON (${(e as Error).message})\n${where}`);
    }
    if (t.results) {
      if (r.code === 1) expect(t.results.every((x) => x.status === 'unsupported'), where).toBe(true);
      else expect(t.results.some((x) => x.status !== 'unsupported'), where).toBe(true);
    }
  }
  // Internals never leak into what is printed.
  const typed = argv.join(' ');
  for (const leak of ['undefined', '[object Object]', 'NaN', 'native code', 'at file://', 'TypeError', 'RangeError']) {
    if (!typed.includes(leak)) expect(r.stdout + r.stderr, `${leak}\n${where}`).not.toContain(leak);
  }
}

describe('fuzz: in-process runs', () => {
  for (const [name, shape] of Object.entries(shapes)) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(shape, async (argv) => check(argv, await runCli(argv, env))),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }
  it('the fixed corner cases', async () => {
    const corners = [
      [],
      ['translate'],
      ['translate', ''],
      ['translate', '--'],
      ['translate', '--', ''],
      ['translate', '--json', '--', 'docker'],
      ['translate', '--to'],
      ['translate', '--to', '', 'docker ps'],
      ['translate', '--from', 'constructor', '--', 'constructor', 'ps'],
      ['translate', '--', 'docker', 'ps', '--all=constructor'],
      ['translate', '--to', 'constructor', 'docker ps'],
      ['translate', '--to', 'ctr@__proto__', 'docker ps'],
      ['translate', 'docker ps\ndocker images'],
      ['translate', `docker run ${'x'.repeat(100_000)}`],
      ['docker', '--', 'ps'],
      ['docker', '-', 'ps'],
      ['--help'],
      ['help', 'translate'],
      ['--version'],
      ['--mappings'],
      ['nosuchcommand'],
      ['trnslate', 'docker ps'],
      ['translate', '--json', '--nosuch', 'docker ps'],
      ['translate', '--', 'docker', `ps${'\u001b[2J'}`],
    ];
    for (const argv of corners) check(argv, await runCli(argv, env));
  });
});

const TOPICS = tables.topics.map((t) => t.id);
const sheetArgv = fc
  .array(
    fc.oneof(
      fc.constantFrom(...TOPICS, ...TOOLS, ...PROTO_WORDS).map((w) => [w]),
      fc.tuple(fc.constant('--tools'), fc.oneof(fc.constantFrom('docker,crictl', 'ctr', ',', 'constructor'), hostileWord(6))),
      fc.tuple(fc.constantFrom('--search', '-s'), fc.oneof(fc.constantFrom('logs', 'folow lgos', '', '*', 'constructor'), hostileWord(10))),
      fc.tuple(fc.constant('--format'), fc.constantFrom('table', 'markdown', 'json', 'html', 'yaml', '')),
      fc.tuple(fc.constant('--width'), fc.oneof(fc.constantFrom('10', '40', '200', '0', '-5', '1e3', '9999999999999999999', 'NaN', ''), hostileWord(4))),
      hostileWord(8).map((w) => [w]),
    ),
    { maxLength: 4 },
  )
  .map((parts) => ['sheet', ...parts.flat()]);

describe('fuzz: sheet', () => {
  it('sheet with random topics, tools, searches, formats and widths', async () => {
    await fc.assert(
      fc.asyncProperty(sheetArgv, async (argv) => check(argv, await runCli(argv, env))),
      { seed: SEED, numRuns: Math.ceil(RUNS / 25) }, // a whole sheet takes ~0.2-0.9 s to draw
    );
  });
});

describe('fuzz: real child processes', () => {
  it('node bin/crossctl.js behaves exactly like the in-process runs', async () => {
    const all = fc.oneof(...Object.values(shapes));
    const cases = fc.sample(all, { seed: SEED, numRuns: Number(process.env.FUZZ_CHILD_RUNS ?? 16) });
    for (const argv of cases) {
      const child = runBin(argv, env);
      check(argv, child);
      expect(child, JSON.stringify(argv)).toEqual(await runCli(argv, env));
    }
  });
});


describe('words that name Object.prototype members', () => {
  for (const w of PROTO_WORDS) {
    it(`'${w}' as a tool name is an unknown tool (exit 2), not a crash`, () => {
      expect(() => translate(tables, [w, 'ps'])).toThrow(CrossctlError);
      expect(() => translate(tables, [w, 'ps'], { from: w })).toThrow(CrossctlError);
    });
    it(`'${w}' as a value never turns into a function or undefined`, () => {
      for (const argv of [
        ['docker', 'ps', '--format', w],
        ['docker', 'ps', '-f', `status=${w}`],
        ['docker', 'ps', '-f', `${w}=x`],
        ['docker', 'logs', '--tail', w, 'web'],
        ['crictl', 'ps', '--state', w],
      ]) {
        const t = translate(tables, argv);
        const text = JSON.stringify(t);
        expect(text, argv.join(' ')).not.toMatch(/native code|undefined|\[object /);
      }
    });
    it(`'--all=${w}' is refused: a boolean flag takes true or false`, () => {
      expect(() => translate(tables, ['docker', 'ps', `--all=${w}`])).toThrow(/takes true or false/);
    });
  }
});

describe('filters spelt one flag per key', () => {
  it('crictl ps --name web means the name filter, not a raw filter expression', () => {
    const t = translate(tables, 'crictl ps --name web', { to: [{ tool: 'docker' }] });
    expect(t.results[0]!.steps[0]!.argv).toEqual(['docker', 'ps', '--filter', 'name=web']);
  });
});
