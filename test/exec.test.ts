// translate --exec and its executor, against stand-in binaries on a temporary PATH (no engine needed).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closestVersion, parseVersion, which } from '../src/detect.js';
import { executePlan, fillCaptures, oneValue, rewriteFileRefs, type ExecOptions } from '../src/exec.js';
import type { Step, TargetResult } from '../src/result.js';
import { standIns, type StandIns } from './support/standins.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'bin', 'crossctl.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cx-exec-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** crossctl as a child process: node by absolute path, so that PATH can be anything. */
function crossctl(args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string; input?: string; onSpawn?: (pid: number) => void }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: opts.env, cwd: opts.cwd ?? tmp, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.on('error', () => {});
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else if (!opts.onSpawn) child.stdin.end();
    opts.onSpawn?.(child.pid!);
  });
}

const plan = (steps: Step[], files: TargetResult['files'] = []): TargetResult => ({
  to: 'podman',
  version: '4.3.1',
  status: 'exact',
  steps,
  files,
  warnings: [],
  reason: null,
});

async function waitFor(file: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!existsSync(file)) {
    if (Date.now() > end) throw new Error(`${file} did not appear`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('helpers', () => {
  it('fills only captures that earlier steps made; other ${…} stay literal', () => {
    const got = fillCaptures(['${ID}', 'x${ID}y', '${HOME}', '$ID', '${ID2}'], new Map([['ID', 'abc']]));
    expect(got).toEqual(['abc', 'xabcy', '${HOME}', '$ID', '${ID2}']);
  });

  it('points whole-word and key=value references to plan files at the written copies', () => {
    const files = new Map([['spec.json', '/priv/spec.json']]);
    expect(rewriteFileRefs(['spec.json', './spec.json', '--config=spec.json', 'a/spec.json', 'spec.jsonx', '-v', './data:/data'], files)).toEqual([
      '/priv/spec.json',
      '/priv/spec.json',
      '--config=/priv/spec.json',
      'a/spec.json',
      'spec.jsonx',
      '-v',
      './data:/data',
    ]);
  });

  it('wants exactly one line from a capture', () => {
    expect(oneValue('abc\n')).toEqual({ value: 'abc' });
    expect(oneValue('  abc  \n\n')).toEqual({ value: 'abc' });
    expect(oneValue('')).toMatchObject({ problem: expect.stringContaining('found nothing') });
    expect(oneValue('a\nb\n')).toMatchObject({ problem: expect.stringContaining('found 2 matches') });
  });

  it('reads versions from each tool’s version line', () => {
    expect(parseVersion('ctr github.com/containerd/containerd 1.6.20~ds1')).toBe('1.6.20');
    expect(parseVersion('ctr github.com/containerd/containerd/v2 2.1.4')).toBe('2.1.4');
    expect(parseVersion('crictl version v1.29.0')).toBe('1.29.0');
    expect(parseVersion('Docker version 28.2.2, build e6534b4')).toBe('28.2.2');
    expect(parseVersion('podman version 4.3.1')).toBe('4.3.1');
    expect(parseVersion('nerdctl version 2.3.5')).toBe('2.3.5');
    expect(parseVersion('no version here')).toBeUndefined();
  });

  it('picks the closest known version', () => {
    const ctr = ['2.3.4', '1.6.20'];
    expect(closestVersion(ctr, '1.6.20')).toBe('1.6.20');
    expect(closestVersion(ctr, '1.6.8')).toBe('1.6.20');
    expect(closestVersion(ctr, '1.7.27')).toBe('1.6.20');
    expect(closestVersion(ctr, '2.0.0')).toBe('2.3.4');
    expect(closestVersion(ctr, '2.4.1')).toBe('2.3.4');
    const crictl = ['1.36.0', '1.29.0'];
    expect(closestVersion(crictl, '1.30.1')).toBe('1.29.0');
    expect(closestVersion(crictl, '1.35.0')).toBe('1.36.0');
    expect(closestVersion(['28.2.2'], '20.10.24')).toBe('28.2.2');
  });

  it('finds executables on PATH without a shell, and only executable files', () => {
    const s = standIns({ tool: 'true' }, tmp);
    mkdirSync(path.join(s.dir, 'adir'));
    expect(which('tool', { PATH: `/nonexistent:${s.dir}` })).toBe(path.join(s.dir, 'tool'));
    expect(which('calls.log', { PATH: s.dir })).toBeUndefined();
    expect(which('adir', { PATH: s.dir })).toBeUndefined();
    expect(which('tool', { PATH: '' })).toBeUndefined();
  });
});

describe('executePlan', () => {
  let s: StandIns;
  let opts: ExecOptions;
  const logged: string[] = [];
  beforeAll(() => {
    s = standIns({
      rec: 'exit 0',
      ids: 'printf "%s" "$CX_IDS"',
      fail: 'exit "$1"',
      selfkill: 'kill -TERM $$; sleep 5',
      // Prints $CX_PROBE_OUT, and "gone" from its $CX_GONE_AFTER-th call on (a task that exits after a while).
      probe: 'n=$(($(cat "$CX_OUT.n" 2>/dev/null || echo 0) + 1)); echo $n >"$CX_OUT.n"; echo "ignored" >&2; if [ -n "$CX_GONE_AFTER" ] && [ $n -ge "$CX_GONE_AFTER" ]; then echo gone; else printf "%s" "$CX_PROBE_OUT"; fi; exit 3',
      inspect: 'pwd >"$CX_OUT.pwd"; cat "$1" >"$CX_OUT.content"; stat -c %a "$(dirname "$1")" >"$CX_OUT.mode"; exit "${CX_EXIT:-0}"',
    }, tmp);
    opts = { env: s.env({ CX_OUT: path.join(tmp, 'out') }), cwd: tmp, log: (l) => logged.push(l) };
  });
  const fresh = (): void => {
    rmSync(s.log, { force: true });
    logged.length = 0;
  };

  it('passes every argument literally: no shell sees them', async () => {
    fresh();
    const pwned = path.join(tmp, 'pwned');
    const nasty = [`; touch ${pwned}`, `$(touch ${pwned})`, `\`touch ${pwned}\``, '*', '${HOME}', "it's", '"q"', 'a b', '', '| >x', '\\n'];
    const r = await executePlan(plan([{ argv: ['rec', ...nasty] }]), opts);
    expect(r.code).toBe(0);
    expect(s.calls()).toEqual([['rec', ...nasty]]);
    expect(existsSync(pwned)).toBe(false);
    expect(existsSync(path.join(tmp, 'x'))).toBe(false);
  });

  it('replaces ${NAME} in later steps with a capture step’s one line', async () => {
    fresh();
    const r = await executePlan(plan([{ argv: ['ids', 'ps', '-q'], capture: 'ID' }, { argv: ['rec', 'logs', '${ID}', 'x=${ID}'] }]), {
      ...opts,
      env: { ...opts.env, CX_IDS: '0123abcd\n' },
    });
    expect(r).toEqual({ code: 0 });
    expect(s.calls()).toEqual([['ids', 'ps', '-q'], ['rec', 'logs', '0123abcd', 'x=0123abcd']]);
  });

  it('stops with an error naming the step when a capture finds nothing', async () => {
    fresh();
    const r = await executePlan(plan([{ argv: ['ids', 'ps', '--name', '^web$'], capture: 'ID' }, { argv: ['rec', '${ID}'] }]), { ...opts, env: { ...opts.env, CX_IDS: '' } });
    expect(r).toEqual({ code: 1, failedStep: 1 });
    expect(logged).toEqual([`crossctl: step 1/2 found nothing (no such container or pod?): ids ps --name '^web$'`]);
    expect(s.calls().map((c) => c[0])).toEqual(['ids']);
  });

  it('stops with an error naming the step when a capture finds several', async () => {
    fresh();
    const r = await executePlan(plan([{ argv: ['ids'], capture: 'ID' }, { argv: ['rec', '${ID}'] }]), { ...opts, env: { ...opts.env, CX_IDS: 'a1\nb2\n' } });
    expect(r).toEqual({ code: 1, failedStep: 1 });
    expect(logged).toEqual(['crossctl: step 1/2 found 2 matches where one is needed: a1, b2: ids']);
  });

  it('stops at a failing step, says which, and exits with its status', async () => {
    fresh();
    const r = await executePlan(plan([{ argv: ['rec', 'one'] }, { argv: ['fail', '3'] }, { argv: ['rec', 'three'] }]), opts);
    expect(r).toEqual({ code: 3, failedStep: 2 });
    expect(logged).toEqual(['crossctl: step 2/3 failed (exit 3): fail 3']);
    expect(s.calls()).toEqual([['rec', 'one'], ['fail', '3']]);
  });

  it('passes a one-step plan’s status through without a message of its own', async () => {
    fresh();
    expect(await executePlan(plan([{ argv: ['fail', '7'] }]), opts)).toEqual({ code: 7, failedStep: 1 });
    expect(logged).toEqual([]);
  });

  it('turns a signal death into 128+n', async () => {
    fresh();
    expect(await executePlan(plan([{ argv: ['selfkill'] }]), opts)).toEqual({ code: 143, failedStep: 1 });
    fresh();
    expect(await executePlan(plan([{ argv: ['selfkill'] }, { argv: ['rec'] }]), opts)).toEqual({ code: 143, failedStep: 1 });
    expect(logged).toEqual(['crossctl: step 1/2 failed (killed by SIGTERM): selfkill']);
  });

  it('says 127 when a step’s program does not exist', async () => {
    fresh();
    expect(await executePlan(plan([{ argv: ['rec'] }, { argv: ['no-such-tool-here', 'x'] }]), opts)).toEqual({ code: 127, failedStep: 2 });
    expect(logged[0]).toMatch(/^crossctl: step 2\/2 could not start \(.*ENOENT.*\): no-such-tool-here x$/);
  });

  describe('guarded steps', () => {
    const out = path.join(tmp, 'out');
    const withProbe = (probeOut: string, extra: Record<string, string> = {}): ExecOptions => {
      rmSync(`${out}.n`, { force: true });
      return { ...opts, env: { ...opts.env, CX_PROBE_OUT: probeOut, ...extra } };
    };
    const task = { argv: ['probe', 'tasks', 'list'], matches: '^web\\s+[0-9]+\\s+(RUNNING|PAUSED)\\b' };

    it('runs a `when` step only when a line of the probe matches (stderr and exit status of the probe do not count)', async () => {
      fresh();
      expect(await executePlan(plan([{ argv: ['rec', 'kill'], when: task }]), withProbe('TASK PID STATUS\nweb  42  RUNNING\n'))).toEqual({ code: 0 });
      expect(s.calls()).toEqual([['probe', 'tasks', 'list'], ['rec', 'kill']]);
      fresh();
      expect(await executePlan(plan([{ argv: ['rec', 'kill'], when: task }, { argv: ['rec', 'next'] }]), withProbe('web  42  STOPPED\n'))).toEqual({ code: 0 });
      expect(s.calls()).toEqual([['probe', 'tasks', 'list'], ['rec', 'next']]);
    });

    it('skips an `unless` step when the probe matches', async () => {
      fresh();
      const pull = { argv: ['rec', 'pull'], unless: { argv: ['probe', 'images', 'list'], matches: '.' } };
      await executePlan(plan([pull]), withProbe('docker.io/library/busybox:latest\n'));
      expect(s.calls().map((c) => c[1])).toEqual(['images']);
      fresh();
      await executePlan(plan([pull]), withProbe(''));
      expect(s.calls().map((c) => c[1])).toEqual(['images', 'pull']);
    });

    it('reads lines as grep does: empty output has no line, even for ^$', async () => {
      fresh();
      await executePlan(plan([{ argv: ['rec', 'x'], when: { argv: ['probe'], matches: '^$' } }]), withProbe(''));
      expect(s.calls().map((c) => c[0])).toEqual(['probe']);
    });

    it('treats a probe that cannot start as no match', async () => {
      fresh();
      const r = await executePlan(plan([{ argv: ['rec', 'a'], when: { argv: ['no-such-probe'], matches: '.' } }, { argv: ['rec', 'b'], unless: { argv: ['no-such-probe'], matches: '.' } }]), opts);
      expect(r).toEqual({ code: 0 });
      expect(s.calls()).toEqual([['rec', 'b']]);
    });

    it('fills captures into probes', async () => {
      fresh();
      await executePlan(plan([{ argv: ['ids'], capture: 'ID' }, { argv: ['rec', '${ID}'], when: { argv: ['probe', '${ID}'], matches: 'up' } }]), withProbe('up\n', { CX_IDS: 'c0ffee\n' }));
      expect(s.calls()).toEqual([['ids'], ['probe', 'c0ffee'], ['rec', 'c0ffee']]);
    });

    it('waits up to waitSeconds, polling once a second, for a `when` probe to stop matching', async () => {
      fresh();
      const t0 = Date.now();
      const kill = { argv: ['rec', 'SIGKILL'], when: { argv: ['probe'], matches: 'RUNNING' }, waitSeconds: 10 };
      expect(await executePlan(plan([kill]), withProbe('RUNNING\n', { CX_GONE_AFTER: '3' }))).toEqual({ code: 0 });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(s.calls()).toEqual([['probe'], ['probe'], ['probe'], ['probe']]);
      fresh();
      const t1 = Date.now();
      expect(await executePlan(plan([{ ...kill, waitSeconds: 1 }]), withProbe('RUNNING\n'))).toEqual({ code: 0 });
      expect(Date.now() - t1).toBeLessThan(3000);
      expect(s.calls()).toEqual([['probe'], ['probe'], ['rec', 'SIGKILL']]);
    });
  });

  for (const failing of [false, true]) {
    it(`writes plan files to a private directory, names them by absolute path, runs in the user’s cwd, and removes them${failing ? ' (also after a failure)' : ''}`, async () => {
      fresh();
      const content = '{"metadata": {"name": "web"}}\n';
      const r = await executePlan(plan([{ argv: ['inspect', 'pod.json', '--config=pod.json', './pod.json', 'data/rel.txt'] }], [{ name: 'pod.json', content }]), {
        ...opts,
        env: { ...opts.env, CX_EXIT: failing ? '4' : '0' },
      });
      expect(r.code).toBe(failing ? 4 : 0);
      const [call] = s.calls();
      const file = call![1]!;
      expect(path.isAbsolute(file)).toBe(true);
      expect(path.basename(file)).toBe('pod.json');
      expect(path.basename(path.dirname(file))).toMatch(/^crossctl-exec-/);
      expect(call).toEqual(['inspect', file, `--config=${file}`, file, 'data/rel.txt']);
      expect(readFileSync(path.join(tmp, 'out.content'), 'utf8')).toBe(content);
      expect(readFileSync(path.join(tmp, 'out.mode'), 'utf8').trim()).toBe('700');
      expect(readFileSync(path.join(tmp, 'out.pwd'), 'utf8').trim()).toBe(tmp);
      expect(existsSync(path.dirname(file)), 'the private directory was not removed').toBe(false);
    });
  }
});

describe('crossctl translate --exec', () => {
  let s: StandIns;
  const work = path.join(tmp, 'work');
  beforeAll(() => {
    mkdirSync(work, { recursive: true });
    s = standIns({
      // podman: ps prints its argv and cwd; `cat` mode echoes stdin; CX_EXIT sets the status.
      podman: [
        'case "$1" in --version) echo "podman version 4.3.1"; exit 0;; esac',
        'if [ -n "$CX_READY" ]; then trap \'echo "got $CX_SIG" >"$CX_READY.sig"; exit ${CX_TRAP_EXIT:-42}\' TERM INT; touch "$CX_READY"; while :; do sleep 0.05; done; fi',
        'if [ -n "$CX_DIE" ]; then touch "$CX_DIE"; while :; do sleep 0.05; done; fi',
        'if [ -n "$CX_STDIN" ]; then cat; exit 0; fi',
        'if [ -n "$CX_TTY" ]; then [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo "stdin, stdout and stderr are a terminal"; exit 0; fi',
        'echo "podman ran in $(pwd)"; echo "warning from podman" >&2',
        'exit "${CX_EXIT:-0}"',
      ].join('\n'),
      ctr: 'case "$1" in --version) echo "ctr github.com/containerd/containerd ${CX_CTR_VERSION:-1.6.20~ds1}"; exit 0;; esac\necho "ctr ran" >&2',
      crictl: [
        // ps with CX_PS_READY: wait to be signalled, then print the ID and succeed anyway.
        'if [ "$1" = ps ] && [ -n "$CX_PS_READY" ]; then trap \'printf "%s" "$CX_IDS"; exit 0\' TERM; touch "$CX_PS_READY"; while :; do sleep 0.05; done; fi',
        'case "$1" in --version) echo "crictl version v1.29.0";; ps) printf "%s" "$CX_IDS";; logs) echo "log line of $*";; esac',
        // runp with CX_READY: note the pod config's path, then wait to be signalled.
        'if [ "$1" = runp ] && [ -n "$CX_READY" ]; then echo "$2" >"$CX_READY.path"; trap "exit 99" TERM; touch "$CX_READY"; while :; do sleep 0.05; done; fi',
      ].join('\n'),
    }, tmp);
  });
  const fresh = (): void => rmSync(s.log, { force: true });

  it('exits 127 with one line naming the install when the target is not installed (empty PATH)', async () => {
    const empty = path.join(tmp, 'empty');
    mkdirSync(empty, { recursive: true });
    const r = await crossctl(['translate', '--exec', '--to', 'podman', '--', 'docker', 'run', '--rm', 'busybox', 'echo', 'hello'], { env: { ...process.env, PATH: empty } });
    expect(r.code).toBe(127);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('crossctl: error: podman is not installed (not found on PATH): install podman (Debian: apt-get install podman)\n');
  });

  it('also 127 for a version given explicitly (no detection)', async () => {
    const r = await crossctl(['translate', '--exec', '--to', 'ctr@1.6', '--', 'docker', 'ps'], { env: { ...process.env, PATH: path.join(tmp, 'empty') } });
    expect(r.code).toBe(127);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('apt-get install containerd');
  });

  for (const to of [[], ['--to', 'podman,ctr'], ['--to', 'all']]) {
    it(`needs exactly one target (${to.join(' ') || 'no --to'}): exit 2, one line`, async () => {
      fresh();
      const r = await crossctl(['translate', '--exec', ...to, '--', 'docker', 'ps'], { env: s.env() });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^crossctl: error: --exec runs one target: give --to TOOL[^\n]*\n$/);
      expect(s.calls()).toEqual([]);
    });
  }

  it('runs the translation in the user’s cwd, stdout/stderr inherited, exit status passed through', async () => {
    fresh();
    const r = await crossctl(['translate', '--exec', '--to', 'podman', '--', 'docker', 'ps', '-a'], { env: s.env({ CX_EXIT: '5' }), cwd: work });
    expect(r.code).toBe(5);
    expect(r.stdout).toBe(`podman ran in ${work}\n`);
    expect(r.stderr).toBe('warning from podman\n');
    expect(s.calls()).toEqual([['podman', '--version'], ['podman', 'ps', '-a']]);
  });

  it('inherits stdin', async () => {
    const r = await crossctl(['translate', '--exec', '--to', 'podman', '--', 'docker', 'ps'], { env: s.env({ CX_STDIN: '1' }), input: 'from stdin\n' });
    expect(r.stdout).toBe('from stdin\n');
    expect(r.code).toBe(0);
  });

  it.skipIf(!which('script'))('gives the step the terminal when crossctl has one (so -it works)', async () => {
    // script(1) runs its command line through a shell: fine in a test, never in src/.
    const q = (w: string): string => `'${w.replace(/'/g, `'\\''`)}'`;
    const line = [process.execPath, CLI, 'translate', '--exec', '--to', 'podman', '--', 'docker', 'ps'].map(q).join(' ');
    const r = await new Promise<string>((resolve) => {
      const child = spawn('script', ['-qec', line, '/dev/null'], { env: s.env({ CX_TTY: '1' }), stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.on('close', () => resolve(out));
      child.stdin.end();
    });
    expect(r).toContain('stdin, stdout and stderr are a terminal');
  });

  it('passes shell metacharacters in the user’s words through literally', async () => {
    fresh();
    const pwned = path.join(tmp, 'pwned-cli');
    const fmt = `; touch ${pwned} && $(touch ${pwned}) \`touch ${pwned}\` | > ${pwned}`;
    const r = await crossctl(['translate', '--exec', '--to', 'podman', '--', 'docker', 'ps', '--format', fmt], { env: s.env() });
    expect(r.code).toBe(0);
    expect(s.calls()[1]).toEqual(['podman', 'ps', '--format', fmt]);
    expect(existsSync(pwned)).toBe(false);
  });

  it('runs capture steps and fills the ID in (crictl looks the name up)', async () => {
    fresh();
    const r = await crossctl(['translate', '--exec', '--to', 'crictl', '--', 'docker', 'logs', '--tail', '5', 'web'], { env: s.env({ CX_IDS: '4f2a\n' }) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(s.calls().slice(1)).toEqual([
      ['crictl', 'ps', '-a', '-q', '--name', '^web$'],
      ['crictl', 'logs', '--tail', '5', '4f2a'],
    ]);
    expect(r.stdout).toBe('log line of logs --tail 5 4f2a\n');
  });

  it('fails naming the step when the look-up finds no container', async () => {
    fresh();
    const r = await crossctl(['translate', '--exec', '--to', 'crictl', '--', 'docker', 'logs', 'web'], { env: s.env({ CX_IDS: '' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`crossctl: step 1/2 found nothing (no such container or pod?): crictl ps -a -q --name '^web$'\n`);
    expect(s.calls().map((c) => c[1])).toEqual(['--version', 'ps']);
  });

  it('detects the installed version when none is given (ctr 1.6.x → 1.6.20, 2.x → 2.3.4) with one spawn', async () => {
    for (const [installed, want] of [['1.6.20~ds1', '1.6.20'], ['1.7.27', '1.6.20'], ['2.1.4', '2.3.4']] as const) {
      fresh();
      const r = await crossctl(['translate', '--exec', '--dry-run', '--json', '--to', 'ctr', '--', 'docker', 'ps', '-a'], { env: s.env({ CX_CTR_VERSION: installed }) });
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout) as { version: string; installed: string; steps: Step[] };
      expect(j.version).toBe(want);
      expect(j.installed).toBe(installed.replace(/~.*/, ''));
      expect(s.calls()).toEqual([['ctr', '--version']]);
    }
  });

  it('uses a pinned version without asking the binary', async () => {
    fresh();
    const r = await crossctl(['translate', '--exec', '--dry-run', '--json', '--to', 'ctr@2', '--', 'docker', 'ps', '-a'], { env: s.env() });
    expect(JSON.parse(r.stdout)).toMatchObject({ version: '2.3.4' });
    expect(s.calls()).toEqual([]);
  });

  it('refuses a quoted command with shell expansions (it runs no shell to expand them): exit 2, nothing run', async () => {
    fresh();
    const r = await crossctl(['translate', '--exec', '--to', 'podman@4.3.1', 'docker run --rm -v "$PWD":/app busybox ls'], { env: s.env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'crossctl: error: $PWD in the quoted command is shell syntax, and --exec runs no shell to expand it: give the command as words after --: crossctl translate --exec --to podman -- docker …\n',
    );
    expect(s.calls()).toEqual([]);
  });

  it('--dry-run shows each step’s argv and runs nothing', async () => {
    fresh();
    const r = await crossctl(['translate', '--exec', '--dry-run', '--to', 'crictl', '--', 'docker', 'logs', '--tail', '5', "we'b"], { env: s.env(), cwd: work });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      `# crossctl --exec would run crictl 1.29.0 (installed: 1.29.0) in ${work}, without a shell:`,
      `1/2: ["crictl","ps","-a","-q","--name","^we'b$"]  → \${ID} (its one line of output)`,
      '2/2: ["crictl","logs","--tail","5","${ID}"]',
      '',
    ]);
    expect(s.calls()).toEqual([['crictl', '--version']]);
  });

  it('--dry-run works without the binary, and says running would exit 127', async () => {
    const r = await crossctl(['translate', '--exec', '--dry-run', '--to', 'nerdctl', '--', 'docker', 'ps'], { env: s.env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('["nerdctl","ps"]');
    expect(r.stderr).toMatch(/nerdctl is not installed .*; running this would exit 127/);
  });

  it('prints a partial translation’s warnings first, then runs it', async () => {
    fresh();
    const r = await crossctl(['translate', '--exec', '--to', 'ctr', '--', 'docker', 'ps', '-a', '--format', 'json'], { env: s.env() });
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^crossctl: warning: ctr: --format json: ctr has no output format/);
    expect(lines.at(-1)).toBe('ctr ran');
    expect(s.calls()[1]).toEqual(['ctr', 'containers', 'list']);
  });

  it('exits 1 with the reason for an unsupported translation, running nothing', async () => {
    fresh();
    const r = await crossctl(['translate', '--exec', '--to', 'ctr', '--', 'docker', 'logs', 'web'], { env: s.env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^crossctl: error: ctr 1\.6\.20: ctr keeps no logs[^\n]*\n$/);
    expect(s.calls()).toEqual([['ctr', '--version']]);
  });

  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    it(`forwards ${sig} to the running step and exits with its status`, async () => {
      const ready = path.join(tmp, `ready-${sig}`);
      let pid = 0;
      const done = crossctl(['translate', '--exec', '--to', 'podman', '--', 'docker', 'ps'], { env: s.env({ CX_READY: ready, CX_SIG: sig }), onSpawn: (p) => (pid = p) });
      await waitFor(ready);
      process.kill(pid, sig);
      const r = await done;
      expect(r.code).toBe(42);
      expect(readFileSync(`${ready}.sig`, 'utf8')).toBe(`got ${sig}\n`);
    });
  }

  it('passes the last step’s status on when it survives a forwarded signal', async () => {
    const ready = path.join(tmp, 'ready-survive');
    let pid = 0;
    const done = crossctl(['translate', '--exec', '--to', 'podman', '--', 'docker', 'ps'], { env: s.env({ CX_READY: ready, CX_SIG: 'SIGTERM', CX_TRAP_EXIT: '0' }), onSpawn: (p) => (pid = p) });
    await waitFor(ready);
    process.kill(pid, 'SIGTERM');
    expect((await done).code).toBe(0);
  });

  it('stops the plan after a step that survived a signal: no further steps, 128+n', async () => {
    fresh();
    const ready = path.join(tmp, 'ready-ps');
    let pid = 0;
    const done = crossctl(['translate', '--exec', '--to', 'crictl', '--', 'docker', 'logs', 'web'], { env: s.env({ CX_PS_READY: ready, CX_IDS: 'abc\n' }), onSpawn: (p) => (pid = p) });
    await waitFor(ready);
    process.kill(pid, 'SIGTERM');
    const r = await done;
    expect(r.code).toBe(143);
    expect(s.calls().map((c) => c[1])).toEqual(['--version', 'ps']);
  });

  it('removes the plan files’ private directory after a signal too', async () => {
    const ready = path.join(tmp, 'ready-files');
    let pid = 0;
    const done = crossctl(['translate', '--exec', '--to', 'crictl', '--', 'docker', 'run', '--rm', 'busybox', 'echo', 'hi'], { env: s.env({ CX_READY: ready }), onSpawn: (p) => (pid = p) });
    await waitFor(ready);
    const file = readFileSync(`${ready}.path`, 'utf8').trim();
    expect(path.isAbsolute(file)).toBe(true);
    expect(existsSync(file)).toBe(true);
    process.kill(pid, 'SIGTERM');
    const r = await done;
    expect(r.code).toBe(99);
    expect(r.stderr).toMatch(/crossctl: step 1\/\d failed \(exit 99\): crictl runp \/\S+\/pod\.json/);
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it('exits 128+n when the forwarded signal kills the step', async () => {
    const die = path.join(tmp, 'die');
    let pid = 0;
    const done = crossctl(['translate', '--exec', '--to', 'podman', '--', 'docker', 'ps'], { env: s.env({ CX_DIE: die }), onSpawn: (p) => (pid = p) });
    await waitFor(die);
    process.kill(pid, 'SIGTERM');
    const r = await done;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(143);
  });
});

// ---------------------------------------------------------------------------------------------
// No code path spawns a shell.

const SRC = path.join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.[cm]?[jt]s$/.test(n) ? [p] : [];
  });
}

/** Ways to reach a shell from Node; each a pattern and what it means. */
export function shellUses(text: string): string[] {
  const found: string[] = [];
  const rules: [RegExp, string][] = [
    [/(?:^|[{,])\s*['"]?shell['"]?\s*:(?!\s*false\b)/m, 'a spawn option shell: … (only shell: false is allowed)'],
    [/\bexecSync\s*\(/, 'execSync( runs a shell'],
    [/import\s*\{[^}]*\bexec(?:Sync)?\b[^}]*\}\s*from\s*['"](?:node:)?child_process['"]/, 'exec/execSync imported from child_process'],
    [/require\(\s*['"](?:node:)?child_process['"]\s*\)\s*\.\s*exec(?:Sync)?\b/, "require('child_process').exec"],
    [/\bchild_process\s*\.\s*exec(?:Sync)?\s*\(/, 'child_process.exec('],
    [/\/bin\/(?:ba|da|z)?sh\b/, 'a path to a shell'],
    [/['"`](?:ba|da|z)?sh['"`]\s*,\s*\[\s*['"`]-c['"`]/, "spawn('sh', ['-c', …])"],
    [/\bsh -c\b/, 'sh -c'],
  ];
  for (const [re, why] of rules) if (re.test(text)) found.push(why);
  // A namespace or default import of child_process: NAME.exec( / NAME.execSync(.
  for (const m of text.matchAll(/import\s+(?:\*\s+as\s+)?(\w+)\s+from\s*['"](?:node:)?child_process['"]/g)) {
    if (new RegExp(`\\b${m[1]}\\s*\\.\\s*exec(?:Sync)?\\s*\\(`).test(text)) found.push(`${m[1]}.exec( of child_process`);
  }
  return found;
}

describe('no shell anywhere in src/', () => {
  it('recognises every way it looks for (self-check)', () => {
    for (const bad of [
      "spawn('ls', [], { shell: true })",
      'spawn(cmd, args, {shell:"/bin/bash"})',
      "spawn(cmd, args, { cwd, 'shell': opt })",
      'spawn(cmd, args, {\n  stdio,\n  shell: true,\n})',
      "import { exec } from 'node:child_process';",
      "import { spawn, execSync } from 'child_process';",
      "import cp from 'node:child_process'; cp.exec('x')",
      "import * as child from 'child_process'; child.execSync('x')",
      "require('child_process').exec('x')",
      "spawn('sh', ['-c', line])",
      "spawn('/bin/sh', ['-c', line])",
      'execSync(`ls`)',
    ]) {
      expect(shellUses(bad), bad).not.toEqual([]);
    }
    expect(shellUses("const m = /x/.exec(s); spawn(file, args, { shell: false }); import { spawn } from 'node:child_process';")).toEqual([]);
  });

  it('finds none', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(10);
    // Only modules that can start processes matter: shell integration writes sh code as text (a shim's #!/bin/sh),
    // which crossctl never runs.
    const spawning = files.filter((f) => /(?:^|['"])(?:node:)?child_process['"]/m.test(readFileSync(f, 'utf8')));
    expect(spawning.map((f) => path.relative(root, f)).sort()).toEqual(expect.arrayContaining(['src/exec.ts']));
    const hits = spawning.flatMap((f) => shellUses(readFileSync(f, 'utf8')).map((w) => `${path.relative(root, f)}: ${w}`));
    expect(hits).toEqual([]);
    // Nowhere else may import child_process in a way the scan above would miss.
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/require\(\s*['"](?:node:)?child_process/);
  });
});
