// The ctr plans of issue 3, run step by step from their JSON form against a real containerd on a private socket:
// each step's argv is spawned as it is (no shell), probes decide guarded steps, as `crossctl --exec` does.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Step, TargetResult } from '../../src/result.js';
import { loadTables } from '../../src/tables.js';
import { translate } from '../../src/translate.js';
import { describeEngine, run, startContainerd, useEngine } from '../support/engines.js';

const tables = loadTables();
const work = mkdtempSync(path.join(os.tmpdir(), 'cx-ctr-plans-'));
mkdirSync(path.join(work, 'data'));
writeFileSync(path.join(work, 'data', 'note.txt'), 'from the host\n');
const uid = Math.random().toString(16).slice(2, 8);

function plan(command: string): TargetResult {
  const r = translate(tables, command, { to: [{ tool: 'ctr', version: '1.6.20' }] }).results[0]!;
  expect(r.status, `${command}: ${r.reason}`).not.toBe('unsupported');
  // The JSON contract is what runs: round-trip it.
  return JSON.parse(JSON.stringify(r)) as TargetResult;
}

describeEngine('containerd', () => {
  const containerd = useEngine(startContainerd);

  const probe = async (p: NonNullable<Step['when']>): Promise<boolean> => {
    const r = await run(p.argv[0]!, p.argv.slice(1), { env: containerd().env });
    return r.stdout.split('\n').some((line) => new RegExp(p.matches).test(line));
  };

  /** Runs the steps as the JSON plan says; returns the last step's result. */
  async function runPlan(r: TargetResult): Promise<{ code: number; stdout: string }> {
    const captures: Record<string, string> = {};
    let last = { code: 0, stdout: '' };
    for (const step of r.steps) {
      if (step.unless && (await probe(step.unless))) continue;
      if (step.when && step.waitSeconds) {
        for (let i = 0; i < step.waitSeconds && (await probe(step.when)); i++) await new Promise((ok) => setTimeout(ok, 1000));
      }
      if (step.when && !(await probe(step.when))) continue;
      const argv = step.argv.map((w) => w.replace(/\$\{(\w+)\}/g, (_, n: string) => captures[n] ?? ''));
      const res = await run(argv[0]!, argv.slice(1), { env: containerd().env });
      if (step.capture) captures[step.capture] = res.stdout.trim();
      last = { code: res.code, stdout: res.stdout };
      if (res.code !== 0) break;
    }
    return last;
  }

  const cases: [string, string, number][] = [
    ['docker run --rm busybox echo hello', 'hello\n', 0],
    [`docker run --rm --name e-${uid} -e 'GREETING=hi there' busybox sh -c 'echo $GREETING'`, 'hi there\n', 0],
    [`docker run --rm --name w-${uid} -w /tmp busybox pwd`, '/tmp\n', 0],
    [`docker run --rm --name m-${uid} -v ${work}/data:/data:ro busybox cat /data/note.txt`, 'from the host\n', 0],
    [`docker run --rm --name x-${uid} busybox sh -c 'exit 7'`, '', 7],
  ];
  for (const [command, stdout, code] of cases) {
    it(command, async () => {
      const r = await runPlan(plan(command));
      expect(r).toEqual({ code, stdout });
    }, 60_000);
  }

  it('the read-only bind mount refuses writes', async () => {
    const r = await runPlan(plan(`docker run --rm --name ro-${uid} -v ${work}/data:/data:ro busybox touch /data/new`));
    expect(r.code).not.toBe(0);
  }, 60_000);

  it('lifecycle: run -d, exec, stop (well under 15 s), rm', async () => {
    const name = `web-${uid}`;
    expect((await runPlan(plan(`docker run -d --name ${name} busybox sleep 300`))).code).toBe(0);
    expect(await runPlan(plan(`docker exec ${name} echo inside`))).toEqual({ code: 0, stdout: 'inside\n' });
    const t0 = Date.now();
    expect((await runPlan(plan(`docker stop ${name}`))).code).toBe(0);
    // sleep as PID 1 ignores SIGTERM: the plan's grace period (10 s) ends in SIGKILL.
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect((await runPlan(plan(`docker rm ${name}`))).code).toBe(0);
    const ls = await containerd().ctr(['containers', 'list', '--quiet']);
    expect(ls.stdout.split('\n')).not.toContain(name);
  }, 60_000);
});
