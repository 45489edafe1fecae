// Starts real container engines on private sockets and directories under a temp dir, for live tests.
// Nothing here uses the system default sockets (/run/containerd/containerd.sock, /var/run/docker.sock)
// or storage (/var/lib/{containerd,docker,containers}). Compiled-in paths that cannot be moved remain:
// containerd's shims put hashed socket names in /run/containerd/s and runc state in /run/containerd/runc,
// podman/netavark keep IPAM state in /run/containers/networks and netns files in /run/netns.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { BUSYBOX, buildBusyboxImages } from './busybox-image.js';

export type EngineName = 'docker' | 'containerd' | 'podman';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  timeoutMs?: number;
}

export interface Containerd {
  /** Path of the containerd gRPC socket (what `ctr --address` / CONTAINERD_ADDRESS take). */
  address: string;
  dir: string;
  /** process.env plus CONTAINERD_ADDRESS: a plain `ctr ARGS` spawned with it talks to this containerd. */
  env: NodeJS.ProcessEnv;
  ctr(args: string[], opts?: RunOptions): Promise<RunResult>;
  stop(): Promise<void>;
}

export interface Docker {
  /** unix://… socket of this dockerd (what DOCKER_HOST / `docker -H` take). */
  host: string;
  dir: string;
  /** process.env plus DOCKER_HOST and a private DOCKER_CONFIG. */
  env: NodeJS.ProcessEnv;
  docker(args: string[], opts?: RunOptions): Promise<RunResult>;
  stop(): Promise<void>;
}

export interface Podman {
  dir: string;
  /** process.env plus CONTAINERS_CONF, CONTAINERS_STORAGE_CONF and CONTAINERS_REGISTRIES_CONF. */
  env: NodeJS.ProcessEnv;
  podman(args: string[], opts?: RunOptions): Promise<RunResult>;
  stop(): Promise<void>;
}

