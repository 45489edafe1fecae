import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lex } from '../src/lex.js';
import { quoteArgv } from '../src/quote.js';
import { loadTables } from '../src/tables.js';
import { translate } from '../src/translate.js';
import { emptyConfigHome, runCli } from './support/run-cli.js';

// Large inputs take time linear in their size: each case runs at size n and 4n and the ratio must stay well
// below the 16 of quadratic code (generously: under 8, the best of a few runs, sizes big enough to time).

let config: string;
beforeAll(() => {
  config = emptyConfigHome();
  loadTables();
});

/** CPU time of this process in ms: other processes (a parallel test worker) do not slow it down as they do the clock. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function once(run: () => unknown | Promise<unknown>): Promise<number> {
  const start = cpuMs();
  await run();
  return cpuMs() - start;
}

/**
 * Times `make(n)` and `make(4n)`, interleaved, best of `times` each: the ratio, and both times for the message.
 */
async function growth(make: (n: number) => () => unknown | Promise<unknown>, n: number, times = 5): Promise<{ ratio: number; small: number; large: number }> {
  const small = make(n);
  const large = make(4 * n);
  await small(); // warm up the code paths
  let ts = Infinity;
  let tl = Infinity;
  for (let i = 0; i < times; i++) {
    ts = Math.min(ts, await once(small));
    tl = Math.min(tl, await once(large));
  }
  // Below a few milliseconds timer noise dominates: count at least 5 ms.
  return { ratio: tl / Math.max(ts, 5), small: ts, large: tl };
}

const expectLinear = (g: { ratio: number; small: number; large: number }, what: string): void => {
  expect(g.ratio, `${what}: ${g.small.toFixed(1)} ms at n, ${g.large.toFixed(1)} ms at 4n`).toBeLessThan(8);
};

const words = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
const translateJsonAndHuman = (argv: string[]) => async (): Promise<void> => {
  const json = await runCli(['translate', '--json', '--', ...argv], { XDG_CONFIG_HOME: config });
  const human = await runCli(['translate', '--', ...argv], { XDG_CONFIG_HOME: config });
  if (json.code === 2 || human.code === 2) throw new Error(`${json.stderr}${human.stderr}`);
};

