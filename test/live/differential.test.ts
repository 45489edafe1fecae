// Differential tests on real engines: the same task run directly on Docker Engine and, through
// `crossctl translate --exec`, on podman and on ctr must print the same stdout and exit with the same status.
// A difference that cannot be removed must be a documented warning (or reason) in crossctl's plan for that
// target; it is then asserted as such instead of compared.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detect } from '../../src/detect.js';
import type { TargetResult, Translation } from '../../src/result.js';
import { loadTables } from '../../src/tables.js';
import { describeEngine, run, startContainerd, startDocker, startPodman, type Docker, type RunResult, useEngine } from '../support/engines.js';

const START_TIMEOUT = 180_000;
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(root, 'bin', 'crossctl.js');

// A directory for bind mounts: data/hello.txt, mounted read-only by absolute and by relative path.
const work = mkdtempSync(path.join(os.tmpdir(), 'cx-diff-'));
const data = path.join(work, 'data');
mkdirSync(data);
writeFileSync(path.join(data, 'hello.txt'), 'hello from the host\n');

const PWNED = '/tmp/pwned';
const META = '; touch /tmp/pwned && $(id) `x` | >';
const uid = Math.random().toString(16).slice(2, 8);

type Engine = 'podman' | 'ctr';

interface Case {
  name: string;
  /** docker's argv after `docker`. */
  args: string[];
  /** What Docker Engine itself gives: checks the reference before comparing to it. */
  expect: { stdout: string; code: number };
  input?: string;
  /** Only for these targets (a case that cannot run on the others, with the reason in the report). */
  only?: Engine[];
  /**
   * Differences that cannot be removed, per target (`ctr` or `ctr@1.6`): the plan must carry a warning or
   * reason matching the pattern; the outcome is then not compared.
   */
  documented?: Partial<Record<string, RegExp>>;
  after?: () => void;
}

// The other cases name their containers (unique per run), the way scripts usually do; ctr needs an ID and
// crossctl's ctr plan takes docker's --name for it, or generates one (the first case).
let seq = 0;
const named = (...rest: string[]): string[] => ['run', '--rm', '--name', `cx-${uid}-${++seq}`, ...rest];

const CASES: Case[] = [
  { name: 'echo', args: ['run', '--rm', 'busybox', 'echo', 'hello'], expect: { stdout: 'hello\n', code: 0 } },
  { name: 'echo, named', args: named('busybox', 'echo', 'hello'), expect: { stdout: 'hello\n', code: 0 } },
  {
    name: 'an env var with a space',
    args: named('-e', 'GREETING=hi there', 'busybox', 'sh', '-c', 'echo $GREETING'),
    expect: { stdout: 'hi there\n', code: 0 },
  },
  { name: 'working directory', args: named('-w', '/tmp', 'busybox', 'pwd'), expect: { stdout: '/tmp\n', code: 0 } },
  {
    name: 'a read-only bind mount is readable',
    args: named('-v', `${data}:/data:ro`, 'busybox', 'cat', '/data/hello.txt'),
    expect: { stdout: 'hello from the host\n', code: 0 },
  },
  {
    name: 'a read-only bind mount refuses writes',
    // cat first: a container without the mount must not pass for one whose mount refused the write.
    args: named('-v', `${data}:/data:ro`, 'busybox', 'sh', '-c', 'cat /data/hello.txt && touch /data/new'),
    expect: { stdout: 'hello from the host\n', code: 1 },
    after: () => expect(existsSync(path.join(data, 'new')), 'the write reached the host').toBe(false),
  },
  {
    name: 'a relative bind mount resolves against the user’s cwd',
    args: named('-v', './data:/data:ro', 'busybox', 'cat', '/data/hello.txt'),
    expect: { stdout: 'hello from the host\n', code: 0 },
  },
  { name: 'exit status', args: named('busybox', 'sh', '-c', 'exit 7'), expect: { stdout: '', code: 7 } },
  {
    name: '--user',
    args: named('--user', '1000', 'busybox', 'id', '-u'),
    expect: { stdout: '1000\n', code: 0 },
    documented: { 'ctr@1.6': /--user/ },
  },
  {
    name: 'shell metacharacters stay one literal argument',
    args: named('busybox', 'echo', META),
    expect: { stdout: `${META}\n`, code: 0 },
    after: () => expect(existsSync(PWNED), `${PWNED} was created`).toBe(false),
  },
  {
    // ctr run does not close the container's stdin at EOF (1.6.20: `cat` waits for ever), so ctr is left out.
    name: 'stdin is passed through (-i)',
    args: named('-i', 'busybox', 'cat'),
    input: 'piped in\n',
    expect: { stdout: 'piped in\n', code: 0 },
    only: ['podman'],
  },
];

