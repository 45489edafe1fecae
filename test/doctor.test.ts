// crossctl doctor against stand-in CLIs and fake endpoints: a Docker API over a unix socket (HTTP/1.1) and a
// containerd/CRI gRPC server (HTTP/2), so that no engine is needed.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protoStrings, type DoctorReport } from '../src/commands/doctor.js';
import { standIns, type StandIns } from './support/standins.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'bin', 'crossctl.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cx-doctor-'));

function crossctl(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - start }));
  });
}

/** A protobuf message of string fields. */
function proto(fields: [number, string][]): Buffer {
  return Buffer.concat(
    fields.map(([n, s]) => {
      const v = Buffer.from(s);
      return Buffer.concat([Buffer.from([(n << 3) | 2, v.length]), v]);
    }),
  );
}

const grpcFrame = (msg: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 0, msg.length]), msg]);

/** A gRPC server on a unix socket: method path → [grpc-status, answer]. */
function grpcServer(socket: string, methods: Record<string, [number, Buffer]>): Promise<http2.Http2Server> {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    stream.on('data', () => {});
    const [status, body] = methods[String(headers[':path'])] ?? [12, Buffer.alloc(0)];
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(status), ...(status ? { 'grpc-message': 'unknown service' } : {}) }));
    stream.end(status === 0 ? grpcFrame(body) : undefined);
  });
  return new Promise((resolve) => server.listen(socket, () => resolve(server)));
}

