import { mkdtempSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileTables } from '../src/mappings/compile.js';
import { planLines } from '../src/output.js';
import { projectRoot } from '../src/paths.js';
import { translate } from '../src/translate.js';

// Engine features that tables switch on per option: conflicts, the bytes and capability transforms, a missing
// positional option, and implicit values. A small made-up topic keeps these tests independent of the real tables.
const TOPIC = `
topic: t
title: T
concepts:
  t.run:
    summary: run for tests
    args:
      - { name: image, kind: image }
      - { name: command, kind: command, variadic: true, optional: true }
    options:
      name: { type: string, summary: name }
      network: { type: list, summary: network }
      detach: { type: bool, summary: detach }
      interactive: { type: bool, summary: stdin }
      rm: { type: bool, summary: rm }
      memory: { type: string, summary: memory }
      cap-add: { type: list, summary: caps }
    tools:
      docker:
        command: run
        options: { name: --name, network: { flag: --network, accepts: [--net] }, detach: -d|--detach, interactive: -i|--interactive, rm: --rm, memory: -m|--memory, cap-add: --cap-add }
      nerdctl:
        command: run
        options:
          name: --name
          network: --network
          detach: -d|--detach
          interactive: -i|--interactive
          rm: { flag: --rm, conflicts: { detach: "nerdctl refuses -d with --rm" } }
          memory: -m|--memory
          cap-add: --cap-add
      ctr:
        command: run
        args: [image, name, command]
        options:
          name: { positional: true }
          network: { unsupported: "no networks here" }
          detach: -d|--detach
          interactive: { implicit: "ctr run always connects stdin", value: true }
          rm: --rm
          memory: { flag: --memory-limit, transform: bytes }
          cap-add: { flag: --cap-add, transform: capability }
      podman: { unsupported: "not in this test" }
      crictl: { unsupported: "not in this test" }
`;

const dir = mkdtempSync(join(tmpdir(), 'crossctl-render-'));
for (const f of ['tools.yaml', 'schema.json', 'tools.schema.json']) copyFileSync(join(projectRoot(), 'mappings', f), join(dir, f));
writeFileSync(join(dir, 't.yaml'), TOPIC);
const tables = compileTables({ mappingsDir: dir, surfacesDir: join(projectRoot(), 'mappings', 'surfaces') });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const to = (input: string, tool: string) => translate(tables, input, { to: [{ tool }] }).results[0]!;

describe('option conflicts', () => {
  it('drops the option with a warning when the user sets both', () => {
    const r = to('docker run -d --rm --name web nginx', 'nerdctl');
    expect(planLines(r)).toEqual(['nerdctl run -d --name web nginx']);
    expect(r.status).toBe('partial');
    expect(r.warnings).toEqual(['--rm: nerdctl refuses -d with --rm']);
  });
  it('keeps the option when the other is not set', () => {
    expect(planLines(to('docker run --rm --name web nginx', 'nerdctl'))).toEqual(['nerdctl run --rm --name web nginx']);
  });
});

describe('transforms', () => {
  it('bytes and capability in a translation', () => {
    const r = to('docker run -m 1g --cap-add net_admin --cap-add CAP_SYS_TIME --name b busybox', 'ctr');
    expect(planLines(r)).toEqual(['ctr run --memory-limit 1073741824 --cap-add CAP_NET_ADMIN --cap-add CAP_SYS_TIME docker.io/library/busybox:latest b']);
    expect(r.status).toBe('exact');
  });
  it('warns where the value cannot be converted', () => {
    const r = to('docker run -m lots --cap-add ALL --name b busybox', 'ctr');
    expect(r.steps[0]!.argv).toContain('lots');
    expect(r.warnings.some((w) => w.includes("'lots' is not a size"))).toBe(true);
    expect(r.warnings.some((w) => w.includes('no ALL capability set'))).toBe(true);
  });
});

describe('positional options', () => {
  it('a missing one makes the translation unsupported instead of shifting the arguments', () => {
    const r = to('docker run busybox echo hi', 'ctr');
    expect(r.status).toBe('unsupported');
    expect(r.reason).toContain('ctr run needs the name as an argument');
    expect(r.reason).toContain('add --name NAME');
  });
  it('is placed where the tool wants it', () => {
    expect(planLines(to('docker run --name box busybox echo hi', 'ctr'))).toEqual(['ctr run docker.io/library/busybox:latest box echo hi']);
  });
});

describe('accepted flags', () => {
  it('read another flag of the source as the same option, and write the main one', () => {
    expect(planLines(to('docker run --net=host --name web nginx', 'nerdctl'))).toEqual(['nerdctl run --network host --name web nginx']);
  });
});

describe('implicit values', () => {
  it('carry over to targets when the tool is the source', () => {
    expect(planLines(to('ctr run docker.io/library/busybox:latest box sh', 'docker'))).toEqual(['docker run --name box --interactive docker.io/library/busybox:latest sh']);
  });
  it('drop without a warning when they conflict, since the user did not write them', () => {
    const r = to('ctr run -d --rm docker.io/library/busybox:latest box', 'nerdctl');
    expect(r.warnings).toEqual(['--rm: nerdctl refuses -d with --rm']);
  });
});
