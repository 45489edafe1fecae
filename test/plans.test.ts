import { describe, expect, it } from 'vitest';
import { planLines } from '../src/output.js';
import { useIdSource } from '../src/plans/util.js';
import type { TargetResult } from '../src/result.js';
import { loadTables } from '../src/tables.js';
import { translate } from '../src/translate.js';
import { referenceDir, validateArgv } from './support/reference-validator.js';

useIdSource((prefix) => `${prefix}-1`);
const tables = loadTables();
const to = (input: string, tool: string, version?: string): TargetResult =>
  translate(tables, input, { to: [{ tool, ...(version ? { version } : {}) }] }).results[0]!;

// CRI v1 field names (k8s.io/cri-api runtime/v1 PodSandboxConfig and ContainerConfig, JSON as crictl reads them).
const CRI_FIELDS = new Set([
  // PodSandboxConfig
  'metadata', 'name', 'uid', 'namespace', 'attempt', 'hostname', 'log_directory', 'dns_config', 'servers', 'searches', 'options',
  'port_mappings', 'protocol', 'container_port', 'host_port', 'host_ip', 'labels', 'annotations', 'linux', 'cgroup_parent',
  'security_context', 'namespace_options', 'network', 'pid', 'ipc', 'target_id', 'userns_options', 'sysctls', 'privileged',
  'run_as_user', 'run_as_group', 'run_as_username', 'readonly_rootfs', 'supplemental_groups', 'seccomp', 'selinux_options', 'value',
  // ContainerConfig
  'image', 'command', 'args', 'working_dir', 'envs', 'key', 'mounts', 'container_path', 'host_path', 'readonly', 'selinux_relabel',
  'propagation', 'devices', 'permissions', 'log_path', 'stdin', 'stdin_once', 'tty', 'resources', 'cpu_period', 'cpu_quota',
  'cpu_shares', 'memory_limit_in_bytes', 'oom_score_adj', 'cpuset_cpus', 'cpuset_mems', 'capabilities', 'add_capabilities',
  'drop_capabilities', 'apparmor', 'no_new_privs', 'masked_paths', 'readonly_paths',
]);

function keys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  // labels, annotations and sysctls are maps: their keys are the user's, not field names.
  return Object.entries(value).flatMap(([k, v]) => [`${path}.${k}`, ...(['labels', 'annotations', 'sysctls'].includes(k) ? [] : keys(v, `${path}.${k}`))]);
}

const RUNS = [
  'docker run --rm busybox echo hello',
  "docker run -d --name web -p 8080:80 -p 127.0.0.1:8443:443/tcp -v /srv/data:/data:ro -e 'A=b c' -w /srv -u 1000:1000 nginx:1.27",
  'docker run -it --network host --privileged --cap-add NET_ADMIN --cap-drop MKNOD -m 512m --cpus 1.5 --read-only busybox sh',
  'docker run --dns 1.1.1.1 --dns-search example.org --sysctl net.ipv4.ip_forward=1 --label app=web --annotation a=b --entrypoint /bin/sh --hostname h busybox -c true',
  'docker create --name db -e POSTGRES_PASSWORD=x postgres:16',
];