/** Runs a command without a shell and collects its output; never rejects on a non-zero exit. */
export function run(cmd: string, args: string[], opts: RunOptions & { env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${opts.timeoutMs ?? 60_000} ms]`;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1), stdout, stderr });
    });
    child.stdin.on('error', () => {}); // the command may exit without reading its input
    child.stdin.end(opts.input ?? '');
  });
}

// ---------------------------------------------------------------------------------------------
// Availability: missing engines skip locally and fail in CI.

const REQUIRED_BINARIES: Record<EngineName, string[]> = {
  containerd: ['containerd', 'ctr', 'containerd-shim-runc-v2', 'runc'],
  docker: ['dockerd', 'docker', 'docker-proxy', 'containerd', 'ctr', 'containerd-shim-runc-v2', 'runc', 'ip'],
  podman: ['podman', 'conmon', 'runc', 'iptables'], // netavark (not on PATH) runs iptables
};

function onPath(bin: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      accessSync(path.join(dir || '.', bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why the engine cannot run here, or undefined when it can. */
export function engineUnavailableReason(name: EngineName): string | undefined {
  const missing = REQUIRED_BINARIES[name].filter((b) => !onPath(b));
  if (missing.length) return `missing on PATH: ${missing.join(', ')}`;
  if (!existsSync(BUSYBOX)) return `missing ${BUSYBOX} (busybox-static), needed for the test image`;
  if (process.getuid?.() !== 0) return 'needs root';
  return undefined;
}

export function engineAvailable(name: EngineName): boolean {
  return engineUnavailableReason(name) === undefined;
}

/** describe() for live tests of one engine: skipped with the reason when it is unavailable, but a failure in CI. */
export function describeEngine(name: EngineName, fn: () => void): void {
  const reason = engineUnavailableReason(name);
  if (reason && process.env.CI === 'true') {
    describe(`${name} (live)`, () => {
      it(`${name} is available`, () => {
        throw new Error(`${name} is required in CI but ${reason}`);
      });
    });
    return;
  }
  describe.skipIf(reason !== undefined)(reason ? `${name} (live) [skipped: ${reason}]` : `${name} (live)`, fn);
}

// ---------------------------------------------------------------------------------------------
// Process and directory bookkeeping.

interface Resources {
  dir: string;
  /** In start order; stopped in reverse. */
  daemons: ChildProcess[];
  bridge?: string;
  /** Removes containers through the engine's CLI while its daemons still run; synchronous for the 'exit' handler. */
  drain?: () => void;
}

const active = new Set<Resources>();

function tempDir(prefix: string): string {
  // Short: unix socket paths are limited to 108 bytes.
  return mkdtempSync(path.join(os.tmpdir(), `cx-${prefix}-`));
}

function withEnv(set: Record<string, string>, unset: string[] = []): NodeJS.ProcessEnv {
  const env = { ...process.env, ...set };
  for (const key of unset) delete env[key];
  return env;
}

/** Processes whose command line mentions dir: shims, a daemon's own containerd, conmon. */
function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`${dir}/`)) pids.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

function mountsUnder(dir: string): string[] {
  const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => unescape(line.split(' ')[4] ?? ''))
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function runSync(cmd: string, args: string[], env: NodeJS.ProcessEnv): string[] {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] });
  return (r.stdout ?? '').split('\n').filter(Boolean);
}

function drainOnce(res: Resources): void {
  const drain = res.drain;
  res.drain = undefined;
  drain?.();
}

/** Drains if not done yet, kills whatever is left, unmounts, removes the bridge and the temp dir. */
function releaseSync(res: Resources): void {
  active.delete(res);
  drainOnce(res);
  for (const d of res.daemons) if (d.pid && d.exitCode === null && d.signalCode === null) killQuietly(d.pid, 'SIGKILL');
  for (const pid of processesUsing(res.dir)) killQuietly(pid, 'SIGKILL');
  for (const m of mountsUnder(res.dir)) spawnSync('umount', ['-l', m], { stdio: 'ignore' });
  if (res.bridge) spawnSync('ip', ['link', 'del', res.bridge], { stdio: 'ignore' });
  rmSync(res.dir, { recursive: true, force: true, maxRetries: 3 });
}

process.once('exit', () => {
  for (const res of [...active]) releaseSync(res);
});

/** The stop() of an engine: idempotent; drains, stops the daemons gracefully, then releases. */
function stopper(res: Resources): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= (async () => {
      try {
        drainOnce(res);
        for (const d of [...res.daemons].reverse()) await stopDaemon(d, 15_000);
      } finally {
        releaseSync(res);
      }
    })());
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopDaemon(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// setpriv --pdeathsig: the daemon gets SIGTERM if the spawning thread dies without running stop()
// (e.g. a vitest worker killed hard), so that daemons do not outlive the tests.
const SETPRIV = onPath('setpriv');

interface Daemon {
  child: ChildProcess;
  log: string;
}

function spawnDaemon(res: Resources, cmd: string, args: string[], logName: string, env: NodeJS.ProcessEnv): Daemon {
  const log = path.join(res.dir, logName);
  const fd = openSync(log, 'a');
  const [file, argv] = SETPRIV ? ['setpriv', ['--pdeathsig', 'TERM', '--', cmd, ...args]] : [cmd, args];
  try {
    const child = spawn(file, argv, { env, stdio: ['ignore', fd, fd] });
    child.on('error', () => {}); // seen by waitUntil as an exit
    res.daemons.push(child);
    return { child, log };
  } finally {
    closeSync(fd);
  }
}

function logTail(daemon: Daemon): string {
  try {
    return readFileSync(daemon.log, 'utf8').slice(-3000);
  } catch {
    return '';
  }
}

async function waitUntil(daemon: Daemon, what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const { child } = daemon;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${logTail(daemon)}`);
    }
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms:\n${logTail(daemon)}`);
    await sleep(100);
  }
}

async function must(result: Promise<RunResult>, what: string): Promise<RunResult> {
  const r = await result;
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}):\n${r.stdout}${r.stderr}`);
  return r;
}

