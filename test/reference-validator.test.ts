// Proves the independent argv validator (test/support/reference-validator.ts) against the grammar facts
// recorded in ../shared/reference: hand-picked cases per tool plus sweeps over every command and flag.
import { describe, expect, it } from 'vitest';
import { listVersions, loadReference, referenceDir, resolvePath, TOOLS, validateArgv } from './support/reference-validator.js';

const dir = referenceDir();
const inCI = process.env.CI === 'true';

if (!dir) {
  it.runIf(inCI)('has the reference surfaces in CI', () => {
    expect.fail('../shared/reference (relative to the project root) is missing; the reference validator cannot run');
  });
  it.skipIf(inCI)('reference validator skipped: ../shared/reference not found', () => {});
}

type Case = [argv: string[], version?: string];
const w = (line: string, version?: string): Case => [line.split(' '), version];
const label = ([argv, version]: Case) => argv.join(' ') + (version ? ` (@${version})` : '');

const VALID: Case[] = [
  // docker
  w('docker ps -a'),
  [['docker', 'run', '-it', '--rm', '-v', '/a:/b', 'busybox', 'sh', '-c', 'x']],
  w('docker run busybox -it'), // non-interspersed: -it belongs to the container command
  w('docker container ls --filter name=x'),
  w('docker -H unix:///x ps'),
  w('docker ps -a=true'),
  w('docker ps -a true'), // 'true' is a positional; positional counts are not checked
  w('docker ps -aq'),
  w('docker logs -n3 c'),
  w('docker logs --tail=5 c'),
  w('docker run -eA=1 busybox'),
  w('docker run -h myhost busybox'), // -h is --hostname on run
  w('docker container ps'),
  w('docker images'),
  w('docker rm x --force'), // interspersed
  w('docker image tag a b -f'), // non-interspersed: -f is a positional of tag
  w('docker help ps'),
  w('docker -l debug ps'),
  w('docker stack ls --orchestrator swarm'),
  w('docker --help'),
  w('docker container --help'),
  w('docker --version'),
  w('docker ps --help'),
  // podman
  w('podman --root /x ps'),
  w('podman ps --root /x'), // persistent global
  w('podman container --log-level debug ls'),
  w('podman --remote ps'),
  w('podman -h'),
  w('podman ps -h'),
  w('podman run -h myhost alpine'),
  w('podman logs c -f'), // non-interspersed: -f is another container name
  w('podman rm c --force'),
  w('podman run --net host alpine'), // normalisation alias
  w('podman stop --timeout 3 c'),
  w('podman build --pull .'), // optional-value flag does not take the next word
  w('podman build --pull=always .'),
  // nerdctl
  w('nerdctl -n k8s.io ps'),
  w('nerdctl ps --namespace k8s.io'),
  w('nerdctl ps -n 3'), // -n is --last on ps
  w('nerdctl -H unix:///x ps'),
  w('nerdctl --a /x ps'), // helper-registered alias also works as --a at the root
  w('nerdctl --host unix:///x ps'),
  w('nerdctl ps --host unix:///x'), // 'host' stays persistent, only -a/-H are root-local
  w('nerdctl run alpine -it'),
  w('nerdctl start c -a'), // nerdctl start is non-interspersed
  w('nerdctl commit c img -p'), // unlike docker, nerdctl commit keeps parsing options
  w('nerdctl run -h myhost alpine'),
  w('nerdctl compose -f x.yml up -d'),
  w('nerdctl compose --f x.yml up'),
  w('nerdctl compose up --file x.yml'),
  w('nerdctl compose up -p proj'), // -p is persistent on compose
  // ctr
  w('ctr -n k8s.io images pull docker.io/library/busybox:latest'),
  w('ctr run --rm -t docker.io/library/busybox:latest web sh'),
  w('ctr run docker.io/library/busybox:latest web sh -c x'),
  w('ctr images ls -q'),
  w('ctr images ls -quiet'),
  w('ctr -namespace default images ls'),
  w('ctr --namespace=default i ls'),
  w('ctr images ls --quiet=false'),
  w('ctr snapshots --snapshotter native ls'), // parent flags between parent and subcommand
  w('ctr pprof --debug-socket X heap'),
  w('ctr i i REF'), // images inspect is new in 2.x
  w('ctr tasks exec --exec-id e1 c sh'),
  w('ctr images --help'),
  w('ctr images help'),
  w('ctr h'),
  w('ctr --version'),
  w('ctr images ls name==X -q', '1.6.20'), // urfave v1 reorders known flags
  w('ctr run img id --rm echo hi', '1.6.20'), // SkipArgReorder: --rm is the process name
  w('ctr run --rm -t docker.io/library/busybox:latest web sh', '1.6.20'),
  // crictl
  w('crictl ps -a'),
  w('crictl ps -aq'),
  w('crictl ps -qo json'), // a value flag may end the group
  w('crictl ps -all'), // single-dash long flag
  w('crictl ps --all=false'),
  w('crictl logs --tail 5 abc'),
  w('crictl -r unix:///x ps'),
  w('crictl -D -r x ps'),
  w('crictl stop -t 10 abc'),
  w('crictl stop -t=10 abc'),
  w('crictl rm -af'),
  w('crictl inspect -a -q x'),
  w('crictl exec -it abc sh -c x'),
  w('crictl exec -it abc -- ls -l'),
  w('crictl pull busybox'), // group with its own action
  w('crictl pull js'),
  w('crictl create pod c.json p.json'),
  w('crictl runp -r runc pod.json'),
  w('crictl image'),
  w('crictl help ps'),
  w('crictl --version'),
  w('crictl logs -r abc'), // --reopen, new in 1.36
  w('crictl ps -aq', '1.29.0'),
];