describe('crictl run plans', () => {
  for (const input of RUNS) {
    it(input, () => {
      const r = to(input, 'crictl');
      expect(r.status).not.toBe('unsupported');
      expect(r.files.map((f) => f.name)).toEqual(['pod.json', 'container.json']);
      for (const f of r.files) {
        const fields = keys(JSON.parse(f.content)).map((p) => p.split('.').at(-1)!.replace(/\[\d+\]$/, ''));
        expect(fields.filter((k) => !CRI_FIELDS.has(k)), `${f.name} uses only CRI field names`).toEqual([]);
      }
      expect(r.steps[0]!.argv.slice(0, 2)).toEqual(['crictl', 'runp']);
      expect(r.steps[1]!.argv[1]).toBe('create');
    });
  }

  it('puts host networking and ports where CRI wants them', () => {
    const r = to('docker run -d --network host -p 8080:80 busybox sleep 1', 'crictl');
    const pod = JSON.parse(r.files[0]!.content);
    expect(pod.linux.security_context.namespace_options.network).toBe(2);
    expect(pod.port_mappings).toEqual([{ protocol: 0, container_port: 80, host_port: 8080 }]);
    const ctr = JSON.parse(r.files[1]!.content);
    expect(ctr.linux.security_context.namespace_options.network).toBe(2);
  });

  it('says that an attached run follows the logs and removes the pod for --rm', () => {
    const r = to('docker run --rm busybox echo hello', 'crictl');
    expect(r.steps.map((s) => s.argv.slice(1, 2)[0])).toEqual(['runp', 'create', 'start', 'logs', 'stopp', 'rmp']);
    expect(r.warnings.join('\n')).toMatch(/follows its logs/);
  });

  it('uses --no-pull only where the user said the image is present', () => {
    expect(to('docker run -d --pull never busybox true', 'crictl').steps[1]!.argv).toContain('--no-pull');
    expect(to('docker run -d busybox true', 'crictl').steps[1]!.argv).toContain('--with-pull');
  });
});

describe('crictl ID look-ups', () => {
  for (const input of ['docker logs web', 'docker exec -it web sh', 'docker stop web', 'docker rm -f web', 'docker inspect web', 'docker stats web', 'docker top web', 'docker restart web', 'docker kill web']) {
    it(`${input} resolves the name first`, () => {
      const r = to(input, 'crictl');
      if (r.status === 'unsupported') return;
      const lookup = r.steps.find((s) => s.capture);
      expect(lookup?.argv).toEqual(['crictl', 'ps', '-a', '-q', '--name', '^web$']);
      expect(r.steps.at(-1)!.argv).toContain(`\${${lookup!.capture}}`);
    });
  }
  it('keeps IDs as they are', () => {
    const r = to('docker logs 3f4e2a1b9c0d', 'crictl');
    expect(r.steps).toEqual([{ argv: ['crictl', 'logs', '3f4e2a1b9c0d'] }]);
  });
  it('shows the look-up inline for humans', () => {
    expect(planLines(to('docker logs --tail 50 -f web', 'crictl'))).toEqual([`crictl logs --tail 50 -f "$(crictl ps -a -q --name '^web$')"`]);
  });
});

