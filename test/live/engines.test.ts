// Smoke tests of the live-engine harness: each engine really runs a busybox container.
import { expect, it } from 'vitest';
import { describeEngine, run, startContainerd, startDocker, startPodman, useEngine } from '../support/engines.js';

const START_TIMEOUT = 120_000;

describeEngine('containerd', () => {
  const containerd = useEngine(startContainerd, START_TIMEOUT);

  it('runs busybox with ctr', async () => {
    const r = await containerd().ctr(['run', '--rm', 'docker.io/library/busybox:latest', 't1', 'echo', 'hello']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('hello');
  });

  it('has the image in the k8s.io namespace too, for a plain ctr using CONTAINERD_ADDRESS', async () => {
    const r = await run('ctr', ['-n', 'k8s.io', 'images', 'ls', '-q'], { env: containerd().env });
    expect(r.stdout.split('\n')).toContain('docker.io/library/busybox:latest');
  });
});

describeEngine('docker', () => {
  const docker = useEngine(startDocker, START_TIMEOUT);

  it('runs busybox with docker', async () => {
    const r = await docker().docker(['run', '--rm', 'busybox', 'echo', 'hello']);
    expect(r.stdout.trim()).toBe('hello');
    expect(r.code).toBe(0);
  });

  it('answers both the client first on PATH and Debian /usr/bin/docker, through DOCKER_HOST', async () => {
    for (const client of ['docker', '/usr/bin/docker']) {
      const r = await run(client, ['version', '--format', '{{.Server.Version}}'], { env: docker().env });
      expect(r.stdout.trim(), `${client}: ${r.stderr}`).toMatch(/^20\.10\./);
    }
  });
});

describeEngine('podman', () => {
  const podman = useEngine(startPodman, START_TIMEOUT);

  it('runs busybox with a plain podman using only env', async () => {
    const r = await run('podman', ['run', '--rm', 'busybox', 'echo', 'hello'], { env: podman().env });
    expect(r.stdout.trim(), r.stderr).toBe('hello');
    expect(r.code).toBe(0);
  });
});