// [case, argv index of the first issue, message fragment]
const INVALID: [Case, number, string][] = [
  // docker
  [w('docker ps -H x'), 2, "unknown shorthand flag: 'H'"],
  [w('docker ps --bogus'), 2, 'unknown flag: --bogus'],
  [w('docker logs --tail'), 2, 'flag needs an argument'],
  [w('docker rm -name x'), 2, "unknown shorthand flag: 'n' in -name"], // -name is -n -a -m -e, never --name
  [w('docker ps --no-trunc=maybe'), 2, 'invalid boolean value'],
  [w('docker ps --log-level debug'), 2, 'global flag'],
  [w('docker container'), 1, 'requires a subcommand'],
  [w('docker'), 0, 'requires a subcommand'],
  [w('docker contaner ls'), 1, 'unknown command "contaner"'],
  [w('docker container foo'), 2, 'unknown command "foo"'],
  // podman
  [w('podman ps --url x'), 2, 'unknown flag: --url'],
  [w('podman ps --remote'), 2, 'global flag'],
  [w('podman container --url x ls'), 2, 'unknown flag: --url'],
  [w('podman container'), 1, 'requires a subcommand'],
  [w('podman -Dc conn ps'), 3, 'unknown command "ps"'], // TraverseChildren: root keeps parsing, ps becomes its argument
  // nerdctl
  [w('nerdctl ps -H x'), 2, "unknown shorthand flag: 'H'"],
  [w('nerdctl ps --a /x'), 2, 'unknown flag: --a'],
  [w('nerdctl compose up -f x.yml'), 3, "unknown shorthand flag: 'f'"],
  [w('nerdctl image'), 1, 'requires a subcommand'],
  // ctr
  [w('ctr run -td img id'), 2, 'flag provided but not defined: -td'],
  [w('ctr images ls -n x'), 3, 'flag provided but not defined: -n'],
  [w('ctr images ls name==X -q'), 4, 'flag after positional is not parsed by ctr'],
  [w('ctr images ls name==X -q', '2.3.4'), 4, 'flag after positional is not parsed by ctr'],
  [w('ctr containers info X --bogus', '1.6.20'), 4, 'flag after positional is not parsed by ctr'],
  [w('ctr images ls -q=maybe'), 3, 'invalid boolean value'],
  [w('ctr tasks exec c sh'), 2, 'required flag --exec-id'],
  [w('ctr images'), 1, 'requires a subcommand'],
  [w('ctr i i REF', '1.6.20'), 2, 'unknown command "i"'],
  [w('ctr sandboxes ls', '1.6.20'), 1, 'unknown command "sandboxes"'],
  [w('ctr run -td img id', '1.6.20'), 2, 'flag provided but not defined: -td'],
  // crictl
  [w('crictl logs abc --tail 5'), 3, 'flag after positional is not parsed by crictl'],
  [w('crictl pull busybox --creds x'), 3, 'flag after positional'],
  [w('crictl stop -t5 abc'), 2, 'flag provided but not defined: -t5'],
  [w('crictl -Dr x ps'), 1, 'flag provided but not defined: -Dr'],
  [w('crictl inspect -aq x'), 2, 'cannot be combined'], // inspect is in combinedShortFlagsExceptions
  [w('crictl ps --bogus'), 2, 'flag provided but not defined: --bogus'],
  [w('crictl ps -D'), 2, 'global flag'],
  [w('crictl ps -a=yes'), 2, 'invalid boolean value'],
  [w('crictl logs --tail'), 2, 'flag needs an argument'],
  [w('crictl container'), 1, 'unknown command "container"'],
  [w('crictl'), 0, 'requires a subcommand'],
  [w('crictl logs -r abc', '1.29.0'), 2, 'flag provided but not defined: -r'],
  // any tool
  [w('kubectl get pods'), 0, 'unknown tool'],
];

