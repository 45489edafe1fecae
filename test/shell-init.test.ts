// Shell integration (issue 6): the code `crossctl init` prints, run in real bash, zsh and fish from
// non-interactive script files (never a terminal), with recording stand-ins for the target CLIs first on PATH;
// the --shim wrappers from a plain `sh` script; shellcheck on the bash and sh code; the learning aliases; and
// crossctl's own completion. Needs a build (npm run build): the generated code runs bin/crossctl.js.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { aliasEntries } from '../src/shell/alias.js';
import { fastPath } from '../src/shell/fastpath.js';
import { fishWord, posixWord, powershellWord } from '../src/shell/quote.js';
import { loadTables } from '../src/tables.js';
import { translate } from '../src/translate.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'bin', 'crossctl.js');
const CLI_REAL = realpathSync(CLI);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cx-shell-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const tables = loadTables();

const SHELL_BIN = { bash: '/usr/bin/bash', zsh: '/usr/bin/zsh', fish: '/usr/bin/fish', sh: '/bin/sh' } as const;
const missing = Object.entries(SHELL_BIN).filter(([, p]) => !existsSync(p)).map(([s]) => s);
if (missing.length && process.env.CI === 'true') throw new Error(`shells missing in CI: ${missing.join(', ')}`);
const haveShellcheck = existsSync('/usr/bin/shellcheck');

// --- stand-ins: each records its argv (NUL-separated, one record per call, \x1e between records) in $CX_LOG
// and exits with $CX_EXIT (default 0). `--version` answers like the real tool and is not recorded: that is
// translate --exec detecting the installed version, not a call the user made.
const standins = path.join(tmp, 'standins');
mkdirSync(standins);
const VERSIONS: Record<string, string> = {
  nerdctl: 'nerdctl version 2.3.5',
  podman: 'podman version 4.3.1',
  crictl: 'crictl version v1.36.0',
  ctr: 'ctr github.com/containerd/containerd/v2 2.3.4',
};
for (const [tool, version] of Object.entries(VERSIONS)) {
  const file = path.join(standins, tool);
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      `if [ "$#" -eq 1 ] && [ "$1" = --version ]; then echo ${posixWord(version)}; exit 0; fi`,
      `{ printf '%s\\0' "\${0##*/}"; for a in "$@"; do printf '%s\\0' "$a"; done; printf '\\036'; } >>"$CX_LOG"`,
      'exit "${CX_EXIT:-0}"',
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
}

let logN = 0;
interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  calls: string[][];
}

const readCalls = (log: string): string[][] =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\x1e')
        .filter(Boolean)
        .map((rec) => rec.split('\0').slice(0, -1))
    : [];

/**
 * PATH for the scripts: the stand-ins only (plus `first`). Neither crossctl nor node is on it: the generated code
 * must find both by the absolute paths it recorded.
 */
const scriptEnv = (log: string, first: string[] = []): NodeJS.ProcessEnv => ({
  HOME: tmp,
  PATH: [...first, standins].join(':'),
  CX_LOG: log,
  NO_COLOR: '1',
  // fish wants a writable config and data home; keep it in the temp dir.
  XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
  XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
});