/** A detached container, exec into it, stop, rm: each step compared; then the container must be gone. */
const lifecycle = (name: string): Case[] => [
  { name: 'run -d', args: ['run', '-d', '--name', name, 'busybox', 'sh', '-c', 'trap "exit 0" TERM; sleep 300 & wait'], expect: { stdout: '', code: 0 } },
  { name: 'exec', args: ['exec', name, 'echo', 'inside'], expect: { stdout: 'inside\n', code: 0 } },
  { name: 'exec status', args: ['exec', name, 'sh', '-c', 'exit 3'], expect: { stdout: '', code: 3 } },
  { name: 'stop', args: ['stop', name], expect: { stdout: '', code: 0 } },
  { name: 'rm', args: ['rm', name], expect: { stdout: '', code: 0 } },
];

/**
 * What a task prints, without the echo of a container's ID or name that docker and podman add to run -d,
 * stop and rm (ctr prints nothing there): that echo is bookkeeping, not the task's result.
 */
function normalize(stdout: string, name?: string): string {
  return stdout
    .split('\n')
    .filter((l) => !/^[0-9a-f]{64}$/.test(l) && (name === undefined || l !== name))
    .join('\n');
}

interface Outcome {
  stdout: string;
  code: number;
}

const outcome = (r: RunResult, name?: string): Outcome => ({ stdout: normalize(r.stdout, name), code: r.code });

