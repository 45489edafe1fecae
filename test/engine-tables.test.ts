import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileTables } from '../src/mappings/compile.js';
import { planLines } from '../src/output.js';
import { mappingsDir } from '../src/paths.js';
import { loadTables, type Tables } from '../src/tables.js';
import { translate } from '../src/translate.js';

// Engine behaviour driven by table fields, on small tables of their own (the built-in concepts are left out).
const TABLE = `
topic: engine-test
title: Engine test
concepts:
  t.rm:
    summary: remove images
    args: [{ name: images, kind: image, variadic: true }]
    tools:
      docker: { command: rmi }
      podman: { command: rmi }
      nerdctl: { command: rmi }
      ctr: { command: images rm }
      crictl: { command: rmi }
  t.prune:
    summary: prune images
    options:
      all: { type: bool, summary: "remove all unused images" }
    tools:
      docker: { command: image prune, options: { all: -a|--all } }
      podman: { command: image prune, options: { all: -a|--all } }
      nerdctl: { command: image prune, options: { all: -a|--all } }
      ctr: { command: { path: images prune, implies: { all: true } }, options: { all: { flag: --all, note: "ctr prunes only with --all" } } }
      crictl: { command: { path: rmi, implies: { all: true } }, options: { all: --prune } }
  t.save:
    summary: save images
    args: [{ name: images, kind: image, variadic: true }]
    options:
      output: { type: string, summary: "file" }
    tools:
      docker: { command: save, options: { output: -o|--output } }
      podman: { command: save, options: { output: -o|--output } }
      nerdctl: { command: save, options: { output: -o|--output } }
      ctr: { command: images export, args: [output, images], options: { output: { positional: true, default: "-" } } }
      crictl: { unsupported: "no export" }
  t.list:
    summary: list images
    args: [{ name: repository, kind: text, optional: true }]
    tools:
      docker: { command: images }
      podman: { command: images }
      nerdctl: { command: images }
      ctr: { command: images list, args: [] }
      crictl: { command: images }
`;

const dir = mkdtempSync(join(tmpdir(), 'crossctl-engine-'));
writeFileSync(join(dir, 'engine.yaml'), TABLE);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base: Tables = { ...loadTables(), topics: [], concepts: {}, index: {} };
const tables = compileTables({ mappingsDir: mappingsDir(), surfacesDir: join(mappingsDir(), 'surfaces'), base, overlays: [dir] });

const to = (input: string, tool: string) => {
  const t = translate(tables, input, { to: [{ tool }] });
  const r = t.results[0]!;
  return { concept: t.concept, line: planLines(r).join('\n'), status: r.status, warnings: r.warnings };
};

describe('implied options spelt as flags', () => {
  it('writes the flag after the path when the user asked for it', () => {
    expect(to('docker image prune -a', 'crictl')).toMatchObject({ line: 'crictl rmi --prune', status: 'exact' });
    expect(to('docker image prune --all', 'ctr')).toMatchObject({ line: 'ctr images prune --all', status: 'exact' });
  });
  it('writes it anyway and warns when the user did not', () => {
    const r = to('docker image prune', 'crictl');
    expect(r).toMatchObject({ line: 'crictl rmi --prune', status: 'partial' });
    expect(r.warnings.join()).toContain('crictl rmi --prune always means all: remove all unused images');
    expect(to('docker image prune', 'ctr').warnings).toEqual(['ctr prunes only with --all']);
  });
  it('selects the concept when parsing only if the flag is given', () => {
    const prune = to('crictl rmi --prune', 'docker');
    expect(prune).toMatchObject({ concept: 't.prune', line: 'docker image prune --all' });
    // docker does not see the CRI runtime's images crictl works on: that warning only.
    expect(prune.warnings.every((w) => w.includes('CRI runtime'))).toBe(true);
    expect(to('crictl rmi -q', 'docker')).toMatchObject({ concept: 't.prune', line: 'docker image prune -a' });
    expect(to('crictl rmi nginx', 'docker')).toMatchObject({ concept: 't.rm', line: 'docker rmi nginx' });
  });
});

describe('positional options with a default', () => {
  it('passes the default when the user gave no value, and a lone - needs no --', () => {
    expect(to('docker save nginx', 'ctr').line).toBe('ctr images export - docker.io/library/nginx:latest');
    expect(to('docker save -o /tmp/x.tar nginx', 'ctr').line).toBe('ctr images export /tmp/x.tar docker.io/library/nginx:latest');
  });
  it('reads the default back as no value', () => {
    expect(to('ctr images export - docker.io/library/nginx:1.27', 'docker').line).toBe('docker save docker.io/library/nginx:1.27');
    expect(to('ctr images export x.tar docker.io/library/nginx:1.27', 'docker').line).toBe('docker save --output x.tar docker.io/library/nginx:1.27');
  });
});

describe('image references and arguments', () => {
  it('keeps image IDs as they are and warns where the tool takes references only', () => {
    expect(to('docker rmi 3f4e2a1b9c0d', 'podman')).toMatchObject({ line: 'podman rmi 3f4e2a1b9c0d', status: 'exact' });
    const r = to('docker rmi 3f4e2a1b9c0d', 'ctr');
    expect(r).toMatchObject({ line: 'ctr images rm 3f4e2a1b9c0d', status: 'partial' });
    expect(r.warnings.join()).toContain('looks like an image ID');
  });
  it('says so when the target has no place for an argument', () => {
    const r = to('docker images nginx', 'ctr');
    expect(r).toMatchObject({ line: 'ctr images list', status: 'partial' });
    expect(r.warnings).toEqual(["'nginx': ctr images list takes no repository argument; it is not translated"]);
  });
});
