// `crossctl doctor`: which CLIs and endpoints are here, and what `translate --exec` will assume. Every probe
// has a ~2 s limit and they all run at once; nothing here spawns a shell or changes anything.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { detect, probe, which, type Detected } from '../detect.js';
import { EXIT } from '../errors.js';
import { loadTables, type Tables } from '../tables.js';

const TIMEOUT_MS = 2000;
const TOOLS = ['docker', 'podman', 'nerdctl', 'ctr', 'crictl'] as const;

export interface ToolReport extends Detected {
  installHint?: string;
}

export interface EndpointReport {
  name: 'docker' | 'containerd' | 'cri' | 'podman';
  /** What was probed: a unix socket path, unix://… or tcp://… */
  address: string;
  /** Where the address came from: an environment variable, a config file, or the tool's default. */
  source: string;
  answers: boolean;
  /** e.g. Docker Engine 20.10.24 (API 1.41), containerd 1.6.20, containerd v1.6.20 (CRI v1) */
  server?: string;
  detail?: string;
}

export interface DoctorReport {
  tools: ToolReport[];
  endpoints: EndpointReport[];
  namespaces: { address: string; list: string[] } | { address?: string; error: string };
  assumptions: string[];
}

export async function runDoctor(opts: { json?: boolean }, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const report = await doctor(loadTables(), env);
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : toText(report));
  return EXIT.ok;
}

export async function doctor(tables: Tables, env: NodeJS.ProcessEnv = process.env): Promise<DoctorReport> {
  const containerd = containerdAddress(env);
  const [tools, endpoints, namespaces] = await Promise.all([
    Promise.all(TOOLS.map(async (t): Promise<ToolReport> => {
      const d = await detect(tables, t, { env, timeoutMs: TIMEOUT_MS });
      return d.path ? d : { ...d, installHint: tables.tools[t]?.install ?? '' };
    })),
    Promise.all([probeDocker(env), probeContainerd(containerd), probeCri(env, containerd), probePodman(env)]),
    listNamespaces(env, containerd.address),
  ]);
  return { tools, endpoints, namespaces, assumptions: assumptions(tables, env, tools, endpoints, namespaces) };
}

// ---------------------------------------------------------------------------------------------
// Addresses

