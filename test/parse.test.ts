import { describe, expect, it } from 'vitest';
import { CrossctlError } from '../src/errors.js';
import { parse } from '../src/parse.js';
import { loadTables } from '../src/tables.js';

const tables = loadTables();
const p = (line: string, version?: string) => {
  const argv = line.split(' ');
  return parse(argv, tables.tools[argv[0]!]!, version);
};
const flags = (line: string) => p(line).flags.map((f) => [f.name, f.value]);
const error = (line: string, version?: string): string => {
  try {
    p(line, version);
  } catch (e) {
    expect(e).toBeInstanceOf(CrossctlError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${line}`);
};

describe('parse: plugins of a tool', () => {
  it('names docker compose and buildx as plugins crossctl does not translate (exit 1, not a usage error)', () => {
    expect(error('docker compose up -d')).toMatch(/^'docker compose' is a Docker CLI plugin \(Docker Compose\) that crossctl does not translate: nerdctl compose/);
    expect(error('docker buildx build -t x .')).toMatch(/^'docker buildx' is a Docker CLI plugin \(BuildKit\)/);
    try {
      p('docker compose ps');
    } catch (e) {
      expect((e as CrossctlError).exitCode).toBe(1);
    }
    // Other tools' own compose and buildx commands are theirs.
    expect(p('nerdctl compose up -d').path).toEqual(['compose', 'up']);
    expect(p('podman buildx build -t x .').path[0]).toBe('buildx');
  });
});

describe('parse: cobra/pflag (docker, podman, nerdctl)', () => {
  it('resolves aliases and alias paths to the canonical path', () => {
    expect(p('docker container list -a').path).toEqual(['container', 'ls']);
    expect(p('docker ps').path).toEqual(['ps']);
  });
  it('splits combined shorts and glued values', () => {
    expect(flags('docker ps -aq')).toEqual([['all', true], ['quiet', true]]);
    expect(flags('docker logs -n3 web')).toEqual([['tail', '3']]);
    expect(flags('docker run -eA=1 busybox')).toEqual([['env', 'A=1']]);
  });
  it('takes --flag=value, --flag value and bool=false', () => {
    expect(flags('docker logs --tail=5 --follow=false web')).toEqual([['tail', '5'], ['follow', false]]);
  });
  it('lets flags follow positionals on interspersed commands', () => {
    const r = p('docker logs web -f');
    expect(r.positionals).toEqual(['web']);
    expect(r.flags.map((f) => f.name)).toEqual(['follow']);
  });
  it('gives everything after the image to the container on run', () => {
    const r = p('docker run --rm busybox -it ls -la');
    expect(r.flags.map((f) => f.name)).toEqual(['rm']);
    expect(r.positionals).toEqual(['busybox', '-it', 'ls', '-la']);
  });
  it('stops at the first positional where podman does (logs)', () => {
    expect(p('podman logs web -f').positionals).toEqual(['web', '-f']);
  });
  it('reads -name as shorts, and says so when that was meant as --name', () => {
    expect(error('docker run -name x busybox')).toMatch(/--name/);
  });
  it('knows global flags must precede the command', () => {
    expect(error('docker ps -H unix:///x')).toMatch(/must come before the command/);
    expect(p('docker -H unix:///x ps').globals.map((g) => g.name)).toEqual(['host']);
    expect(p('podman ps --root /x').flags.map((f) => f.name)).toEqual(['root']);
  });
  it('suggests the closest flag and command', () => {
    expect(error('docker logs --tial 5 web')).toMatch(/did you mean --tail\?/);
    expect(error('docker lgs web')).toMatch(/did you mean 'docker logs'\?/);
  });
  it('needs values for value flags', () => {
    expect(error('docker logs web --tail')).toMatch(/needs a value/);
  });
  it('treats -h as help where the command has no -h of its own', () => {
    expect(p('podman pull -h').help).toBe(true);
    expect(p('nerdctl run -h myhost busybox').flags.map((f) => f.name)).toEqual(['hostname']);
  });
  it('refuses a group without a subcommand', () => {
    expect(error('docker container')).toMatch(/needs a subcommand/);
  });
});

describe('parse: Go flags (ctr, crictl)', () => {
  it('accepts -name and --name alike', () => {
    expect(p('ctr -namespace k8s.io containers list').globals.map((g) => [g.name, g.value])).toEqual([['namespace', 'k8s.io']]);
    expect(p('crictl ps -all').flags.map((f) => f.name)).toEqual(['all']);
  });
  it('combines shorts on crictl commands that allow it', () => {
    expect(flags('crictl ps -aq')).toEqual([['all', true], ['quiet', true]]);
  });
  it('never combines shorts on ctr', () => {
    expect(error('ctr run -td docker.io/library/busybox:latest x', '2.3.4')).toMatch(/unknown flag/);
  });
  it('refuses a value glued to a short flag', () => {
    expect(error('crictl stop -t5 abc')).toMatch(/-t5|unknown flag/);
  });
  it('stops at the first positional (crictl, ctr 2.x) and keeps reordering on ctr 1.6', () => {
    expect(p('crictl logs abc --tail 5').positionals).toEqual(['abc', '--tail', '5']);
    expect(p('ctr images ls name==x -q', '1.6.20').flags.map((f) => f.name)).toEqual(['quiet']);
    expect(p('ctr images ls name==x -q', '2.3.4').positionals).toEqual(['name==x', '-q']);
  });
  it('puts everything after the image to the process on ctr run', () => {
    expect(p('ctr run docker.io/library/busybox:latest t1 echo --rm', '1.6.20').positionals).toEqual(['docker.io/library/busybox:latest', 't1', 'echo', '--rm']);
  });
});