describe('crossctl doctor', () => {
  let s: StandIns;
  const servers: { close(): void }[] = [];
  const sock = (name: string): string => path.join(tmp, name);
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    s = standIns({
      docker: 'echo "Docker version 28.2.2, build e6534b4"',
      podman: 'echo "podman version 4.3.1"',
      ctr: [
        'case "$1" in --version) echo "ctr github.com/containerd/containerd 1.6.20~ds1"; exit 0;; esac',
        'if [ "$3 $4 $5" = "namespaces ls -q" ]; then printf "default\\nk8s.io\\nmoby\\n"; exit 0; fi',
        'exit 1',
      ].join('\n'),
    }, tmp);
    const docker = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/version' ? JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41' }) : '{}');
    });
    await new Promise<void>((r) => docker.listen(sock('docker.sock'), () => r()));
    servers.push(docker);
    servers.push(
      await grpcServer(sock('containerd.sock'), {
        '/containerd.services.version.v1.Version/Version': [0, proto([[1, 'v1.6.20'], [2, '2806fc1']])],
        '/runtime.v1.RuntimeService/Version': [0, proto([[1, '0.1.0'], [2, 'containerd'], [3, 'v1.6.20'], [4, 'v1']])],
      }),
    );
    servers.push(await grpcServer(sock('nocri.sock'), { '/containerd.services.version.v1.Version/Version': [0, proto([[1, '2.1.4']])] }));
    // Accepts connections and never answers.
    const mute = net.createServer(() => {});
    await new Promise<void>((r) => mute.listen(sock('mute.sock'), () => r()));
    servers.push(mute);
    env = s.env(
      {
        DOCKER_HOST: `unix://${sock('docker.sock')}`,
        CONTAINERD_ADDRESS: sock('containerd.sock'),
        CONTAINER_RUNTIME_ENDPOINT: `unix://${sock('containerd.sock')}`,
        CONTAINER_HOST: `unix://${sock('no-podman.sock')}`,
      },
      true,
    );
  });
  afterAll(() => {
    for (const sv of servers) sv.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('reports CLIs, versions, endpoints, namespaces and assumptions as JSON (exit 0)', async () => {
    rmSync(s.log, { force: true });
    const r = await crossctl(['doctor', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as DoctorReport;
    const tool = (n: string) => j.tools.find((t) => t.tool === n)!;
    expect(tool('docker')).toMatchObject({ path: path.join(s.dir, 'docker'), installed: '28.2.2', tables: '28.2.2' });
    expect(tool('podman')).toMatchObject({ installed: '4.3.1', tables: '4.3.1' });
    expect(tool('ctr')).toMatchObject({ installed: '1.6.20', tables: '1.6.20', raw: 'ctr github.com/containerd/containerd 1.6.20~ds1' });
    expect(tool('crictl').path).toBeUndefined();
    expect(tool('crictl').installHint).toMatch(/cri-tools/);
    expect(tool('nerdctl').installHint).toMatch(/nerdctl/);

    const ep = (n: string) => j.endpoints.find((e) => e.name === n)!;
    expect(ep('docker')).toMatchObject({ source: 'DOCKER_HOST', answers: true, server: 'Docker Engine 20.10.24 (API 1.41)' });
    expect(ep('containerd')).toMatchObject({ address: sock('containerd.sock'), source: 'CONTAINERD_ADDRESS', answers: true, server: 'containerd v1.6.20' });
    expect(ep('cri')).toMatchObject({ source: 'CONTAINER_RUNTIME_ENDPOINT', answers: true, server: 'containerd v1.6.20 (CRI v1)' });
    expect(ep('podman')).toMatchObject({ source: 'CONTAINER_HOST', answers: false });
    expect(ep('podman').detail).toMatch(/no socket there; podman itself needs no service/);

    expect(j.namespaces).toEqual({ address: sock('containerd.sock'), list: ['default', 'k8s.io', 'moby'] });
    expect(s.calls()).toContainEqual(['ctr', '--address', sock('containerd.sock'), 'namespaces', 'ls', '-q']);

    const said = j.assumptions.join('\n');
    expect(said).toContain('ctr: translate --exec --to ctr writes for ctr 1.6.20 (installed 1.6.20); plain translate writes for 2.3.4 unless you say --to ctr@1.6.20');
    expect(said).toContain('crictl: not installed; translate --exec --to crictl exits 127');
    expect(said).toMatch(/ctr uses containerd namespace default \(their default\).*present: default, k8s.io, moby; Kubernetes containers are in k8s.io \(--k8s\), Docker Engine's are in moby/);
  });

  it('prints the same as text', async () => {
    const r = await crossctl(['doctor'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^CLIs\n {2}docker {3}28\.2\.2 /);
    expect(r.stdout).toContain(`  containerd ${sock('containerd.sock')} (CONTAINERD_ADDRESS) — answers: containerd v1.6.20\n`);
    expect(r.stdout).toContain('containerd namespaces\n  default, k8s.io, moby\n');
    expect(r.stdout).toContain('translate will assume\n  - docker: ');
  });

  it('says so when a containerd answers without CRI, and reads CONTAINERD_NAMESPACE', async () => {
    const r = await crossctl(['doctor', '--json'], {
      ...env,
      CONTAINERD_ADDRESS: sock('nocri.sock'),
      CONTAINER_RUNTIME_ENDPOINT: `unix://${sock('nocri.sock')}`,
      CONTAINERD_NAMESPACE: 'k8s.io',
    });
    const j = JSON.parse(r.stdout) as DoctorReport;
    expect(j.endpoints.find((e) => e.name === 'containerd')).toMatchObject({ answers: true, server: 'containerd 2.1.4' });
    expect(j.endpoints.find((e) => e.name === 'cri')).toMatchObject({ answers: false, detail: expect.stringContaining('serves no CRI v1') });
    expect(j.assumptions.join('\n')).toContain('ctr uses containerd namespace k8s.io (CONTAINERD_NAMESPACE)');
  });

  it('stays fast when endpoints hang and CLIs do not answer (probes time out in parallel)', async () => {
    const slow = standIns({ docker: 'sleep 10', podman: 'sleep 10', ctr: 'sleep 10' }, tmp);
    const r = await crossctl(['doctor', '--json'], {
      ...slow.env({}, false),
      DOCKER_HOST: `unix://${sock('mute.sock')}`,
      CONTAINERD_ADDRESS: sock('mute.sock'),
      CONTAINER_RUNTIME_ENDPOINT: `unix://${sock('mute.sock')}`,
      CONTAINER_HOST: `unix://${sock('mute.sock')}`,
    });
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(5000);
    const j = JSON.parse(r.stdout) as DoctorReport;
    expect(j.endpoints.every((e) => !e.answers)).toBe(true);
    expect(j.tools.find((t) => t.tool === 'ctr')).toMatchObject({ error: expect.stringContaining('no answer within') });
    expect(j.namespaces).toMatchObject({ error: expect.stringContaining('no answer within') });
  }, 15_000);

  it('exits 0 with nothing installed and nothing listening', async () => {
    const empty = path.join(tmp, 'empty');
    mkdirSync(empty, { recursive: true });
    const r = await crossctl(['doctor'], {
      PATH: empty,
      DOCKER_HOST: `unix://${sock('none.sock')}`,
      CONTAINERD_ADDRESS: sock('none.sock'),
      CONTAINER_RUNTIME_ENDPOINT: `unix://${sock('none.sock')}`,
      CONTAINER_HOST: `unix://${sock('none.sock')}`,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/ctr {6}- {9}not installed: install containerd/);
    expect(r.stdout).toContain('  unknown: ctr is not installed');
    expect(r.stdout).toContain('no answer: no socket there');
  });
});

describe('protoStrings', () => {
  it('reads string fields and skips others', () => {
    const msg = Buffer.concat([Buffer.from([0x08, 0x96, 0x01]), proto([[2, 'containerd'], [3, 'v1']]), Buffer.from([0x25, 1, 2, 3, 4]), proto([[3, 'x']])]);
    const f = protoStrings(msg);
    expect(f.get(2)).toEqual(['containerd']);
    expect(f.get(3)).toEqual(['v1', 'x']);
  });

  it('keeps what it read from a truncated message', () => {
    expect(protoStrings(Buffer.concat([proto([[1, 'ok']]), Buffer.from([0x12, 0x80])])).get(1)).toEqual(['ok']);
  });
});
