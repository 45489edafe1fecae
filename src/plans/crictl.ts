import { normalizeImage } from '../image-ref.js';
import { sizeInBytes } from '../units.js';
import type { Draft } from '../render.js';
import type { Step } from '../result.js';
import { generatedId, list, parseMount, parseVolume, str } from './util.js';

type PlanResult = { steps: Step[] } | { reason: string };

/** CRI NamespaceMode: POD = 0, CONTAINER = 1, NODE = 2 (the host's), TARGET = 3. */
const NODE = 2;
/** CRI Protocol: TCP = 0, UDP = 1, SCTP = 2. */
const PROTOCOL: Record<string, number> = { tcp: 0, udp: 1, sctp: 2 };

interface PortMapping {
  protocol: number;
  container_port: number;
  host_port: number;
  host_ip?: string;
}

/** `-p [IP:][HOST:]CONTAINER[/PROTO]`; ranges and omitted host ports have no CRI form. */
function parsePort(spec: string): PortMapping | null {
  const [addr, proto = 'tcp'] = spec.split('/') as [string, string?];
  const parts = addr.split(':');
  const container = Number(parts.at(-1));
  const host = parts.length >= 2 ? Number(parts.at(-2)) : NaN;
  const ip = parts.length === 3 ? parts[0] : undefined;
  if (!Number.isInteger(container) || !Number.isInteger(host) || PROTOCOL[proto.toLowerCase()] === undefined) return null;
  return { protocol: PROTOCOL[proto.toLowerCase()]!, container_port: container, host_port: host, ...(ip ? { host_ip: ip } : {}) };
}

function keyValues(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    out[eq < 0 ? item : item.slice(0, eq)] = eq < 0 ? '' : item.slice(eq + 1);
  }
  return out;
}

/**
 * docker run/create → crictl: crictl takes no container flags, only a pod sandbox config and a container config
 * (CRI field names), so the plan writes both and runs `runp`, `create`, `start`.
 */