describe.skipIf(!dir)('reference files', () => {
  it('lists versions numerically and loads the newest by default', () => {
    expect(listVersions('ctr')).toEqual(['1.6.20', '2.3.4']);
    expect(listVersions('crictl')).toEqual(['1.29.0', '1.36.0']);
    expect(loadReference('ctr').version).toBe('2.3.4');
    expect(loadReference('crictl')).toBe(loadReference('crictl', '1.36.0')); // cached
    for (const tool of TOOLS) expect(listVersions(tool).length).toBeGreaterThan(0);
  });

  it('resolves every aliasPath by walking names and aliases', () => {
    for (const tool of TOOLS) {
      for (const version of listVersions(tool)) {
        const ref = loadReference(tool, version);
        for (const cmd of ref.commands) {
          expect(resolvePath(ref, cmd.path)).toEqual(cmd.path);
          for (const p of cmd.aliasPaths ?? []) expect(resolvePath(ref, p), `${tool} ${p.join(' ')}`).not.toBeNull();
        }
      }
    }
  });
});

describe.skipIf(!dir)('validateArgv', () => {
  it.each(VALID.map((c) => [label(c), c] as const))('accepts %s', (_, [argv, version]) => {
    const r = validateArgv(argv, { version });
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.commandPath).not.toBeNull();
  });

  it.each(INVALID.map(([c, index, message]) => [label(c), c, index, message] as const))(
    'rejects %s',
    (_, [argv, version], index, message) => {
      const r = validateArgv(argv, { version });
      expect(r.ok).toBe(false);
      expect(r.issues[0]).toMatchObject({ index, token: argv[index] });
      expect(r.issues.map((i) => i.message).join('\n')).toContain(message);
    },
  );

  it('reports the canonical command path', () => {
    expect(validateArgv(w('docker container ps -a')[0]).commandPath).toEqual(['container', 'ls']);
    expect(validateArgv(w('ctr i ls')[0]).commandPath).toEqual(['images', 'list']);
    expect(validateArgv(w('crictl img')[0]).commandPath).toEqual(['images']);
    expect(validateArgv(w('docker container')[0]).commandPath).toBeNull();
  });

  it('reports every issue, not only the first', () => {
    const r = validateArgv(w('docker ps --bogus -Z --filter')[0]);
    expect(r.issues.map((i) => i.index)).toEqual([2, 3, 4]);
  });

  it('treats flags placed after a subcommand per tool: root-only vs persistent globals', () => {
    const probes = { docker: 'ps', podman: 'ps', nerdctl: 'ps', ctr: 'version', crictl: 'version' } as const;
    for (const tool of TOOLS) {
      for (const version of listVersions(tool)) {
        const ref = loadReference(tool, version);
        const cobra = ref.flagParsing.library.includes('cobra');
        const rootOnly = new Set(ref.flagParsing.rootOnlyGlobalFlags ?? []);
        const probe = ref.commands.find((c) => c.path.join(' ') === probes[tool])!;
        for (const g of ref.globalFlags) {
          const value = g.takesValue ? ['v'] : [];
          const before = validateArgv([tool, `--${g.name}`, ...value, probe.path[0]!], { version });
          expect(before.issues, `${tool} --${g.name} ${probe.path[0]}`).toEqual([]);
          if (probe.flags.some((f) => f.name === g.name) || g.name === 'help') continue;
          const after = validateArgv([tool, probe.path[0]!, `--${g.name}`, ...value], { version });
          const persistent = cobra && !rootOnly.has(g.name);
          expect(after.ok, `${tool}@${version} ${probe.path[0]} --${g.name}`).toBe(persistent);
        }
      }
    }
  });

  it('accepts every flag spelling of every leaf command and --help on every group', () => {
    const failures: string[] = [];
    for (const tool of TOOLS) {
      for (const version of listVersions(tool)) {
        const ref = loadReference(tool, version);
        const cobra = ref.flagParsing.library.includes('cobra');
        const check = (argv: string[]) => {
          const r = validateArgv(argv, { version });
          if (!r.ok) failures.push(`${argv.join(' ')} @${version}: ${r.issues.map((i) => i.message).join('; ')}`);
        };
        for (const cmd of ref.commands) {
          const base = [tool, ...cmd.path];
          check([...base, '--help']);
          if (cmd.hasSubcommands) continue;
          const required = cmd.flags.filter((f) => f.required).flatMap((f) => [`--${f.name}`, 'x']);
          for (const f of cmd.flags) {
            const value = f.takesValue && f.optionalValue === undefined ? ['v'] : [];
            // pflag: single letters are shorthands only; Go flag: one namespace for every name
            const spellings = [`--${f.name}`, ...f.aliases.map((a) => (cobra && a.length > 1 ? `--${a}` : `-${a}`))];
            for (const s of spellings) check([...base, ...required, s, ...value]);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
