// Engine rules that tables rely on, checked with small hand-made concepts so they hold whatever the tables say.
import { describe, expect, it } from 'vitest';
import { planLines } from '../src/output.js';
import { parse } from '../src/parse.js';
import { loadTables, type Concept, type Tables, type ToolSpelling } from '../src/tables.js';
import { translate } from '../src/translate.js';

const real = loadTables();

function tablesWith(concept: Omit<Concept, 'topic' | 'examples' | 'at'>): Tables {
  const full: Concept = { topic: 'test', examples: [], at: 'test', ...concept };
  const index: Tables['index'] = {};
  for (const [tool, s] of Object.entries(full.tools)) {
    if (s.kind !== 'command') continue;
    for (const c of s.commands) (index[tool] ??= {})[c.path.join(' ')] = [full.id];
  }
  return { ...real, concepts: { [full.id]: full }, index };
}

const unsupported = (tools: string[]): Record<string, ToolSpelling> =>
  Object.fromEntries(tools.map((t) => [t, { kind: 'unsupported', reason: `${t} has none` }]));

function one(tables: Tables, input: string, to: string): { line: string; status: string; warnings: string[] } {
  const r = translate(tables, input, { to: [{ tool: to }] }).results[0]!;
  return { line: planLines(r).join('\n'), status: r.status, warnings: r.warnings };
}

describe('filter keys spelt as flags', () => {
  const tables = tablesWith({
    id: 'x.list',
    summary: 'list',
    args: [],
    options: { filter: { type: 'filter', summary: 'filter' } },
    tools: {
      ...unsupported(['podman', 'nerdctl', 'ctr']),
      docker: { kind: 'command', commands: [{ path: ['ps'] }], args: [], options: { filter: { kind: 'flag', flag: { long: 'filter', short: 'f' } } } },
      crictl: {
        kind: 'command',
        commands: [{ path: ['ps'] }],
        args: [],
        options: {
          filter: {
            kind: 'flag',
            flag: { long: 'name' },
            keys: { name: { long: 'name', anchor: true }, status: { long: 'state', short: 's', values: { running: 'running' } } },
          },
        },
      },
    },
  });

  it('reads the key from a flag that is also the option flag', () => {
    expect(one(tables, "crictl ps --name '^web$' --state running", 'docker').line).toBe('docker ps --filter name=web --filter status=running');
  });

  it('still writes one flag per key', () => {
    expect(one(tables, 'docker ps -f name=web', 'crictl').line).toBe("crictl ps --name '^web$'");
  });
});

describe('a spelling that always implies an option', () => {
  const tables = tablesWith({
    id: 'x.prune',
    summary: 'prune',
    args: [],
    options: { all: { type: 'bool', summary: 'all' } },
    tools: {
      ...unsupported(['nerdctl', 'ctr', 'crictl']),
      docker: { kind: 'command', commands: [{ path: ['volume', 'prune'] }], args: [], options: { all: { kind: 'flag', flag: { long: 'all', short: 'a' } } } },
      podman: {
        kind: 'command',
        commands: [{ path: ['volume', 'prune'], implies: { all: true } }],
        args: [],
        options: { all: { kind: 'implicit', reason: 'it removes named volumes too' } },
      },
    },
  });

  it('warns when the user did not ask for what the spelling implies', () => {
    const r = one(tables, 'docker volume prune', 'podman');
    expect(r.line).toBe('podman volume prune');
    expect(r.status).toBe('partial');
    expect(r.warnings.join('\n')).toContain('podman volume prune always behaves as all=true: it removes named volumes too');
  });

  it('is exact when the user asked for it', () => {
    expect(one(tables, 'docker volume prune -a', 'podman')).toMatchObject({ line: 'podman volume prune', status: 'exact' });
  });

  it('gives the implied option to the other tools', () => {
    expect(one(tables, 'podman volume prune', 'docker')).toMatchObject({ line: 'docker volume prune --all', status: 'exact' });
  });
});

