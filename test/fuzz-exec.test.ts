// translate --exec on generated commands with hostile words, against recording stand-ins: it runs exactly the
// argv that `translate --json` prints (no word changed, split or joined: no shell in between), or nothing with one
// error line and exit 1 or 2.
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CrossctlError } from '../src/errors.js';
import { projectRoot } from '../src/paths.js';
import { loadTables } from '../src/tables.js';
import { translate } from '../src/translate.js';
import { standIns } from './support/standins.js';
import { hostileWord } from './support/words.js';

const SEED = Number(process.env.FUZZ_SEED ?? 4242);
const RUNS = Number(process.env.FUZZ_EXEC_RUNS ?? 24);
const tables = loadTables();
const work = mkdtempSync(join(tmpdir(), 'crossctl-fuzz-exec-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const bin = join(projectRoot(), 'bin', 'crossctl.js');
const TARGETS = { podman: '4.3.1', nerdctl: '2.3.5' } as const;

const words = fc.array(hostileWord(), { maxLength: 4 });
const argv = fc.oneof(
  fc.tuple(fc.constantFrom(['run', '--rm'], ['run', '-d', '--name', 'web'], ['run', '-e', 'A=1', '-w', '/tmp']), fc.constantFrom('busybox', 'alpine:3.20'), words).map(([r, image, rest]) => ['docker', ...r, image, 'echo', ...rest]),
  fc.tuple(fc.constantFrom(['exec'], ['exec', '-u', '0']), hostileWord(), words).map(([e, name, rest]) => ['docker', ...e, name || 'web', 'sh', ...rest]),
  fc.tuple(fc.constantFrom(['logs', '--tail', '5'], ['stop'], ['rm', '-f'], ['inspect']), fc.array(hostileWord(), { minLength: 1, maxLength: 3 })).map(([c, names]) => ['docker', ...c, ...names]),
  words.map((rest) => ['docker', ...rest]),
);

describe('fuzz: translate --exec', () => {
  it('runs exactly what translate prints, or nothing with one error line', () => {
    const s = standIns({ podman: 'exit 0', nerdctl: 'exit 0' }, work);
    const cases = fc.sample(fc.tuple(argv, fc.constantFrom(...(Object.keys(TARGETS) as (keyof typeof TARGETS)[]))), { seed: SEED, numRuns: RUNS });
    let ran = 0;
    for (const [words, tool] of cases) {
      const to = `${tool}@${TARGETS[tool]}`;
      let expected: string[][] | null = null;
      try {
        const r = translate(tables, words, { to: [{ tool, version: TARGETS[tool] }] }).results[0]!;
        if (r.status !== 'unsupported' && r.steps.length === 1 && !r.steps[0]!.capture && !r.files.length) expected = [r.steps[0]!.argv];
      } catch (e) {
        expect(e).toBeInstanceOf(CrossctlError);
      }
      rmSync(s.log, { force: true });
      const r = spawnSync(process.execPath, [bin, 'translate', '--exec', '--to', to, '--', ...words], {
        env: s.env({ XDG_CONFIG_HOME: join(work, 'no-config') }),
        encoding: 'utf8',
        input: '',
        timeout: 30_000,
      });
      const label = JSON.stringify(words);
      expect([0, 1, 2], `${label}: ${r.stderr}`).toContain(r.status);
      expect(r.stderr, label).not.toMatch(/internal error|\n\s+at /);
      if (expected) {
        expect(r.status, `${label}: ${r.stderr}`).toBe(0);
        expect(s.calls(), label).toEqual(expected);
        ran++;
      } else if (r.status !== 0) {
        expect(s.calls(), label).toEqual([]);
        expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('crossctl: error:') || !l.startsWith('crossctl: warning:')), label).toHaveLength(1);
      }
    }
    // The generator reaches the runs, not only the refusals.
    expect(ran).toBeGreaterThan(RUNS / 3);
  });
});