describe('large inputs take linear time', () => {
  it('lex: a 100,000-line script of continued lines', async () => {
    const script = (lines: number) => `docker run \\\n${'  -e A=1 \\\n'.repeat(lines)}  nginx`;
    const g = await growth((n) => () => lex(script(n)), 100_000, 7);
    expectLinear(g, 'continued lines');
    expect(lex(script(100_000)).words.length).toBe(200_003);
  });

  it('lex: long quoted strings, $\'…\', escapes, digits, nested $(…), one huge word', async () => {
    const cases: Record<string, (n: number) => string> = {
      "multi-line sh -c '…'": (n) => `docker run img sh -c '${'echo "hi there"; \n'.repeat(n)}'`,
      'double quotes with escapes': (n) => `docker run img echo "${'a\\"b\\$c`d` '.repeat(n)}"`,
      "$'…' escapes": (n) => `docker run img echo $'${'\\x41\\n\\t\\u00e9 '.repeat(n)}'`,
      'words of digits': (n) => `docker run img ${'12 8080:80 3 '.repeat(n)}`,
      'nested $(…)': (n) => `docker run img "${'$(a '.repeat(n)}${')'.repeat(n)}"`,
      'one huge word': (n) => `docker run img ${'x'.repeat(20 * n)}`,
      'backslash-escaped blanks': (n) => `docker run img ${'a\\ b\\ '.repeat(n)}`,
    };
    for (const [name, line] of Object.entries(cases)) expectLinear(await growth((n) => () => lex(line(n)), 50_000, 3), name);
  });

  it('quoteArgv of many hostile words', async () => {
    expectLinear(await growth((n) => () => quoteArgv(words(n, (i) => `it's ${i} $x\n`)), 50_000), 'quoteArgv');
  });

  it('translate: a 1 MB command line as one string, to every tool', async () => {
    const line = (n: number) => `docker run --rm nginx echo ${'word '.repeat(n)}`;
    expect(line(200_000).length).toBeGreaterThan(1_000_000);
    const g = await growth((n) => translateJsonAndHuman([line(n)]), 50_000, 2);
    expectLinear(g, '1 MB line');
  });

  it('translate: tens of thousands of repeated flags (-e, -v, -p, -l)', async () => {
    const argv = (n: number) => ['docker', 'run', ...Array.from({ length: n }, (_, i) => [['-e', `A${i}=1`], ['-v', `/h${i}:/c${i}`], ['-p', `${i}:80`], ['-l', `k${i}=v`]][i % 4]!).flat(), 'nginx'];
    expectLinear(await growth((n) => translateJsonAndHuman(argv(n)), 2_500, 2), 'repeated flags');
    // One list option repeated: where each value copied the list so far, this was quadratic.
    const env = (n: number) => ['docker', 'run', ...Array.from({ length: n }, (_, i) => ['-e', `A${i}=1`]).flat(), 'nginx'];
    expectLinear(await growth((n) => () => translate(loadTables(), env(n), { to: [{ tool: 'podman' }] }), 15_000, 2), 'repeated -e');
  });

  it('translate: thousands of container names, each a crictl look-up step', async () => {
    const argv = (n: number) => ['docker', 'rm', ...words(n, (i) => `web-${i}`)];
    expectLinear(await growth((n) => translateJsonAndHuman(argv(n)), 2_500, 2), 'docker rm names');
  });

  it('translate: thousands of arguments the command does not take, each a warning', async () => {
    const argv = (n: number) => ['docker', 'ps', ...words(n, (i) => `extra-${i}`)];
    expectLinear(await growth((n) => translateJsonAndHuman(argv(n)), 5_000, 4), 'dropped arguments');
  });

  it('160,000 words through every route: the hand-read one, the full CLI (commander), the shortcut, explain', async () => {
    // Some 150,000 words overflowed the stack where a list was spread into a call (push(...rest)).
    const many = words(160_000, () => 'a');
    const dir = mkdtempSync(join(tmpdir(), 'crossctl-many-'));
    writeFileSync(join(dir, 'empty.yaml'), 'topic: empty\ntitle: Empty\nconcepts: {}\n');
    const routes = [
      ['translate', '--to', 'podman', '--', 'docker', 'rm', ...many],
      ['translate', '--to', 'podman', 'docker', 'rm', ...many],
      ['--mappings', dir, 'translate', '--to', 'podman', '--json', '--', 'docker', 'rm', ...many],
      ['translate', '--mappings', dir, '--to', 'podman', 'docker', 'run', 'nginx', 'echo', ...many],
      ['docker', 'run', 'nginx', 'echo', ...many],
      ['explain', '--json', '--to', 'podman', '--', 'docker', 'rm', ...many],
    ];
    for (const argv of routes) {
      const r = await runCli(argv, { XDG_CONFIG_HOME: config });
      expect(r.stderr.slice(0, 300), argv.slice(0, 8).join(' ')).not.toMatch(/internal error/);
      expect(r.code, argv.slice(0, 8).join(' ')).toBe(0);
    }
    const json = await runCli(['--mappings', dir, 'translate', '--to', 'podman', '--json', '--', 'docker', 'rm', ...many], { XDG_CONFIG_HOME: config });
    expect(JSON.parse(json.stdout).results[0].steps[0].argv).toEqual(['podman', 'rm', ...many]);
  });

  it('a huge unknown word is refused fast, with a message cut short', async () => {
    const huge = 'x'.repeat(1_000_000);
    const start = cpuMs();
    const r = await runCli(['translate', '--', 'docker', huge], { XDG_CONFIG_HOME: config });
    expect(cpuMs() - start).toBeLessThan(3000);
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(3000);
    expect(r.stderr).toMatch(/^crossctl: error: unknown docker command 'x+… \(\d+ more characters\)\n$/);
    const flag = await runCli(['translate', '--', 'docker', 'ps', `--${huge}`], { XDG_CONFIG_HOME: config });
    expect(flag.code).toBe(2);
    expect(flag.stderr.length).toBeLessThan(3000);
  });
});
