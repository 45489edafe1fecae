// Where the container CLIs are and which version each is: PATH lookup without a shell, and one cheap
// `--version` spawn per tool. Used only by `translate --exec` and `doctor`.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { Tables } from './tables.js';

/** The absolute path `name` resolves to on PATH (as execvp would find it), or undefined. */
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = name.includes('/')
    ? [isAbsolute(name) ? name : resolve(name)]
    : (env.PATH ?? '').split(delimiter).map((dir) => join(dir === '' ? '.' : dir, name));
  for (const file of candidates) {
    try {
      if (!statSync(file).isFile()) continue;
      accessSync(file, constants.X_OK);
      return isAbsolute(file) ? file : resolve(file);
    } catch {
      // not there or not executable: keep looking
    }
  }
  return undefined;
}

/** The arguments that make each tool print its own (client) version without contacting a daemon. */
export const VERSION_ARGS: Record<string, string[]> = {
  docker: ['--version'], // Docker version 28.2.2, build e6534b4
  podman: ['--version'], // podman version 4.3.1
  nerdctl: ['--version'], // nerdctl version 2.3.5
  ctr: ['--version'], // ctr github.com/containerd/containerd 1.6.20~ds1 | ctr github.com/containerd/containerd/v2 2.1.4
  crictl: ['--version'], // crictl version v1.29.0
};

export interface ProbeOutput {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command could not be started or did not finish in time. */
  error?: string;
}

/**
 * Runs a program (never a shell) with stdin closed, collecting its output. After timeoutMs its whole process
 * group is killed and the answer is given at once, without waiting for descendants that hold the pipes.
 */
export function probe(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ProbeOutput> {
  const timeoutMs = opts.timeoutMs ?? 2000;
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (o: ProbeOutput): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(o);
    };
    // Its own process group (detached), so that a timeout can kill what it started too.
    const child = spawn(file, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish({ code: null, stdout, stderr, error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => finish({ code: null, stdout, stderr, error: e.message }));
    child.on('close', (code) => finish({ code, stdout, stderr }));
  });
}

/** The first dotted version number in a tool's version line: `1.6.20~ds1` → 1.6.20, `v1.29.0` → 1.29.0. */
export function parseVersion(text: string): string | undefined {
  return /(?:^|[^\w.])v?(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1];
}

const parts = (v: string): number[] => v.split('.').map((n) => Number.parseInt(n, 10) || 0);

/**
 * The known table version closest to an installed one: same major first, then the nearest minor, then the
 * nearest patch; a tie goes to the older (its flags are the safer subset). ctr 1.6.x and 1.7 → 1.6.20, 2.x → 2.3.4.
 */
export function closestVersion(known: readonly string[], installed: string): string | undefined {
  const [a = 0, b = 0, c = 0] = parts(installed);
  let best: { v: string; score: number[] } | undefined;
  for (const v of known) {
    const [x = 0, y = 0, z = 0] = parts(v);
    const score = [Math.abs(x - a), Math.abs(y - b), Math.abs(z - c), x * 1e6 + y * 1e3 + z];
    if (!best || less(score, best.score)) best = { v, score };
  }
  return best?.v;
}

function less(p: number[], q: number[]): boolean {
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return p[i]! < q[i]!;
  return false;
}

export interface Detected {
  tool: string;
  /** Absolute path on PATH, when installed. */
  path?: string;
  /** What the binary says, e.g. 1.6.20 (from `ctr github.com/containerd/containerd 1.6.20~ds1`). */
  installed?: string;
  /** The version of crossctl's tables that translations for it use. */
  tables?: string;
  /** The version line as printed, or why it could not be read. */
  raw?: string;
  error?: string;
}

/** Looks a tool up on PATH and, when found, asks its version (one spawn, ~2 s at most). */
export async function detect(tables: Tables, tool: string, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Detected> {
  const env = opts.env ?? process.env;
  const path = which(tool, env);
  if (!path) return { tool };
  const out = await probe(path, VERSION_ARGS[tool] ?? ['--version'], { env, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  const line = (out.stdout.trim() || out.stderr.trim()).split('\n')[0] ?? '';
  const installed = out.code === 0 ? parseVersion(line) : undefined;
  const known = tables.tools[tool]?.versions ?? [];
  const picked = installed ? closestVersion(known, installed) : undefined;
  return {
    tool,
    path,
    ...(installed ? { installed } : {}),
    ...(picked ? { tables: picked } : {}),
    ...(line ? { raw: line } : {}),
    ...(out.error || !installed ? { error: out.error ?? (out.code === 0 ? `cannot read a version from '${line}'` : `exit ${out.code}: ${line}`) } : {}),
  };
}