/** Runs `body` after the generated code, as a script file given to the shell (non-interactive). */
function runScript(shell: keyof typeof SHELL_BIN, text: string, first: string[] = []): Run {
  const n = ++logN;
  const log = path.join(tmp, `calls-${n}.log`);
  const file = path.join(tmp, `script-${n}.${shell}`);
  writeFileSync(file, text);
  const r = spawnSync(SHELL_BIN[shell], [file], { env: scriptEnv(log, first), encoding: 'utf8', cwd: tmp, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: readCalls(log) };
}

/** crossctl itself, by node's absolute path; the stand-ins are on PATH (for the default --to). */
function crossctl(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    cwd: tmp,
    env: { ...process.env, PATH: `${standins}:/usr/bin:/bin`, NO_COLOR: '1', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// --- the slow path needs `crossctl translate --exec` (branch feat-exec). Until it is on this branch, a stub
// stands in for it: it asks the real crossctl for the translation (--json) and spawns each step without a
// shell, exiting with the failing step's status (127 when the program is missing), as --exec does. What the
// tests check is the generated shell code: that the user's words reach crossctl as they were typed, and that
// the status comes back. With --exec present, the stub is not used and the real one runs.
// (the help's exit-status list names --exec too: look for the option's own line)
const HAS_EXEC = /^\s*--exec\s/m.test(crossctl(['translate', '--help']).stdout);
const STUB = path.join(tmp, 'stub-crossctl.mjs');
writeFileSync(
  STUB,
  `import { spawnSync } from 'node:child_process';
const args = process.argv.slice(2);
const dd = args.indexOf('--');
if (args[0] !== 'translate' || args[1] !== '--exec' || dd < 0) { console.error('stub: unexpected ' + JSON.stringify(args)); process.exit(99); }
const opts = args.slice(2, dd);
const r = spawnSync(process.execPath, [${JSON.stringify(CLI)}, 'translate', '--json', ...opts, '--', ...args.slice(dd + 1)], { encoding: 'utf8' });
if (r.status !== 0 && !r.stdout) { process.stderr.write(r.stderr); process.exit(r.status ?? 70); }
const res = JSON.parse(r.stdout).results[0];
if (res.status === 'unsupported') { console.error('crossctl: error: ' + res.reason); process.exit(1); }
for (const step of res.steps) {
  const s = spawnSync(step.argv[0], step.argv.slice(1), { stdio: 'inherit' });
  if (s.error) process.exit(127);
  if (s.status !== 0) process.exit(s.status ?? 128);
}
`,
);

/** The generated code, pointed at the stub until translate --exec exists. */
function generated(args: string[]): string {
  const r = crossctl(args);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return HAS_EXEC ? r.stdout : r.stdout.split(CLI_REAL).join(STUB);
}

const RUN_ARGV = ['run', '--rm', 'busybox', 'sh', '-c', 'echo "a b"'];
const HEX = '3f4e2a1b9c0d';
// Words that a shell would split, glob or expand if the generated code re-parsed them.
const NASTY = ['a b', '*', '$HOME', '$(id)', '`id`', "it's", '"q"', '', '-x', 'tab\there', 'new\nline', '\\', ';', '|'];

/** The calls a script makes, written in each shell's own quoting. */
const q = { bash: posixWord, zsh: posixWord, fish: fishWord, sh: posixWord } as const;
const line = (shell: keyof typeof q, argv: string[]): string => argv.map(q[shell]).join(' ');

describe.skipIf(missing.length > 0)('init: the generated function in real shells, from a script file', () => {
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    const load = (args: string[]): string => generated(['init', shell, ...args]);
    const status = shell === 'fish' ? 'echo "status=$status"' : 'echo "status=$?"';

    describe(shell, () => {
      it('--to nerdctl: docker ps -a runs nerdctl ps -a directly (fast path), no crossctl started', () => {
        const code = load(['--to', 'nerdctl']);
        expect(code).toMatch(/\bps\b.*\n.*command nerdctl/);
        const r = runScript(shell, `${code}\ndocker ps -a\n${status}\n`);
        expect(r.stderr).toBe('');
        expect(r.calls).toEqual([['nerdctl', 'ps', '-a']]);
        expect(r.stdout).toContain('status=0');
      });

      it('docker with no arguments shows the target\'s own usage: nerdctl with no arguments', () => {
        for (const to of ['nerdctl', 'crictl']) {
          const r = runScript(shell, `${load(['--to', to])}\ndocker\n${status}\n`);
          expect(r.stderr).toBe('');
          expect(r.calls).toEqual([[to]]);
          expect(r.stdout).toContain('status=0');
        }
      });

      it(`--to nerdctl: docker run … sh -c 'echo "a b"' keeps its quoting (slow path${HAS_EXEC ? '' : ', --exec stub'})`, () => {
        const code = load(['--to', 'nerdctl']);
        const r = runScript(shell, `${code}\ndocker ${line(shell, RUN_ARGV)}\n${status}\n`);
        expect(r.stderr).toBe('');
        expect(r.calls).toEqual([['nerdctl', ...RUN_ARGV]]);
        expect(r.stdout).toContain('status=0');
      });

      it('every word reaches the target as typed: spaces, globs, $, quotes, empty, newline (both paths)', () => {
        const code = load(['--to', 'nerdctl']);
        const fast = ['logs', ...NASTY];
        const slow = ['run', '--rm', 'busybox', 'echo', ...NASTY];
        const r = runScript(shell, `${code}\ndocker ${line(shell, fast)}\ndocker ${line(shell, slow)}\n`);
        expect(r.calls).toEqual([
          ['nerdctl', ...fast],
          ['nerdctl', ...slow],
        ]);
      });

      it('keeps the exit status: a target exiting 3 makes the function return 3 (fast and slow path)', () => {
        const code = load(['--to', 'nerdctl']);
        const set = shell === 'fish' ? 'set -x CX_EXIT 3' : 'CX_EXIT=3; export CX_EXIT';
        const r = runScript(shell, `${code}\n${set}\ndocker ps\n${status}\ndocker run --rm busybox true\n${status}\n`);
        expect(r.stdout.match(/status=\d+/g)).toEqual(['status=3', 'status=3']);
        expect(r.calls).toEqual([
          ['nerdctl', 'ps'],
          ['nerdctl', 'run', '--rm', 'busybox', 'true'],
        ]);
      });

      it(`--to crictl: docker images → crictl images, docker logs --tail 5 ID → crictl logs --tail 5 ID${HAS_EXEC ? '' : ' (--exec stub)'}`, () => {
        const code = load(['--to', 'crictl']);
        expect(code).not.toContain('case'); // crictl parses flags differently: no fast path at all
        const r = runScript(shell, `${code}\ndocker images\n${status}\ndocker logs --tail 5 ${HEX}\n${status}\n`);
        expect(r.calls).toEqual([
          ['crictl', 'images'],
          ['crictl', 'logs', '--tail', '5', HEX],
        ]);
        expect(r.stdout.match(/status=\d+/g)).toEqual(['status=0', 'status=0']);
      });

      it('--cmd names the function; the real target is called, never the function itself', () => {
        const code = load(['--to', 'nerdctl', '--cmd', 'nerdctl']);
        const r = runScript(shell, `${code}\nnerdctl ps -q\n${status}\n`);
        expect(r.calls).toEqual([['nerdctl', 'ps', '-q']]);
        expect(r.stdout).toContain('status=0');
      });

      it('a missing target exits 127 like a missing command', () => {
        const code = load(['--to', 'nerdctl']);
        const n = ++logN;
        const file = path.join(tmp, `script-${n}.${shell}`);
        writeFileSync(file, `${code}\ndocker ps\n${status}\n`);
        const r = spawnSync(SHELL_BIN[shell], [file], { env: { ...scriptEnv(path.join(tmp, 'none.log')), PATH: path.join(tmp, 'empty') }, encoding: 'utf8' });
        expect(r.stdout).toContain('status=127');
      });
    });
  }

  it('bash and zsh: an alias of the same name (alias docker=nerdctl) gives way to the function', () => {
    const code = generated(['init', 'bash', '--to', 'podman']);
    // Non-interactive bash expands aliases only when asked; zsh always does.
    const bash = runScript('bash', `shopt -s expand_aliases\nalias docker=nerdctl\n${code}\ndocker ps\n`);
    expect(bash.calls).toEqual([['podman', 'ps']]);
    const zsh = runScript('zsh', `alias docker=nerdctl\n${generated(['init', 'zsh', '--to', 'podman'])}\ndocker ps\nwhence -w nerdctl\n`);
    expect(zsh.calls).toEqual([['podman', 'ps']]);
    expect(zsh.stdout).toContain('nerdctl: command'); // no function named nerdctl was made by alias expansion
  });

  it('--namespace goes to both paths: the target global flag on the fast path, --namespace to --exec', () => {
    const code = generated(['init', 'bash', '--to', 'nerdctl', '--k8s']);
    expect(code).toContain('command nerdctl --namespace k8s.io "$@"');
    expect(code).toMatch(/translate --exec --namespace k8s\.io --to nerdctl -- docker "\$@"/);
    const r = runScript('bash', `${code}\ndocker ps\n`);
    expect(r.calls).toEqual([['nerdctl', '--namespace', 'k8s.io', 'ps']]);
  });
});

describe.skipIf(missing.length > 0)('init --shim: wrappers for scripts, Makefiles and CI', () => {
  const shims = (name: string, args: string[]): string => {
    const dir = path.join(tmp, name);
    const r = crossctl(['init', '--shim', dir, ...args]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const file = path.join(dir, args.includes('--cmd') ? args[args.indexOf('--cmd') + 1]! : 'docker');
    if (!HAS_EXEC) writeFileSync(file, readFileSync(file, 'utf8').split(CLI_REAL).join(STUB));
    return dir;
  };

  it('a plain sh script with the shim directory first on PATH: fast path, slow path, quoting, status', () => {
    const dir = shims('shims-nerdctl', ['--to', 'nerdctl']);
    const text = readFileSync(path.join(dir, 'docker'), 'utf8');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toMatch(new RegExp(`exec ${process.execPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\S+ translate --exec --to nerdctl -- docker "\\$@"\\n$`));
    const r = runScript('sh', `docker ps -a\necho "status=$?"\ndocker ${line('sh', RUN_ARGV)}\necho "status=$?"\nCX_EXIT=3 docker run --rm busybox true\necho "status=$?"\nCX_EXIT=3 docker ps\necho "status=$?"\n`, [dir]);
    expect(r.stderr).toBe('');
    expect(r.calls).toEqual([
      ['nerdctl', 'ps', '-a'],
      ['nerdctl', ...RUN_ARGV],
      ['nerdctl', 'run', '--rm', 'busybox', 'true'],
      ['nerdctl', 'ps'],
    ]);
    expect(r.stdout.match(/status=\d+/g)).toEqual(['status=0', 'status=0', 'status=3', 'status=3']);
  });

  it('--to crictl from sh: docker images, docker logs --tail 5 ID', () => {
    const dir = shims('shims-crictl', ['--to', 'crictl']);
    const r = runScript('sh', `docker images\ndocker logs --tail 5 ${HEX}\n`, [dir]);
    expect(r.calls).toEqual([
      ['crictl', 'images'],
      ['crictl', 'logs', '--tail', '5', HEX],
    ]);
  });

  it('refuses what would call itself: --from docker --to docker, a shim named like its target, a target shim beside it (exit 2)', () => {
    expect(crossctl(['init', '--shim', path.join(tmp, 'loop1'), '--from', 'docker', '--to', 'docker']).status).toBe(2);
    expect(existsSync(path.join(tmp, 'loop1'))).toBe(false);
    expect(crossctl(['init', '--shim', path.join(tmp, 'loop2'), '--to', 'nerdctl', '--cmd', 'nerdctl']).status).toBe(2);
    const dir = shims('loop3', ['--to', 'nerdctl']);
    const r = crossctl(['init', '--shim', dir, '--from', 'nerdctl', '--to', 'docker']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^crossctl: error: .*docker is a crossctl shim too/);
  });

  it('stops a loop through PATH at run time (two shims leading to each other in different directories)', () => {
    const a = shims('loop-a', ['--to', 'nerdctl']);
    const b = path.join(tmp, 'loop-b');
    expect(crossctl(['init', '--shim', b, '--from', 'nerdctl', '--to', 'docker']).status).toBe(0);
    const r = runScript('sh', 'docker ps\necho "status=$?"\n', [a, b]);
    expect(r.stdout).toContain('status=2');
    expect(r.stderr).toContain('crossctl: the docker shim');
    expect(r.calls).toEqual([]);
  });

  it('does not overwrite a file that is no crossctl shim unless --force', () => {
    const dir = path.join(tmp, 'occupied');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'docker'), '#!/bin/sh\necho mine\n');
    const r = crossctl(['init', '--shim', dir, '--to', 'nerdctl']);
    expect(r.status).toBe(2);
    expect(readFileSync(path.join(dir, 'docker'), 'utf8')).toBe('#!/bin/sh\necho mine\n');
    expect(crossctl(['init', '--shim', dir, '--to', 'nerdctl', '--force']).status).toBe(0);
    expect(readFileSync(path.join(dir, 'docker'), 'utf8')).toContain('# crossctl shim:');
  });
});

describe('the fast path comes from the tables, conservatively', () => {
  it('docker → nerdctl and podman: ps and friends; never what the tables rewrite', () => {
    const nerdctl = fastPath(tables, 'docker', 'nerdctl').words;
    expect(nerdctl).toEqual(expect.arrayContaining(['ps', 'logs', 'inspect', 'top']));
    for (const w of ['run', 'exec', 'stop', 'build', 'attach', 'images']) expect(nerdctl).not.toContain(w);
    const podman = fastPath(tables, 'docker', 'podman');
    expect(podman.words).toContain('ps');
    expect(podman.slow.pull).toMatch(/image references are rewritten/);
    expect(podman.slow.logs).toMatch(/tail/); // podman logs --tail has no -n
  });

  it('crictl and ctr parse flags differently (Go flags, no flags after arguments): no fast path', () => {
    expect(fastPath(tables, 'docker', 'crictl').words).toEqual([]);
    expect(fastPath(tables, 'docker', 'ctr').words).toEqual([]);
  });

  it('agrees with the translator: every table example of a fast subcommand translates to itself', () => {
    let checked = 0;
    for (const from of ['docker', 'nerdctl', 'podman']) {
      for (const to of ['docker', 'nerdctl', 'podman'].filter((t) => t !== from)) {
        const fast = new Set(fastPath(tables, from, to).words);
        for (const c of Object.values(tables.concepts)) {
          for (const ex of c.examples) {
            const argv = translate(tables, ex.in).input;
            if (argv[0] !== from || !fast.has(argv[1]!)) continue;
            const r = translate(tables, argv, { to: [{ tool: to }] }).results[0]!;
            expect({ ex: ex.in, to, status: r.status, steps: r.steps.map((s) => s.argv) }).toEqual({ ex: ex.in, to, status: 'exact', steps: [[to, ...argv.slice(1)]] });
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe.skipIf(!haveShellcheck)('shellcheck', () => {
  const check = (shell: 'bash' | 'sh', text: string): void => {
    const file = path.join(tmp, `sc-${++logN}.${shell}`);
    writeFileSync(file, shell === 'bash' ? `#!/bin/bash\n${text}` : text);
    const r = spawnSync('/usr/bin/shellcheck', ['-s', shell, file], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  };

  it('the bash code is clean for every target, with --namespace and --cmd', () => {
    for (const to of ['nerdctl', 'podman', 'crictl', 'ctr', 'ctr@1.6']) check('bash', crossctl(['init', 'bash', '--to', to]).stdout);
    check('bash', crossctl(['init', 'bash', '--to', 'nerdctl', '-n', "it's mine", '--cmd', 'dk']).stdout);
    check('bash', crossctl(['alias', '--shell', 'bash', '--to', 'nerdctl']).stdout);
    check('bash', crossctl(['completion', 'bash']).stdout);
  });

  it('the shims are clean POSIX sh', () => {
    const dir = path.join(tmp, 'sc-shims');
    expect(crossctl(['init', '--shim', dir, '--to', 'nerdctl', '-n', 'k8s.io']).status).toBe(0);
    check('sh', readFileSync(path.join(dir, 'docker'), 'utf8'));
  });
});

// PowerShell is not installable here (no pwsh package for this Debian, no network to fetch one), so its code is
// checked as text: the structure (a global function, the fast-path list, an application lookup that cannot find
// the function itself), every constant word single-quoted (so '--' and '--to' stay arguments), the user's words
// passed only as @args (never joined into a string, never Invoke-Expression'd), and balanced braces. The
// choices were checked against PowerShell's documentation and issue tracker, not by running pwsh: 'Standard'
// native argument passing uses ProcessStartInfo.ArgumentList (NativeArgumentPassingStyle; on Unix it passes every
// argument intact, empty and embedded-quote ones included); an unquoted -- is consumed by PowerShell before a
// function sees it, a quoted '--' is passed on (PowerShell#21208), hence the quoted constants and the note in
// the header. Running this on a real pwsh is a gap.
describe('init powershell (checked as text)', () => {
  const ps = crossctl(['init', 'powershell', '--to', 'nerdctl']).stdout;

  it('defines a global function that splats @args to the target or to crossctl translate --exec', () => {
    expect(ps).toContain('function global:docker {');
    expect(ps).toContain("Remove-Item -Path 'Alias:docker' -Force -ErrorAction SilentlyContinue");
    expect(ps).toContain("$PSNativeCommandArgumentPassing = 'Standard'");
    expect(ps).toMatch(/\$crossctlFast = @\('diff', .*'ps'.*\)/);
    expect(ps).toContain("Get-Command -Name 'nerdctl' -CommandType Application");
    expect(ps).toContain('& $crossctlTarget @args');
    expect(ps).toContain(`& ${powershellWord(realpathSync(process.execPath))} ${powershellWord(CLI_REAL)} 'translate' '--exec' '--to' 'nerdctl' '--' 'docker' @args`);
  });

  it('never joins or evaluates the user arguments', () => {
    const code = ps.split('\n').filter((l) => !l.startsWith('#'));
    const uses = code.join('\n').match(/\$args\b[^.\s]?/g) ?? [];
    // $args is only counted, its first word compared, and splatted.
    expect(code.filter((l) => l.includes('$args')).every((l) => /\$args\.Count|\[string\]\$args\[0\]/.test(l))).toBe(true);
    expect(uses.length).toBeGreaterThan(0);
    expect(code.join('\n')).not.toMatch(/Invoke-Expression|iex\b|-join|"\$args|\$args -|\$\(\$args/);
    expect(code.filter((l) => l.includes('@args'))).toHaveLength(2);
  });

  it('has balanced braces and parentheses, and quotes odd words PowerShell-style', () => {
    const body = ps.split('\n').filter((l) => !l.startsWith('#')).join('\n').replace(/'(?:[^']|'')*'/g, "''");
    for (const [o, c] of [['{', '}'], ['(', ')']] as const) expect(body.split(o).length).toBe(body.split(c).length);
    expect(powershellWord("it's")).toBe("'it''s'");
    expect(powershellWord('a\u2019b')).toBe("'a\u2019\u2019b'");
    const ns = crossctl(['init', 'powershell', '--to', 'nerdctl', '-n', "it's"]).stdout;
    expect(ns).toContain("& $crossctlTarget '--namespace' 'it''s' @args");
  });

  it('no fast path: one call through crossctl', () => {
    const crictl = crossctl(['init', 'powershell', '--to', 'crictl']).stdout;
    expect(crictl).not.toContain('crossctlFast');
    expect(crictl).toMatch(/'--to' 'crictl' '--' 'docker' @args\n}\n$/);
  });
});

describe.skipIf(missing.length > 0)('alias: learning aliases from the tables', () => {
  it('bash and zsh aliases call the target spelling', () => {
    const code = crossctl(['alias', '--shell', 'bash', '--to', 'nerdctl']).stdout;
    expect(code).toContain("alias dps='nerdctl ps'");
    const bash = runScript('bash', `shopt -s expand_aliases\n${code}\ndps -a\ndlogs web\ndimg\n`);
    expect(bash.calls).toEqual([
      ['nerdctl', 'ps', '-a'],
      ['nerdctl', 'logs', 'web'],
      ['nerdctl', 'images'],
    ]);
    const zsh = runScript('zsh', `${crossctl(['alias', '--shell', 'zsh', '--to', 'crictl']).stdout}\ndps -a\n`);
    expect(zsh.calls).toEqual([['crictl', 'ps', '-a']]);
  });

  it('fish gets abbreviations, which show the real command as you type', () => {
    const code = crossctl(['alias', '--shell', 'fish', '--to', 'nerdctl']).stdout;
    const r = runScript('fish', `${code}\nabbr --show\n`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/abbr -a -- dps 'nerdctl ps'|abbr -a -U -- dps 'nerdctl ps'|abbr -a dps 'nerdctl ps'/);
  });

  it('only concepts the target has as one plain command', () => {
    const crictl = aliasEntries(tables, 'crictl').map((e) => e.name);
    expect(crictl).toContain('dpods');
    expect(crictl).not.toContain('drun'); // crictl run needs pod and container config files
    const ctr = aliasEntries(tables, 'ctr');
    expect(ctr.map((e) => e.name)).not.toContain('dlogs'); // ctr keeps no logs
    expect(ctr.find((e) => e.name === 'dimg')?.argv).toEqual(['ctr', 'images', 'list']);
    expect(aliasEntries(tables, 'docker').map((e) => e.name)).not.toContain('dpods');
  });
});

describe.skipIf(missing.length > 0)("completion: crossctl's own commands, from commander's tree and the tables", () => {
  it('bash: commands, options, tool names, shells, comma lists', () => {
    const code = crossctl(['completion', 'bash']).stdout;
    const r = runScript(
      'bash',
      `${code}
comp() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _crossctl; printf '%s\\n' "\${COMPREPLY[*]}"; }
comp crossctl ''
comp crossctl in
comp crossctl init ''
comp crossctl init --to ''
comp crossctl translate --to nerdctl,p
comp crossctl init bash --s
comp crossctl translate ''
comp crossctl sheet ''
complete -p crossctl
`,
    );
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]!.split(' ')).toEqual(expect.arrayContaining(['translate', 'init', 'alias', 'completion', 'docker', 'crictl']));
    expect(lines.slice(1, 7)).toEqual(['init', 'bash zsh fish powershell', 'docker podman nerdctl ctr crictl', 'nerdctl,podman', '--shim', 'docker podman nerdctl ctr crictl']);
    expect(lines[7]).toBe([...tables.topics.map((t) => t.id), ...Object.keys(tables.tools)].join(' ')); // sheet [topic-or-tool...]
    expect(lines[8]).toBe('complete -F _crossctl crossctl');
  });

  it('fish: complete -C answers from the generated completions', () => {
    const code = crossctl(['completion', 'fish']).stdout;
    const r = runScript('fish', `${code}\ncomplete -C'crossctl init --to '\necho ---\ncomplete -C'crossctl '\necho ---\ncomplete -C'crossctl alias --shell '\n`);
    expect(r.stderr).toBe('');
    const [to, top, shells] = r.stdout.split('---\n').map((part) => part.split('\n').filter(Boolean).map((l) => l.split('\t')[0]));
    expect(to).toEqual(expect.arrayContaining(['nerdctl', 'podman', 'crictl', 'ctr']));
    expect(top).toEqual(expect.arrayContaining(['translate', 'init', 'alias', 'completion', 'docker']));
    expect(shells).toEqual(['bash', 'fish', 'powershell', 'zsh']);
  });

  it('zsh: registers _crossctl for crossctl and offers the same words (compadd and _describe recorded)', () => {
    const code = crossctl(['completion', 'zsh']).stdout;
    const r = runScript(
      'zsh',
      `${code}
print -r -- "registered=\${_comps[crossctl]}"
compadd() { print -r -- "compadd \${(j: :)@[2,-1]}" }
compset() { : }
_describe() { print -r -- "describe \${(j: :)\${(P)4}}" }
words=(crossctl init --to ''); CURRENT=4; _crossctl
words=(crossctl init ''); CURRENT=3; _crossctl
words=(crossctl ''); CURRENT=2; _crossctl
`,
    );
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('registered=_crossctl');
    expect(lines[1]).toBe('compadd docker podman nerdctl ctr crictl');
    expect(lines[2]).toBe('compadd bash zsh fish powershell');
    expect(lines[3]).toMatch(/^describe translate:.* init:.* docker:/);
  });

  it('follows the command tree: a command added to the CLI shows up without a hand-kept list', async () => {
    const { Command } = await import('commander');
    const { completionModel, completionScript } = await import('../src/shell/completion.js');
    const program = new Command('crossctl');
    program.command('sheet').option('--topic <topic>', 'one topic');
    const bash = completionScript('bash', completionModel(program, tables));
    expect(bash).toContain(`_crossctl_words ${posixWord(tables.topics.map((t) => t.id).join(' '))} "$cur"`);
  });
});

describe('init: bad input exits 2 with one line', () => {
  it.each([
    [['init'], /give a shell/],
    [['init', 'tcsh'], /Allowed choices are bash, zsh, fish, powershell/],
    [['init', 'bash', '--to', 'docker'], /would call itself/],
    [['init', 'bash', '--to', 'nerdctl,podman'], /one tool/],
    [['init', 'bash', '--to', 'nerdcl'], /did you mean nerdctl/],
    [['init', 'bash', '--to', 'nerdctl', '--cmd', 'a b'], /--cmd 'a b'/],
    [['init', 'bash', '--to', 'nerdctl', '--cmd', 'command'], /needs command itself/],
    [['init', 'bash', '--to', 'podman', '-n', 'k8s.io'], /podman does not use containerd namespaces/],
    [['init', 'bash', '--shim', '/tmp/x'], /leave out 'bash'/],
    [['alias', '--to', 'nerdctl'], /--shell/],
  ])('%j', (args, message) => {
    const r = crossctl(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('without --to: the first of nerdctl, podman, crictl, ctr on PATH', () => {
    expect(crossctl(['init', 'bash'], { PATH: `${standins}:/usr/bin:/bin` }).stdout).toContain('--to nerdctl --');
    const none = crossctl(['init', 'bash'], { PATH: path.join(tmp, 'empty') });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/give --to TOOL/);
  });
});