describe('ctr plans', () => {
  it('pulls a missing image, then runs with an explicit ID', () => {
    const r = to('docker run --rm busybox echo hello', 'ctr');
    expect(r.steps).toEqual([
      {
        argv: ['ctr', 'images', 'pull', 'docker.io/library/busybox:latest'],
        unless: { argv: ['ctr', 'images', 'list', '--quiet', 'name==docker.io/library/busybox:latest'], matches: '.' },
      },
      { argv: ['ctr', 'run', '--rm', 'docker.io/library/busybox:latest', 'crossctl-1', 'echo', 'hello'] },
    ]);
  });
  it('skips the pull with --pull never and always pulls with --pull always', () => {
    expect(to('docker run --pull never busybox true', 'ctr').steps).toHaveLength(1);
    expect(to('docker run --pull always busybox true', 'ctr').steps[0]!.unless).toBeUndefined();
  });
  it('writes bind mounts in ctr form and host networking as --net-host', () => {
    const argv = to('docker run -v /a:/b:ro --mount type=bind,source=/c,target=/d --network host busybox true', 'ctr').steps.at(-1)!.argv;
    expect(argv).toEqual(expect.arrayContaining(['--mount', 'type=bind,src=/a,dst=/b,options=rbind:ro', 'type=bind,src=/c,dst=/d,options=rbind:rw', '--net-host']));
  });
  it('says that ctr 1.6 has no --user', () => {
    const r = to('docker run -u 1000 busybox id -u', 'ctr', '1.6.20');
    expect(r.warnings.join('\n')).toMatch(/ctr 1\.6\.20 has no --user/);
    expect(r.steps.at(-1)!.argv).not.toContain('--user');
  });
  it('stops gracefully: the stop signal, a polled grace period, then SIGKILL', () => {
    const r = to('docker stop -t 3 web', 'ctr');
    expect(r.steps.map((s) => s.argv.slice(1).join(' '))).toEqual(['tasks kill --signal SIGTERM web', 'tasks kill --signal SIGKILL web']);
    expect(r.steps[1]!.waitSeconds).toBe(3);
    expect(r.steps[1]!.when?.argv).toEqual(['ctr', 'tasks', 'list']);
  });
  it('removes the task before the container', () => {
    const r = to('docker rm -f web', 'ctr');
    expect(r.steps.map((s) => s.argv.slice(1).join(' '))).toEqual(['tasks kill --signal SIGKILL web', 'tasks delete --force web', 'containers delete web']);
  });
  it('gives ctr tasks exec an exec ID', () => {
    expect(to('docker exec web echo inside', 'ctr').steps[0]!.argv).toEqual(['ctr', 'tasks', 'exec', '--exec-id', 'exec-1', 'web', 'echo', 'inside']);
  });
  it('uses the namespace option', () => {
    expect(translate(tables, 'docker ps', { to: [{ tool: 'ctr' }], namespace: 'k8s.io' }).results[0]!.steps[0]!.argv.slice(0, 3)).toEqual(['ctr', '--namespace', 'k8s.io']);
  });
});

describe.skipIf(referenceDir() === null)('every plan argv is valid for every version', () => {
  const inputs = [...RUNS, 'docker stop web', 'docker rm -f web db', 'docker exec -it web sh', 'docker start web', 'docker logs -f web', 'docker stats web'];
  for (const input of inputs) {
    for (const [tool, versions] of [['crictl', ['1.36.0', '1.29.0']], ['ctr', ['2.3.4', '1.6.20']]] as const) {
      for (const version of versions) {
        it(`${input} → ${tool} ${version}`, () => {
          const r = to(input, tool, version);
          for (const step of r.steps) {
            for (const argv of [step.argv, step.when?.argv, step.unless?.argv].filter((a): a is string[] => Boolean(a))) {
              expect(validateArgv(argv, { version }).issues, argv.join(' ')).toEqual([]);
            }
          }
        });
      }
    }
  }
});

describe('--out-dir', () => {
  it('writes the plan files there and names them by path in the steps', async () => {
    const { mkdtempSync, readFileSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCli, emptyConfigHome } = await import('./support/run-cli.js');
    const dir = join(mkdtempSync(join(tmpdir(), 'crossctl-out-')), 'plan');
    const human = await runCli(['translate', '--to', 'crictl', '--out-dir', dir, 'docker run -d --name web nginx'], { XDG_CONFIG_HOME: emptyConfigHome() });
    expect(human.code).toBe(0);
    expect(human.stdout).not.toContain('<<');
    expect(human.stdout).toContain(`crictl runp ${join(dir, 'pod.json')}`);
    expect(JSON.parse(readFileSync(join(dir, 'container.json'), 'utf8')).metadata.name).toBe('web');
    const json = await runCli(['translate', '--json', '--to', 'crictl', '--out-dir', dir, 'docker run -d --name web nginx'], { XDG_CONFIG_HOME: emptyConfigHome() });
    const r = JSON.parse(json.stdout).results[0];
    expect(r.steps[0].argv).toEqual(['crictl', 'runp', join(dir, 'pod.json')]);
    expect(r.files.map((f: { path: string }) => f.path)).toEqual([join(dir, 'pod.json'), join(dir, 'container.json')]);
    expect(existsSync(join(dir, 'pod.json'))).toBe(true);
  });
});