function run(d: Draft): PlanResult {
  const o = d.intent.options;
  const warn = (s: string): void => void d.warnings.push(s);
  const image = d.intent.args.image?.[0];
  if (image === undefined) return { reason: 'no image given' };
  const name = str(o.name) ?? generatedId();
  const detach = o.detach === true || d.command.path[0] === 'create';
  const hostNetwork = str(o.network) === 'host';
  const privileged = o.privileged === true;

  const ports: PortMapping[] = [];
  for (const p of list(o.publish)) {
    const m = parsePort(p);
    if (m) ports.push(m);
    else warn(`-p ${p}: a CRI port mapping needs HOST:CONTAINER[/PROTO] with single ports`);
  }
  const mounts: { container_path: string; host_path: string; readonly?: boolean }[] = [];
  for (const [spec, parsed] of [...list(o.volume).map((v) => [`-v ${v}`, parseVolume(v)] as const), ...list(o.mount).map((v) => [`--mount ${v}`, parseMount(v)] as const)]) {
    if (parsed && 'source' in parsed) mounts.push({ container_path: parsed.target, host_path: parsed.source, ...(parsed.readonly ? { readonly: true } : {}) });
    else warn(`${spec}: CRI mounts are host paths; named and anonymous volumes have no crictl form`);
  }
  const env = list(o.env).map((e) => {
    const eq = e.indexOf('=');
    if (eq < 0) warn(`-e ${e}: crictl cannot take a variable from crossctl's environment; write -e ${e}=VALUE`);
    return { key: eq < 0 ? e : e.slice(0, eq), value: eq < 0 ? '' : e.slice(eq + 1) };
  });
  if (list(o['env-file']).length) warn('--env-file: crictl configs have no env file; list the variables as -e KEY=VALUE');
  const security: Record<string, unknown> = {};
  if (privileged) security.privileged = true;
  if (hostNetwork) security.namespace_options = { network: NODE };
  const user = str(o.user);
  if (user !== undefined) {
    if (/^\d+$/.test(user)) security.run_as_user = { value: Number(user) };
    else if (/^\d+:\d+$/.test(user)) {
      const [u, g] = user.split(':');
      security.run_as_user = { value: Number(u) };
      security.run_as_group = { value: Number(g) };
    } else security.run_as_username = user;
  }
  const resources: Record<string, number> = {};
  const memory = str(o.memory);
  if (memory !== undefined) {
    const n = sizeInBytes(memory);
    if (n === undefined) warn(`--memory ${memory}: not a size`);
    else resources.memory_limit_in_bytes = n;
  }
  const cpus = str(o.cpus);
  if (cpus !== undefined && Number(cpus) > 0) {
    resources.cpu_period = 100000;
    resources.cpu_quota = Math.round(Number(cpus) * 100000);
  }
  const network = str(o.network);
  if (network !== undefined && network !== 'host' && network !== 'bridge' && network !== 'default') {
    warn(`--network ${network}: pods get the runtime's CNI network; crictl can only choose the host's (network: 2)`);
  }
  const labels = keyValues(list(o.label));
  const annotations = keyValues(list(o.annotation));
  const caps = (v: unknown): string[] => list(v).map((c) => c.toUpperCase().replace(/^CAP_/, ''));
  if (caps(o['cap-add']).length || caps(o['cap-drop']).length) {
    security.capabilities = {
      ...(caps(o['cap-add']).length ? { add_capabilities: caps(o['cap-add']) } : {}),
      ...(caps(o['cap-drop']).length ? { drop_capabilities: caps(o['cap-drop']) } : {}),
    };
  }
  if (o['read-only'] === true) security.readonly_rootfs = true;
  const groups = list(o['group-add']);
  if (groups.some((g) => !/^\d+$/.test(g))) warn(`--group-add ${groups.join(',')}: CRI supplemental groups are numeric GIDs`);
  if (groups.some((g) => /^\d+$/.test(g))) security.supplemental_groups = groups.filter((g) => /^\d+$/.test(g)).map(Number);
  const shares = str(o['cpu-shares']);
  if (shares !== undefined) resources.cpu_shares = Number(shares);
  const cpuset = str(o['cpuset-cpus']);
  const dns = {
    ...(list(o.dns).length ? { servers: list(o.dns) } : {}),
    ...(list(o['dns-search']).length ? { searches: list(o['dns-search']) } : {}),
    ...(list(o['dns-option']).length ? { options: list(o['dns-option']) } : {}),
  };
  const sysctls = keyValues(list(o.sysctl));
  const command = d.intent.args.command ?? [];
  const entrypoint = str(o.entrypoint);

  const pod = {
    metadata: { name: `${name}-pod`, namespace: 'default', uid: `${name}-pod-uid`, attempt: 0 },
    ...(str(o.hostname) ? { hostname: str(o.hostname) } : {}),
    log_directory: `/tmp/crossctl-${name}`,
    ...(ports.length ? { port_mappings: ports } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
    ...(Object.keys(dns).length ? { dns_config: dns } : {}),
    linux: {
      ...(Object.keys(sysctls).length ? { sysctls } : {}),
      security_context: {
        ...(hostNetwork ? { namespace_options: { network: NODE } } : {}),
        ...(privileged ? { privileged: true } : {}),
      },
    },
  };
  const container = {
    metadata: { name, attempt: 0 },
    image: { image: normalizeImage(image, d.tool.imageRefs) },
    ...(entrypoint !== undefined ? { command: [entrypoint] } : {}),
    ...(command.length ? { args: command } : {}),
    ...(env.length ? { envs: env } : {}),
    ...(mounts.length ? { mounts } : {}),
    ...(str(o.workdir) ? { working_dir: str(o.workdir) } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
    ...(o.tty === true ? { tty: true } : {}),
    ...(o.interactive === true ? { stdin: true } : {}),
    log_path: `${name}.log`,
    linux: {
      ...(Object.keys(resources).length || cpuset !== undefined ? { resources: { ...resources, ...(cpuset !== undefined ? { cpuset_cpus: cpuset } : {}) } } : {}),
      security_context: security,
    },
  };
  d.files.push({ name: 'pod.json', content: `${JSON.stringify(pod, null, 2)}\n` }, { name: 'container.json', content: `${JSON.stringify(container, null, 2)}\n` });

  const pull = str(o.pull);
  const pullFlag = pull === 'never' ? ['--no-pull'] : ['--with-pull'];
  const crictl = (...w: string[]): string[] => ['crictl', ...d.globals, ...w];
  const steps: Step[] = [
    { argv: crictl('runp', 'pod.json'), capture: 'POD' },
    { argv: crictl('create', ...pullFlag, '${POD}', 'container.json', 'pod.json'), capture: 'ID' },
  ];
  // docker create leaves the container created; crictl start ID starts it later. Its pod sandbox runs already.
  if (d.command.path[0] !== 'create') {
    steps.push({ argv: crictl('start', '${ID}') });
    if (!detach) {
      steps.push({ argv: crictl('logs', '--follow', '${ID}') });
      warn('crictl cannot attach to a container as it starts: the plan follows its logs instead, and the exit status is not passed on');
    }
    if (o.rm === true) {
      if (detach) warn('--rm: CRI has no auto-remove; remove the pod when done: crictl stopp POD && crictl rmp POD');
      else steps.push({ argv: crictl('stopp', '${POD}') }, { argv: crictl('rmp', '${POD}') });
    }
  }
  return { steps };
}

export const crictlPlans: Record<string, (d: Draft) => PlanResult> = { 'crictl-run': run };