function crossctl(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<RunResult> {
  return runIn(work, process.execPath, [CLI, ...args], env, input);
}

/** run() in a directory: the engines' run() has no cwd, so chdir around it (tests in a file run one at a time). */
async function runIn(cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<RunResult> {
  const old = process.cwd();
  process.chdir(cwd);
  try {
    return await run(cmd, args, { env, timeoutMs: 60_000, ...(input !== undefined ? { input } : {}) });
  } finally {
    process.chdir(old);
  }
}

/** The plan crossctl makes for a target (what --exec runs), for documented differences and failure messages. */
async function planFor(target: string, args: string[], env: NodeJS.ProcessEnv): Promise<TargetResult> {
  const r = await crossctl(['translate', '--json', '--to', target, '--', 'docker', ...args], env);
  if (r.code > 1) throw new Error(`crossctl translate failed (${r.code}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as Translation).results[0]!;
}

const describePlan = (p: TargetResult): string =>
  `plan for ${p.to} ${p.version}: ${p.status}${p.reason ? ` (${p.reason})` : ''}\n${p.steps.map((s) => `  ${JSON.stringify(s.argv)}`).join('\n')}${p.warnings.length ? `\n  warnings: ${p.warnings.join('; ')}` : ''}`;

function documentedFor(c: Case, engine: Engine, version: string): RegExp | undefined {
  const d = c.documented ?? {};
  const minor = version.split('.').slice(0, 2).join('.');
  return d[`${engine}@${version}`] ?? d[`${engine}@${minor}`] ?? d[`${engine}@${version.split('.')[0]}`] ?? d[engine];
}

describeEngine('docker', () => {
  let docker: Docker;
  const reference = new Map<string, Promise<Outcome>>();
  const refName = `cx-ref-${uid}`;

  beforeAll(async () => {
    rmSync(PWNED, { force: true });
    docker = await startDocker();
  }, START_TIMEOUT);
  afterAll(async () => {
    await docker?.stop();
  });

  /** Docker Engine's outcome of a case, run directly with docker (once). */
  const dockerDoes = (c: Case): Promise<Outcome> => {
    let p = reference.get(c.name);
    if (!p) {
      p = runIn(work, 'docker', c.args, docker.env, c.input).then((r) => outcome(r));
      reference.set(c.name, p);
    }
    return p;
  };

  describe('reference: Docker Engine itself', () => {
    for (const c of CASES) {
      it(c.name, async () => {
        expect(await dockerDoes(c)).toEqual(c.expect);
        c.after?.();
      });
    }
    it('lifecycle: run -d, exec, stop, rm', async () => {
      for (const step of lifecycle(refName)) {
        const r = await runIn(work, 'docker', step.args, docker.env);
        expect(outcome(r, refName), `docker ${step.args.join(' ')}: ${r.stderr}`).toEqual(step.expect);
      }
      expect((await docker.docker(['ps', '-aq', '--filter', `name=^${refName}$`])).stdout).toBe('');
    });
  });

  /** The differential cases for one engine reached through crossctl --exec. */
  function differential(engine: Engine, envOf: () => NodeJS.ProcessEnv, gone: (name: string) => Promise<boolean>): void {
    let version = '';
    beforeAll(async () => {
      const d = await detect(loadTables(), engine);
      if (!d.tables) throw new Error(`cannot detect ${engine}'s version: ${d.error}`);
      version = d.tables;
    });

    for (const c of CASES) {
      if (c.only && !c.only.includes(engine)) continue;
      it(c.name, async () => {
        const plan = await planFor(`${engine}@${version}`, c.args, envOf());
        const documented = documentedFor(c, engine, version);
        const r = await crossctl(['translate', '--exec', '--to', engine, '--', 'docker', ...c.args], envOf(), c.input);
        const why = `${describePlan(plan)}\ncrossctl stderr: ${r.stderr}`;
        if (documented) {
          const said = [...plan.warnings, plan.reason ?? ''];
          expect(said.some((w) => documented.test(w)), `${engine} ${version} differs from docker here; the plan must say so (${documented})\n${why}`).toBe(true);
          if (plan.status === 'partial') expect(r.stderr, why).toMatch(/crossctl: warning: /);
          else expect(r.code, why).toBe(1);
        } else {
          // An untranslated command exits 1 too: never let that pass for a container's status 1.
          expect(plan.status, `${engine} must be able to do this\n${why}`).not.toBe('unsupported');
          expect(outcome(r), why).toEqual(await dockerDoes(c));
        }
        c.after?.();
      });
    }

    it('lifecycle: run -d, exec, stop, rm', async () => {
      const name = `cx-${engine}-${uid}`;
      for (const step of lifecycle(name)) {
        const plan = await planFor(`${engine}@${version}`, step.args, envOf());
        const r = await crossctl(['translate', '--exec', '--to', engine, '--', 'docker', ...step.args], envOf());
        expect(plan.status, `docker ${step.args.join(' ')}\n${describePlan(plan)}`).not.toBe('unsupported');
        expect(outcome(r, name), `docker ${step.args.join(' ')}\n${describePlan(plan)}\ncrossctl stderr: ${r.stderr}`).toEqual(step.expect);
      }
      expect(await gone(name), `${name} still exists after rm`).toBe(true);
    });
  }

  describeEngine('podman', () => {
    const podman = useEngine(startPodman, START_TIMEOUT);
    differential('podman', () => podman().env, async (name) => (await podman().podman(['ps', '-aq', '--filter', `name=^${name}$`])).stdout.trim() === '');
  });

  describeEngine('containerd', () => {
    const containerd = useEngine(startContainerd, START_TIMEOUT);
    differential('ctr', () => containerd().env, async (name) => !(await containerd().ctr(['containers', 'ls', '-q'])).stdout.split('\n').includes(name));

    it('doctor sees this containerd: version, namespaces, and what translate assumes', async () => {
      const r = await crossctl(['doctor', '--json'], containerd().env);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout) as import('../../src/commands/doctor.js').DoctorReport;
      expect(j.endpoints.find((e) => e.name === 'containerd')).toMatchObject({ address: containerd().address, answers: true, server: expect.stringMatching(/^containerd \d/) });
      expect(j.namespaces).toEqual({ address: containerd().address, list: ['default', 'k8s.io'] });
      expect(j.assumptions.join('\n')).toMatch(/ctr: translate --exec --to ctr writes for ctr \d/);
    });
  });

  it('doctor sees this Docker Engine', async () => {
    const r = await crossctl(['doctor', '--json'], docker.env);
    const j = JSON.parse(r.stdout) as import('../../src/commands/doctor.js').DoctorReport;
    expect(j.endpoints.find((e) => e.name === 'docker')).toMatchObject({ source: 'DOCKER_HOST', answers: true, server: expect.stringMatching(/^Docker Engine 20\.10\./) });
  });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));