describe('a list option spelt as positionals', () => {
  const tables = tablesWith({
    id: 'x.create',
    summary: 'create',
    args: [{ name: 'namespace', kind: 'namespace' }],
    options: { label: { type: 'list', summary: 'labels' } },
    tools: {
      ...unsupported(['docker', 'podman', 'crictl']),
      nerdctl: { kind: 'command', commands: [{ path: ['namespace', 'create'] }], args: ['namespace'], options: { label: { kind: 'flag', flag: { long: 'label', short: 'l' } } } },
      ctr: { kind: 'command', commands: [{ path: ['namespaces', 'create'] }], args: ['namespace', 'label'], options: { label: { kind: 'positional' } } },
    },
  });

  it('renders every value as its own argument', () => {
    expect(one(tables, 'nerdctl namespace create -l a=1 --label b=2 team', 'ctr').line).toBe('ctr namespaces create team a=1 b=2');
  });

  it('reads the remaining arguments as the list', () => {
    expect(one(tables, 'ctr namespaces create team a=1 b=2', 'nerdctl').line).toBe('nerdctl namespace create --label a=1 --label b=2 team');
  });
});

describe('runnable command groups', () => {
  const crictl = real.tools.crictl!;

  it('parses a group that runs its own action with arguments (crictl 1.36 runp)', () => {
    const p = parse(['crictl', 'runp', '-r', 'runsc', 'pod.json'], crictl, '1.36.0');
    expect(p).toMatchObject({ version: '1.36.0', path: ['runp'], positionals: ['pod.json'] });
    expect(p.flags.map((f) => f.name)).toEqual(['runtime']);
  });

  it('still finds the group subcommands', () => {
    expect(parse(['crictl', 'runp', 'jsonschema'], crictl, '1.36.0').path).toEqual(['runp', 'jsonschema']);
  });

  it('still wants a subcommand after an ordinary group', () => {
    expect(() => parse(['ctr', 'namespaces'], real.tools.ctr!)).toThrow(/needs a subcommand/);
    expect(() => parse(['ctr', 'namespaces', 'bogus'], real.tools.ctr!)).toThrow(/unknown ctr namespaces command/);
  });
});

describe('a negated boolean flag', () => {
  const tables = tablesWith({
    id: 'x.stats',
    summary: 'stats',
    args: [],
    options: { 'no-stream': { type: 'bool', summary: 'print once', default: 'false' } },
    tools: {
      ...unsupported(['docker', 'nerdctl', 'ctr']),
      podman: { kind: 'command', commands: [{ path: ['pod', 'stats'] }], args: [], options: { 'no-stream': { kind: 'flag', flag: { long: 'no-stream' } } } },
      crictl: {
        kind: 'command',
        commands: [{ path: ['statsp'] }],
        args: [],
        options: { 'no-stream': { kind: 'flag', flag: { long: 'watch', short: 'w' }, negate: true, default: 'true' } },
      },
    },
  });

  it('turns the default of one tool into the flag of the other', () => {
    expect(one(tables, 'podman pod stats', 'crictl').line).toBe('crictl statsp --watch');
    expect(one(tables, 'crictl statsp', 'podman').line).toBe('podman pod stats --no-stream');
  });

  it('leaves out what is already the default', () => {
    expect(one(tables, 'podman pod stats --no-stream', 'crictl').line).toBe('crictl statsp');
    expect(one(tables, 'crictl statsp -w', 'podman').line).toBe('podman pod stats');
  });
});

describe('a value the target cannot express', () => {
  const tables = tablesWith({
    id: 'x.pods',
    summary: 'pods',
    args: [],
    options: { format: { type: 'string', summary: 'format' } },
    tools: {
      ...unsupported(['docker', 'nerdctl', 'ctr']),
      podman: { kind: 'command', commands: [{ path: ['pod', 'ps'] }], args: [], options: { format: { kind: 'flag', flag: { long: 'format' }, values: { yaml: null } } } },
      crictl: { kind: 'command', commands: [{ path: ['pods'] }], args: [], options: { format: { kind: 'flag', flag: { long: 'output', short: 'o' } } } },
    },
  });

  it('is left out with a warning', () => {
    const r = one(tables, 'crictl pods -o yaml', 'podman');
    expect(r).toMatchObject({ line: 'podman pod ps', status: 'partial' });
    expect(r.warnings).toContain("-o yaml: podman has no format 'yaml'");
  });

  it('other values pass', () => {
    // Partial only because podman does not see the CRI runtime's pods, which crictl works on.
    const r = one(tables, 'crictl pods -o json', 'podman');
    expect(r).toMatchObject({ line: 'podman pod ps --format json' });
    expect(r.warnings.every((w) => w.includes('CRI runtime'))).toBe(true);
  });
});
