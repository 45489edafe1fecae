import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileTables } from '../src/mappings/compile.js';
import { planLines } from '../src/output.js';
import type { Tables } from '../src/tables.js';
import { translate } from '../src/translate.js';

// Engine features checked on small fixture tables, independent of the shipped mappings.
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'crossctl-engine-'));
for (const f of ['tools.yaml', 'schema.json', 'tools.schema.json']) cpSync(join(root, 'mappings', f), join(dir, f));
cpSync(join(root, 'test', 'fixtures', 'engine', 'engine.yaml'), join(dir, 'engine.yaml'));
const tables: Tables = compileTables({ mappingsDir: dir, surfacesDir: join(root, 'mappings', 'surfaces') });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const to = (input: string, tool: string) => {
  const r = translate(tables, input, { to: [{ tool }] }).results[0]!;
  return { ...r, text: planLines(r).join('\n') };
};

describe('engine', () => {
  it('parse: false keeps a shared command for the concept that owns it', () => {
    expect(translate(tables, 'crictl stop 3f4e2a1b9c0d').concept).toBe('t.stop');
    expect(translate(tables, 'ctr tasks kill web').concept).toBe('t.kill');
    expect(to('docker kill web', 'crictl').text).toBe(`crictl stop "$(crictl ps -a -q --name '^web$')"`);
  });

  it('each: one command per value where the tool takes one', () => {
    expect(to('docker kill -s HUP web db', 'ctr').text).toBe('ctr tasks kill -s HUP web\nctr tasks kill -s HUP db');
    expect(to('docker stop web', 'ctr').text).toBe('ctr tasks kill web');
  });

  it('a source default the target cannot spell is warned about', () => {
    const r = to('ctr tasks kill web', 'crictl');
    expect(r.status).toBe('partial');
    expect(r.warnings).toContain("ctr's signal defaults to SIGTERM: CRI cannot send a signal");
    expect(to('ctr tasks kill web', 'docker').text).toBe('docker kill --signal SIGTERM web');
  });

  it('negate: a flag that means false, both ways', () => {
    expect(to('docker stats', 'crictl').text).toBe('crictl stats --watch');
    expect(to('docker stats --no-stream', 'crictl').text).toBe('crictl stats');
    expect(to('crictl stats', 'docker').text).toBe('docker stats --no-stream');
    expect(to('crictl stats -w', 'docker').text).toBe('docker stats');
    expect(to('crictl stats --watch=false', 'docker').text).toBe('docker stats --no-stream');
  });

  it('requires: no translation without a needed argument', () => {
    const r = to('docker stats', 'ctr');
    expect(r.status).toBe('unsupported');
    expect(r.reason).toContain('ctr tasks metrics needs the container argument');
    expect(to('docker stats --no-stream web', 'ctr').text).toBe('ctr tasks metrics web');
  });

  it('unmapped: a closed values map warns about other values', () => {
    expect(to('docker stats --format json web', 'ctr').text).toBe('ctr tasks metrics --format json web');
    const r = to("docker stats --format '{{.Name}}' web", 'ctr');
    expect(r.text).toBe('ctr tasks metrics web');
    expect(r.warnings).toContain('--format {{.Name}}: table or json only');
  });

  it('transform bytes: docker sizes become byte counts', () => {
    expect(to('docker update -m 25M web', 'crictl').text).toBe(`crictl update --memory 26214400 "$(crictl ps -a -q --name '^web$')"`);
  });

  it('an argument the target does not take is warned about', () => {
    const r = to('docker top web aux', 'ctr');
    expect(r.text).toBe('ctr tasks ps web');
    expect(r.warnings).toContain("'aux': ctr tasks ps takes no ps-args argument; it is not translated");
    expect(to('docker top web -eo pid', 'podman').text).toBe('podman top web -eo pid');
  });

  it("a lone '-' needs no '--'", () => {
    expect(to('docker cp web:/etc/hosts -', 'podman').text).toBe('podman cp web:/etc/hosts -');
    expect(to('docker cp -- -x web:/tmp', 'podman').text).toBe('podman cp -- -x web:/tmp');
  });
});

describe('tools.yaml plugins', () => {
  it('refuses a plugin that is a command of the tool, with file:line:col', () => {
    const bad = mkdtempSync(join(tmpdir(), 'crossctl-plugins-'));
    try {
      for (const f of ['schema.json', 'tools.schema.json']) cpSync(join(root, 'mappings', f), join(bad, f));
      cpSync(join(root, 'test', 'fixtures', 'engine', 'engine.yaml'), join(bad, 'engine.yaml'));
      const tools = readFileSync(join(root, 'mappings', 'tools.yaml'), 'utf8').replace('  plugins:\n', '  plugins:\n    ps: "not a plugin"\n');
      writeFileSync(join(bad, 'tools.yaml'), tools);
      let problems: string[] = [];
      try {
        compileTables({ mappingsDir: bad, surfacesDir: join(root, 'mappings', 'surfaces') });
      } catch (e) {
        problems = (e as { problems: string[] }).problems;
      }
      expect(problems).toEqual([expect.stringMatching(/tools\.yaml:\d+:\d+: 'ps' is a docker command of its own, not a plugin$/)]);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