const stripUnix = (a: string): string => a.replace(/^unix:\/\//, '');

function containerdAddress(env: NodeJS.ProcessEnv): { address: string; source: string } {
  if (env.CONTAINERD_ADDRESS) return { address: stripUnix(env.CONTAINERD_ADDRESS), source: 'CONTAINERD_ADDRESS' };
  return { address: '/run/containerd/containerd.sock', source: 'default' };
}

/** crictl's endpoint: CONTAINER_RUNTIME_ENDPOINT, else runtime-endpoint in crictl.yaml, else its defaults in turn. */
function criCandidates(env: NodeJS.ProcessEnv): { address: string; source: string }[] {
  if (env.CONTAINER_RUNTIME_ENDPOINT) return [{ address: env.CONTAINER_RUNTIME_ENDPOINT, source: 'CONTAINER_RUNTIME_ENDPOINT' }];
  const config = env.CRI_CONFIG_FILE ?? '/etc/crictl.yaml';
  try {
    const m = /^\s*runtime-endpoint\s*:\s*["']?([^"'\s#]+)/m.exec(readFileSync(config, 'utf8'));
    if (m?.[1]) return [{ address: m[1], source: config }];
  } catch {
    // no config file
  }
  return ['unix:///run/containerd/containerd.sock', 'unix:///run/crio/crio.sock', 'unix:///var/run/cri-dockerd.sock'].map((address) => ({ address, source: 'crictl default' }));
}

// ---------------------------------------------------------------------------------------------
// Probes

interface HttpAnswer {
  status: number;
  body: string;
}

function httpGet(target: { socketPath: string } | { host: string; port: number }, path: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.get({ ...target, path, timeout: TIMEOUT_MS, headers: { host: 'localhost' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

const why = (e: unknown): string => {
  const outer = e as NodeJS.ErrnoException & { cause?: unknown };
  const err = (outer.cause && typeof outer.cause === 'object' ? outer.cause : outer) as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no socket there';
  if (err.code === 'ECONNREFUSED') return 'nothing listening';
  if (err.code === 'EACCES') return 'permission denied (try as root or a member of the socket’s group)';
  return err.message ?? String(e);
};

async function probeDocker(env: NodeJS.ProcessEnv): Promise<EndpointReport> {
  const raw = env.DOCKER_HOST;
  const address = raw ?? 'unix:///var/run/docker.sock';
  const base = { name: 'docker' as const, address, source: raw ? 'DOCKER_HOST' : 'default' };
  let target: { socketPath: string } | { host: string; port: number };
  if (address.startsWith('unix://')) target = { socketPath: stripUnix(address) };
  else if (address.startsWith('tcp://') && env.DOCKER_TLS_VERIFY === undefined) {
    const u = new URL(address.replace(/^tcp:/, 'http:'));
    target = { host: u.hostname, port: Number(u.port || 2375) };
  } else return { ...base, answers: false, detail: 'not probed: crossctl probes unix:// and plain tcp:// endpoints only' };
  try {
    const r = await httpGet(target, '/version');
    if (r.status !== 200) return { ...base, answers: false, detail: `HTTP ${r.status} from /version` };
    const v = JSON.parse(r.body) as { Version?: string; ApiVersion?: string; Components?: { Name?: string }[] };
    const podman = v.Components?.some((c) => /podman/i.test(c.Name ?? ''));
    return { ...base, answers: true, server: `${podman ? 'Podman (Docker API)' : 'Docker Engine'} ${v.Version ?? '?'} (API ${v.ApiVersion ?? '?'})` };
  } catch (e) {
    return { ...base, answers: false, detail: why(e) };
  }
}

async function probePodman(env: NodeJS.ProcessEnv): Promise<EndpointReport> {
  const runtime = process.getuid?.() === 0 ? '/run' : env.XDG_RUNTIME_DIR ?? `/run/user/${process.getuid?.() ?? 0}`;
  const address = env.CONTAINER_HOST ?? `unix://${runtime}/podman/podman.sock`;
  const base = { name: 'podman' as const, address, source: env.CONTAINER_HOST ? 'CONTAINER_HOST' : 'default' };
  const daemonless = 'podman itself needs no service (it is daemonless); the socket serves remote clients only';
  if (!address.startsWith('unix://')) return { ...base, answers: false, detail: `not probed: crossctl probes unix:// endpoints only; ${daemonless}` };
  try {
    const r = await httpGet({ socketPath: stripUnix(address) }, '/version');
    if (r.status !== 200) return { ...base, answers: false, detail: `HTTP ${r.status} from /version` };
    const v = JSON.parse(r.body) as { Version?: string; ApiVersion?: string };
    return { ...base, answers: true, server: `Podman ${v.Version ?? '?'} (API ${v.ApiVersion ?? '?'})` };
  } catch (e) {
    return { ...base, answers: false, detail: `${why(e)}; ${daemonless}` };
  }
}

async function probeContainerd({ address, source }: { address: string; source: string }): Promise<EndpointReport> {
  const base = { name: 'containerd' as const, address, source };
  const r = await grpcUnary(address, '/containerd.services.version.v1.Version/Version');
  if ('error' in r) return { ...base, answers: false, detail: r.error };
  if (r.status !== 0) return { ...base, answers: true, detail: `gRPC status ${r.status} from the Version service: ${r.message}` };
  const f = protoStrings(r.body);
  return { ...base, answers: true, server: `containerd ${f.get(1)?.[0] ?? '?'}` };
}

async function probeCri(env: NodeJS.ProcessEnv, containerd: { address: string }): Promise<EndpointReport> {
  const candidates = criCandidates(env);
  const results = await Promise.all(candidates.map(async ({ address, source }): Promise<EndpointReport> => {
    const base = { name: 'cri' as const, address, source };
    if (!address.startsWith('unix://') && !address.startsWith('/')) return { ...base, answers: false, detail: 'not probed: crossctl probes unix sockets only' };
    const r = await grpcUnary(stripUnix(address), '/runtime.v1.RuntimeService/Version');
    if ('error' in r) return { ...base, answers: false, detail: r.error };
    if (r.status === 12) return { ...base, answers: false, detail: 'a gRPC server answers but serves no CRI v1 (containerd with its CRI plugin disabled?)' };
    if (r.status !== 0) return { ...base, answers: false, detail: `gRPC status ${r.status}: ${r.message}` };
    const f = protoStrings(r.body);
    return { ...base, answers: true, server: `${f.get(2)?.[0] ?? 'runtime'} ${f.get(3)?.[0] ?? '?'} (CRI ${f.get(4)?.[0] ?? 'v1'})` };
  }));
  const best = results.find((r) => r.answers) ?? results[0]!;
  const other = `unix://${containerd.address}`;
  if (!best.answers && env.CONTAINERD_ADDRESS && !candidates.some((c) => stripUnix(c.address) === containerd.address)) {
    best.detail = `${best.detail}; crictl does not read CONTAINERD_ADDRESS: for that containerd give crictl --runtime-endpoint ${other}`;
  }
  return best;
}

async function listNamespaces(env: NodeJS.ProcessEnv, address: string): Promise<DoctorReport['namespaces']> {
  const ctr = which('ctr', env);
  if (!ctr) return { address, error: 'ctr is not installed' };
  if (!existsSync(address)) return { address, error: 'no containerd socket there' };
  const out = await probe(ctr, ['--address', address, 'namespaces', 'ls', '-q'], { env, timeoutMs: TIMEOUT_MS });
  if (out.error || out.code !== 0) return { address, error: out.error ?? (out.stderr.trim().split('\n')[0] || `ctr exited ${out.code}`) };
  return { address, list: out.stdout.split('\n').map((l) => l.trim()).filter(Boolean) };
}

// ---------------------------------------------------------------------------------------------
// A unary gRPC call with an empty request over HTTP/2 on a unix socket: enough for Version services.

type GrpcAnswer = { status: number; message: string; body: Buffer } | { error: string };

export function grpcUnary(socketPath: string, method: string, timeoutMs = TIMEOUT_MS): Promise<GrpcAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    const chunks: Buffer[] = [];
    let status: number | undefined;
    let message = '';
    const session = http2.connect('http://localhost', { createConnection: () => net.connect(socketPath) });
    const finish = (a: GrpcAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => finish({ error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    session.on('error', (e) => finish({ error: why(e) }));
    const req = session.request({ ':method': 'POST', ':path': method, 'content-type': 'application/grpc', te: 'trailers' });
    const headers = (h: http2.IncomingHttpHeaders): void => {
      if (h['grpc-status'] !== undefined) status = Number(h['grpc-status']);
      if (h['grpc-message'] !== undefined) message = decodeURIComponent(String(h['grpc-message']));
    };
    req.on('response', (h) => {
      if (h[':status'] !== 200) finish({ error: `HTTP/2 status ${h[':status']}: not a gRPC server` });
      headers(h);
    });
    req.on('trailers', headers);
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const all = Buffer.concat(chunks);
      // One length-prefixed message: 1 byte compressed flag, 4 bytes big-endian length.
      const body = all.length >= 5 ? all.subarray(5, 5 + all.readUInt32BE(1)) : Buffer.alloc(0);
      finish(status === undefined ? { error: 'no gRPC status in the answer' } : { status, message, body });
    });
    req.on('error', (e) => finish({ error: why(e) }));
    req.end(Buffer.from([0, 0, 0, 0, 0]));
  });
}

/** The length-delimited fields of a protobuf message (strings, for the Version answers), by field number. */
export function protoStrings(buf: Buffer): Map<number, string[]> {
  const out = new Map<number, string[]>();
  let i = 0;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated');
      const b = buf[i++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return v;
      shift += 7;
    }
  };
  try {
    while (i < buf.length) {
      const key = varint();
      const field = Math.floor(key / 8);
      const type = key & 7;
      if (type === 0) varint();
      else if (type === 1) i += 8;
      else if (type === 5) i += 4;
      else if (type === 2) {
        const len = varint();
        const value = buf.subarray(i, i + len).toString('utf8');
        i += len;
        out.set(field, [...(out.get(field) ?? []), value]);
      } else break;
    }
  } catch {
    // a truncated message: keep what was read
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What translate will assume

/** Options and commands of a tool that its tables mark as missing from one version. */
export function versionGaps(tables: Tables, tool: string, version: string): string[] {
  const gaps: string[] = [];
  for (const c of Object.values(tables.concepts)) {
    const s = c.tools[tool];
    if (!s || s.kind !== 'command') continue;
    const path = s.commands[0]!.path.join(' ');
    if (s.commands.every((x) => x.versions && !x.versions.includes(version))) gaps.push(`${tool} ${path}`);
    for (const o of Object.values(s.options)) {
      if (o.kind === 'flag' && o.versions && !o.versions.includes(version)) gaps.push(`${tool} ${path} --${o.flag.long}`);
    }
  }
  return [...new Set(gaps)];
}

function assumptions(tables: Tables, env: NodeJS.ProcessEnv, tools: ToolReport[], endpoints: EndpointReport[], ns: DoctorReport['namespaces']): string[] {
  const out: string[] = [];
  for (const t of tools) {
    const info = tables.tools[t.tool]!;
    const newest = info.versions[0]!;
    if (!t.path) {
      out.push(`${t.tool}: not installed; translate --exec --to ${t.tool} exits 127; plain translate writes for ${t.tool} ${newest}`);
      continue;
    }
    const used = t.tables ?? newest;
    let line = `${t.tool}: translate --exec --to ${t.tool} writes for ${t.tool} ${used}`;
    line += t.installed ? ` (installed ${t.installed})` : ` (version unknown: ${t.error ?? 'no answer'})`;
    if (used !== newest) line += `; plain translate writes for ${newest} unless you say --to ${t.tool}@${used}`;
    const gaps = versionGaps(tables, t.tool, used);
    if (gaps.length) line += `; missing at ${used}: ${gaps.slice(0, 6).join(', ')}${gaps.length > 6 ? ', …' : ''} (translations that need them are partial or unsupported)`;
    out.push(line);
  }
  const namespaced = ['ctr', 'nerdctl'].filter((t) => tools.find((x) => x.tool === t)?.path);
  if (namespaced.length) {
    const fromEnv = env.CONTAINERD_NAMESPACE;
    let line = `${namespaced.join(' and ')} ${namespaced.length > 1 ? 'use' : 'uses'} containerd namespace ${fromEnv ?? tables.tools.ctr?.defaultNamespace ?? 'default'}${fromEnv ? ' (CONTAINERD_NAMESPACE)' : ' (their default)'} unless you give -n/--namespace`;
    if ('list' in ns) {
      const hints: string[] = [];
      if (ns.list.includes('k8s.io')) hints.push('Kubernetes containers are in k8s.io (--k8s)');
      if (ns.list.includes('moby')) hints.push("Docker Engine's are in moby (-n moby)");
      line += `; present: ${ns.list.join(', ') || 'none'}${hints.length ? `; ${hints.join(', ')}` : ''}`;
    }
    out.push(line);
  }
  const cri = endpoints.find((e) => e.name === 'cri');
  if (cri && tools.find((x) => x.tool === 'crictl')?.path) {
    out.push(cri.answers ? `crictl talks to ${cri.address} (${cri.source})` : `crictl finds no CRI runtime (${cri.address}: ${cri.detail}); give it --runtime-endpoint`);
  }
  const docker = endpoints.find((e) => e.name === 'docker');
  if (docker && tools.find((x) => x.tool === 'docker')?.path && !docker.answers) {
    out.push(`docker: no engine at ${docker.address} (${docker.detail}); docker commands will fail until DOCKER_HOST points to one`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function toText(r: DoctorReport): string {
  const lines: string[] = ['CLIs'];
  const pad = (s: string, n: number): string => s.padEnd(n);
  for (const t of r.tools) {
    if (!t.path) lines.push(`  ${pad(t.tool, 8)} ${pad('-', 9)} not installed: ${t.installHint}`);
    else lines.push(`  ${pad(t.tool, 8)} ${pad(t.installed ?? '?', 9)} ${t.path}${t.tables ? `  (tables: ${t.tool} ${t.tables})` : `  (${t.error})`}`);
  }
  lines.push('Endpoints');
  for (const e of r.endpoints) {
    const state = e.answers ? `answers${e.server ? `: ${e.server}` : ''}${e.detail ? ` (${e.detail})` : ''}` : `no answer: ${e.detail}`;
    lines.push(`  ${pad(e.name, 10)} ${e.address} (${e.source}) — ${state}`);
  }
  lines.push('containerd namespaces');
  lines.push('list' in r.namespaces ? `  ${r.namespaces.list.join(', ') || '(none)'}` : `  unknown: ${r.namespaces.error}`);
  lines.push('translate will assume');
  for (const a of r.assumptions) lines.push(`  - ${a}`);
  return `${lines.join('\n')}\n`;
}
