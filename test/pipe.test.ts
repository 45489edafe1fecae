import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, emptyConfigHome } from './support/run-cli.js';

// A reader that stops early (`| head -c 1`, `| true`) is not an error: crossctl ends quietly, with the status
// the command would have had anyway, and never prints EPIPE or a stack. The pipe is built by bash here, in the
// test; crossctl's arguments reach bash as "$@", never inside the script text.

let dir: string;
let config: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crossctl-pipe-'));
  config = emptyConfigHome();
});

/** Runs `node bin/crossctl.js ARGS… 2>ERR | READER`: crossctl's exit status and what it wrote to stderr. */
function piped(reader: string, args: string[], opts: { merge?: boolean; manyWords?: number } = {}): { status: number; stderr: string } {
  const err = join(dir, `err-${Math.random().toString(36).slice(2)}`);
  const script = [
    // Optional filler words, built in bash: one argv word may not exceed 128 KiB, a whole argv may reach 2 MiB.
    'n=$1; shift; words=(); for ((i = 0; i < n; i++)); do words+=("word$i"); done',
    `node "$CROSSCTL" "$@" "\${words[@]}" ${opts.merge ? '2>&1' : '2>"$ERR"'} | ${reader}`,
    'echo "${PIPESTATUS[0]}" >"$ERR.status"',
  ].join('\n');
  const r = spawnSync('bash', ['-c', script, 'bash', String(opts.manyWords ?? 0), ...args], {
    env: { ...process.env, CROSSCTL: binPath(), ERR: err, NO_COLOR: '1', XDG_CONFIG_HOME: config },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return { status: Number(readFileSync(`${err}.status`, 'utf8')), stderr: existsSync(err) ? readFileSync(err, 'utf8') : '' };
}

describe('output into a closed pipe', () => {
  it('a small translation into head -c 1', () => {
    expect(piped('head -c 1 >/dev/null', ['translate', '--', 'docker', 'ps', '-a'])).toEqual({ status: 0, stderr: '' });
  });

  it('a reader that is gone before crossctl writes anything', () => {
    expect(piped('true', ['translate', '--', 'docker', 'ps', '-a'])).toEqual({ status: 0, stderr: '' });
    expect(piped('true', ['docker', 'logs', '-f', 'web'])).toEqual({ status: 0, stderr: '' });
  });

  it('megabytes of output, human and JSON, into head -c 1 (EPIPE mid-write)', () => {
    // Targets that translate docker run exactly: no warnings, so stderr stays empty.
    const args = ['translate', '--to', 'podman,nerdctl', '--', 'docker', 'run', 'nginx', 'echo'];
    expect(piped('head -c 1 >/dev/null', args, { manyWords: 60_000 })).toEqual({ status: 0, stderr: '' });
    expect(piped('head -c 1 >/dev/null', ['translate', '--json', ...args.slice(1)], { manyWords: 60_000 })).toEqual({ status: 0, stderr: '' });
  });

  it('the cheat sheet into head -n 1', () => {
    expect(piped('head -n 1 >/dev/null', ['sheet'])).toEqual({ status: 0, stderr: '' });
  });

  it('warnings and output both into the closed pipe (2>&1)', () => {
    const r = piped('head -c 1 >/dev/null', ['translate', '--', 'docker', 'ps', '--extra-word-is-a-flag-typo'], { merge: true });
    expect(r.status).toBe(2);
    const w = piped('true', ['translate', '--', 'docker', 'logs', '--details', 'web', 'and', 'extra', 'words'], { merge: true, manyWords: 20_000 });
    expect(w.status).toBe(0);
  });

  it('keeps the status the command has anyway: 1 when no target can express it', () => {
    const r = piped('true', ['translate', '--to', 'ctr', 'docker logs web']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^crossctl: ctr: /);
  });

  it('a write that fails for another reason (a full disk) is one error line and status 70', () => {
    if (!existsSync('/dev/full')) return;
    // Each command writes from its own bundle: the failure must still reach the exit status.
    for (const args of ['translate -- docker ps -a', 'docker ps', 'init bash --to podman', 'sheet --format markdown', 'sheet']) {
      const full = spawnSync('bash', ['-c', `node "$CROSSCTL" ${args} >/dev/full`], { env: { ...process.env, CROSSCTL: binPath(), XDG_CONFIG_HOME: config }, encoding: 'utf8' });
      expect(full.status, args).toBe(70);
      expect(full.stderr, args).toMatch(/^crossctl: error: cannot write the output: ENOSPC[^\n]*\n$/);
    }
  });
});

describe('colour follows each stream', () => {
  // script(1) gives the command a terminal; one of its streams is sent to a file instead. Two targets: dim
  // headers on stdout; nerdctl refuses --rm with -d: a yellow warning on stderr.
  const args = ['translate', '--to', 'podman,nerdctl', '--', 'docker', 'run', '-d', '--rm', 'nginx'];
  const onTerminal = (redirect: string): { terminal: string; file: string } => {
    const file = join(dir, `stream-${Math.random().toString(36).slice(2)}`);
    // script(1) runs its command with sh -c; the arguments are plain words, written into it as they are.
    const r = spawnSync('script', ['-qec', `node "$CROSSCTL" ${args.join(' ')} ${redirect}"$FILE"`, '/dev/null'], {
      env: { ...process.env, CROSSCTL: binPath(), FILE: file, TERM: 'xterm', NO_COLOR: undefined, FORCE_COLOR: undefined, XDG_CONFIG_HOME: config, SHELL: '/bin/bash' },
      encoding: 'utf8',
      input: '',
      timeout: 30_000,
    });
    return { terminal: r.stdout, file: readFileSync(file, 'utf8') };
  };

  it('stdout into a file or $(…) stays plain while warnings on the terminal are yellow', () => {
    const { terminal, file } = onTerminal('>');
    expect(file).toContain('# podman');
    expect(file).not.toContain('\x1b');
    expect(terminal).toContain('\x1b[33mcrossctl: warning: nerdctl:');
  });

  it('headers on the terminal are dim while warnings into a file stay plain', () => {
    const { terminal, file } = onTerminal('2>');
    expect(terminal).toContain('\x1b[2m# podman');
    expect(file).toContain('crossctl: warning: nerdctl:');
    expect(file).not.toContain('\x1b');
  });
});