/** Starts, and on failure releases everything started so far. */
async function starting<T>(res: Resources, body: () => Promise<T>): Promise<T> {
  active.add(res);
  try {
    return await body();
  } catch (err) {
    releaseSync(res);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// containerd

async function launchContainerd(res: Resources, sub: string): Promise<{ address: string; ctr: Containerd['ctr']; env: NodeJS.ProcessEnv }> {
  const base = path.join(res.dir, sub);
  const address = path.join(base, 'containerd.sock');
  const config = path.join(base, 'config.toml');
  await mkdir(base, { recursive: true });
  // A config file so that no path falls back to a system default: the ttrpc socket follows the gRPC
  // address, /opt/containerd moves here, and debug/metrics listeners stay off. The CRI plugin is
  // disabled: nothing here can use it (no crictl), and it would listen on a TCP stream port.
  await writeFile(
    config,
    [
      'version = 2',
      `root = ${JSON.stringify(path.join(base, 'root'))}`,
      `state = ${JSON.stringify(path.join(base, 'state'))}`,
      'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
      '[grpc]',
      `  address = ${JSON.stringify(address)}`,
      '[ttrpc]',
      `  address = ${JSON.stringify(`${address}.ttrpc`)}`,
      '[debug]',
      '  address = ""',
      '[metrics]',
      '  address = ""',
      '[plugins."io.containerd.internal.v1.opt"]',
      `  path = ${JSON.stringify(path.join(base, 'opt'))}`,
      '',
    ].join('\n'),
  );
  const env = withEnv({ CONTAINERD_ADDRESS: address }, ['CONTAINERD_NAMESPACE']);
  const daemon = spawnDaemon(res, 'containerd', ['--config', config, '--address', address], `${sub}.log`, env);
  const ctr: Containerd['ctr'] = (args, opts) => run('ctr', ['--address', address, ...args], { ...opts, env });
  await waitUntil(daemon, 'containerd', async () => (await ctr(['version'], { timeoutMs: 5_000 })).code === 0);
  return { address, ctr, env };
}

/** Removes every task and container of every namespace, so that no shim, container process or mount outlives containerd. */
function drainContainerd(address: string, env: NodeJS.ProcessEnv): void {
  const ctr = (...args: string[]): string[] => runSync('ctr', ['--address', address, ...args], env);
  for (const ns of ctr('namespaces', 'ls', '-q')) {
    for (const task of ctr('-n', ns, 'tasks', 'ls', '-q')) ctr('-n', ns, 'tasks', 'delete', '-f', task);
    const containers = ctr('-n', ns, 'containers', 'ls', '-q');
    if (containers.length) ctr('-n', ns, 'containers', 'delete', ...containers);
  }
}

/** A private containerd with docker.io/library/busybox:latest in namespaces `default` and `k8s.io`. */
export async function startContainerd(): Promise<Containerd> {
  const res: Resources = { dir: tempDir('containerd'), daemons: [] };
  return starting(res, async () => {
    const { address, ctr, env } = await launchContainerd(res, 'c');
    res.drain = () => drainContainerd(address, env);
    const { oci } = await buildBusyboxImages(res.dir);
    for (const ns of ['default', 'k8s.io']) await must(ctr(['-n', ns, 'images', 'import', oci]), `ctr -n ${ns} images import`);
    return { address, dir: res.dir, env, ctr, stop: stopper(res) };
  });
}

// ---------------------------------------------------------------------------------------------
// Docker Engine

/** A /24 for the daemon's bridge and a /17 for its user-defined networks, in a 10.N.0.0/16 not in use here. */
async function freeSubnet(): Promise<number> {
  const used = (await run('ip', ['-4', '-o', 'addr'])).stdout + (await run('ip', ['-4', 'route'])).stdout;
  const candidates: number[] = [];
  for (let n = 160; n < 240; n++) if (!used.includes(`10.${n}.`)) candidates.push(n);
  const n = candidates[Math.floor(Math.random() * candidates.length)];
  if (n === undefined) throw new Error('no free 10.N.0.0/16 for a docker bridge');
  return n;
}

/**
 * A private dockerd with busybox:latest loaded.
 *
 * - It gets its own containerd (`--containerd`): without one, dockerd 20.10 uses the system containerd
 *   when /run/containerd/containerd.sock exists, and only otherwise starts a managed one.
 * - It gets its own bridge (`cx…`, 10.N.255.0/24) and address pool (10.N.0.0/17), so that two daemons
 *   running at once (parallel test files) or a system dockerd never share docker0 or a subnet.
 * - iptables and ip-forward are off, so it changes no host firewall state; `-p` still works through
 *   docker-proxy (checked: `-p 127.0.0.1:P:8080` answers on the default and a user-defined network).
 * - `--config-file` points to our own daemon.json, so /etc/docker/daemon.json is never read.
 *
 * Clients: `docker` first on PATH is the image's own 28.2.2 client (/usr/local/bin), /usr/bin/docker
 * is Debian's 20.10. Both work against this daemon without DOCKER_API_VERSION: the 28.2.2 client
 * negotiates down to API 1.41 by itself.
 */
export async function startDocker(): Promise<Docker> {
  const bridge = `cx${Math.random().toString(16).slice(2, 10)}`;
  const res: Resources = { dir: tempDir('docker'), daemons: [], bridge };
  return starting(res, async () => {
    const containerd = await launchContainerd(res, 'c');
    res.drain = () => drainContainerd(containerd.address, containerd.env);
    const n = await freeSubnet();
    await must(run('ip', ['link', 'add', bridge, 'type', 'bridge']), 'ip link add');
    await must(run('ip', ['addr', 'add', `10.${n}.255.1/24`, 'dev', bridge]), 'ip addr add');
    await must(run('ip', ['link', 'set', bridge, 'up']), 'ip link set up');

    const sock = path.join(res.dir, 'docker.sock');
    const host = `unix://${sock}`;
    const daemonJson = path.join(res.dir, 'daemon.json');
    await writeFile(
      daemonJson,
      JSON.stringify({
        bridge,
        iptables: false,
        'ip-forward': false,
        'ip-masq': false,
        'default-address-pools': [{ base: `10.${n}.0.0/17`, size: 24 }],
        'shutdown-timeout': 2,
      }),
    );
    const clientConfig = path.join(res.dir, 'client');
    await mkdir(clientConfig);
    const env = withEnv({ DOCKER_HOST: host, DOCKER_CONFIG: clientConfig }, ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']);
    const args = [
      '--config-file', daemonJson,
      '--data-root', path.join(res.dir, 'data'),
      '--exec-root', path.join(res.dir, 'exec'),
      '--pidfile', path.join(res.dir, 'docker.pid'),
      '--containerd', containerd.address,
      '-H', host,
    ];
    const dockerd = spawnDaemon(res, 'dockerd', args, 'dockerd.log', env);
    res.drain = () => {
      const ids = runSync('docker', ['ps', '-aq'], env);
      if (ids.length) runSync('docker', ['rm', '-f', '-v', ...ids], env);
      // dockerd keeps user-defined networks, and so their br-… interfaces, when it stops.
      runSync('docker', ['network', 'prune', '-f'], env);
      drainContainerd(containerd.address, containerd.env);
    };
    const docker: Docker['docker'] = (a, opts) => run('docker', a, { ...opts, env });
    await waitUntil(dockerd, 'dockerd', async () => (await docker(['version'], { timeoutMs: 5_000 })).code === 0);
    const { dockerSave } = await buildBusyboxImages(res.dir);
    await must(docker(['load', '-i', dockerSave]), 'docker load');

    return { host, dir: res.dir, env, docker, stop: stopper(res) };
  });
}

// ---------------------------------------------------------------------------------------------
// podman

/**
 * Private podman storage and configuration, all through env vars so that a plain `podman ARGS`
 * spawned with `env` works:
 * - containers.conf (CONTAINERS_CONF, read instead of the system ones): lower default ulimits (as root
 *   here podman otherwise fails with `error setting rlimit type 7`), cgroupfs and a file events log
 *   (no systemd/journald here), runc, netavark with a private network config dir, a private tmp dir;
 * - storage.conf (CONTAINERS_STORAGE_CONF): overlay graphroot/runroot under the temp dir;
 * - registries.conf (CONTAINERS_REGISTRIES_CONF): `busybox` resolves to docker.io/library/busybox.
 */
export async function startPodman(): Promise<Podman> {
  const res: Resources = { dir: tempDir('podman'), daemons: [] };
  return starting(res, async () => {
    const p = (name: string): string => path.join(res.dir, name);
    const q = (name: string): string => JSON.stringify(p(name));
    await writeFile(
      p('containers.conf'),
      [
        '[containers]',
        'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]',
        '[engine]',
        'cgroup_manager = "cgroupfs"',
        'events_logger = "file"',
        `events_logfile_path = ${q('events.log')}`,
        'runtime = "runc"',
        `tmp_dir = ${q('tmp')}`,
        '[network]',
        'network_backend = "netavark"',
        `network_config_dir = ${q('networks')}`,
        '',
      ].join('\n'),
    );
    await writeFile(p('storage.conf'), ['[storage]', 'driver = "overlay"', `graphroot = ${q('root')}`, `runroot = ${q('run')}`, ''].join('\n'));
    await writeFile(p('registries.conf'), ['unqualified-search-registries = ["docker.io"]', 'short-name-mode = "permissive"', ''].join('\n'));
    const env = withEnv(
      {
        CONTAINERS_CONF: p('containers.conf'),
        CONTAINERS_STORAGE_CONF: p('storage.conf'),
        CONTAINERS_REGISTRIES_CONF: p('registries.conf'),
      },
      ['CONTAINER_HOST', 'CONTAINER_CONNECTION', 'CONTAINERS_CONF_OVERRIDE'],
    );
    const podman: Podman['podman'] = (args, opts) => run('podman', args, { ...opts, env });
    res.drain = () => {
      runSync('podman', ['pod', 'rm', '-af', '-t', '0'], env);
      runSync('podman', ['rm', '-af', '-v', '-t', '0'], env);
    };
    const { oci } = await buildBusyboxImages(res.dir);
    await must(podman(['load', '-i', oci]), 'podman load');

return { dir: res.dir, env, podman, stop: stopper(res) };
  });
}

/**
 * Starts an engine before the tests of the enclosing describe block and stops it after them; the returned
 * function gives the running engine to the tests.
 */
export function useEngine<T extends { stop(): unknown }>(start: () => Promise<T>, timeoutMs = 180_000): () => T {
  let engine: T | undefined;
  beforeAll(async () => {
    engine = await start();
  }, timeoutMs);
  afterAll(async () => {
    await engine?.stop();
  });
  return () => {
    if (!engine) throw new Error('the engine did not start');
    return engine;
  };
}
