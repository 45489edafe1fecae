// bin/crossctl.js compiles dist/main.cjs, translate.cjs, init.cjs and sheet.cjs with the V8 code caches the build
// wrote (scripts/code-cache.cjs). A cache must be taken when it fits, and anything wrong with it must only cost
// speed, never change what crossctl does.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: join(tmpdir(), 'crossctl-no-config') };
const CASES = [
  ['translate', '--to', 'podman', '--', 'docker', 'run', '-d', '-p', '8080:80', 'nginx'],
  ['docker', 'logs', '--tail', '5', 'web'],
  ['translate', '--json', '--to', 'ctr', 'docker run --rm --name job -v /srv:/data alpine ls /data'],
  ['translate', '--to', 'podman', 'docker runn nginx'],
  ['--version'],
  ['init', 'fish', '--to', 'podman'],
  ['sheet', '--format', 'markdown', 'images'],
];

/** Whether each bundle with a code cache took it, after commands that load them all: e.g. `main.cjs:true …`. */
const cacheUsed = (bin: string): string => {
  const script = `const b = require(${JSON.stringify(bin)});
(async () => {
  for (const argv of [['docker', 'ps'], ['init', 'bash'], ['sheet', 'containers']]) await b.load('main.cjs').run(argv);
  process.stdout.write('\\n' + b.CACHED.map((n) => n + ':' + b.loaded.get(n)?.cacheUsed).join(' '));
})();`;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env }).stdout.split('\n').at(-1)!;
};
const ALL = 'main.cjs:true translate.cjs:true init.cjs:true sheet.cjs:true';
const NONE = 'main.cjs:false translate.cjs:false init.cjs:false sheet.cjs:false';
/** What crossctl prints for CASES (init's output names its own path: that part is left out). */
const outputs = (bin: string) =>
  CASES.map((args) => {
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
    return { args, status: r.status, stdout: r.stdout.replaceAll(bin, 'CROSSCTL'), stderr: r.stderr };
  });

describe('the code caches of the bundles', () => {
  let copy: string;
  let expected: ReturnType<typeof outputs>;
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'crossctl-cache-'));
    cpSync(join(root, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
    expected = outputs(join(root, 'bin', 'crossctl.js'));
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('is written by the build and taken by bin/crossctl.js, for the entry, translate, init and sheet', () => {
    expect(cacheUsed(join(root, 'bin', 'crossctl.js'))).toBe(ALL);
    expect(expected.map((o) => o.status)).toEqual([0, 0, 0, 2, 0, 0, 0]);
  });

  /** With one bundle's cache changed by `damage`: which caches are taken; crossctl's output must not change. */
  const withDamaged = (bundle: string, damage: (cache: Buffer) => Buffer, used: string): void => {
    const file = join(copy, 'dist', `${bundle}.cache`);
    const cache = readFileSync(file);
    writeFileSync(file, damage(Buffer.from(cache)));
    try {
      const bin = join(copy, 'bin', 'crossctl.js');
      expect(cacheUsed(bin)).toBe(used);
      expect(outputs(bin)).toEqual(expected);
    } finally {
      writeFileSync(file, cache);
    }
  };

  it('is refused when it belongs to another build, and crossctl does the same', () => {
    withDamaged('main.cjs', (c) => Buffer.concat([Buffer.from('0123456789abcdef'), c.subarray(16)]), 'main.cjs:false translate.cjs:true init.cjs:true sheet.cjs:true');
  });

  it('is refused when another Node binary wrote it, and crossctl does the same', () => {
    // A cache V8 takes but that does not fit the binary can abort Node: the header names the binary.
    withDamaged('translate.cjs', (c) => (c.write('ffffffff', 16, 'latin1'), c), 'main.cjs:true translate.cjs:false init.cjs:true sheet.cjs:true');
  });

  it('is not used when cut short, and crossctl does the same', () => {
    // V8 checks a cache's version and flags, not a checksum (a damaged cache makes it abort): the header's
    // length stands in for that, and the build writes the file whole, then renames it.
    withDamaged('main.cjs', (c) => c.subarray(0, c.length - 1000), 'main.cjs:false translate.cjs:true init.cjs:true sheet.cjs:true');
  });

  it('is not needed: without it crossctl does the same', () => {
    for (const name of ['main', 'translate', 'init', 'sheet']) rmSync(join(copy, 'dist', `${name}.cjs.cache`));
    const bin = join(copy, 'bin', 'crossctl.js');
    expect(cacheUsed(bin)).toBe(NONE);
    expect(outputs(bin)).toEqual(expected);
  });
});
