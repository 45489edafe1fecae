import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse.js';
import { loadTables } from '../src/tables.js';

// crictl 1.36 gave pull, run, runp and create a jsonschema subcommand; they still run themselves with their own
// arguments (urfave/cli v2 runs the command's action when the first argument is no subcommand).
const tables = loadTables();
const crictl = tables.tools.crictl!;

describe('runnable command groups', () => {
  it('parses crictl 1.36 pull IMAGE as the pull command with a positional', () => {
    const p = parse(['crictl', 'pull', '--creds', 'u:p', 'nginx:1.27'], crictl, '1.36.0');
    expect(p.path).toEqual(['pull']);
    expect(p.positionals).toEqual(['nginx:1.27']);
    expect(p.flags.map((f) => f.name)).toEqual(['creds']);
  });

  it('still finds the subcommand of a runnable group', () => {
    expect(parse(['crictl', 'pull', 'jsonschema'], crictl, '1.36.0').path).toEqual(['pull', 'jsonschema']);
  });

  it('still asks for a subcommand of a group that does not run itself', () => {
    expect(() => parse(['ctr', 'images'], tables.tools.ctr!, '2.3.4')).toThrow(/needs a subcommand/);
  });
});

// pflag flags with an optional value (NoOptDefVal, podman build --pull): bare, they take the default value and the
// next word stays an argument; any other value must be glued on with '='.
describe('flags with an optional value', () => {
  const podman = tables.tools.podman!;
  it('reads a bare --pull without eating the next word', () => {
    const p = parse(['podman', 'build', '--pull', '-t', 'web:1', '.'], podman);
    expect(p.flags.map((f) => [f.name, f.value])).toEqual([
      ['pull', 'true'],
      ['tag', 'web:1'],
    ]);
    expect(p.positionals).toEqual(['.']);
  });
  it('takes a glued value', () => {
    const p = parse(['podman', 'build', '--pull=never', '.'], podman);
    expect(p.flags[0]).toMatchObject({ name: 'pull', value: 'never' });
    expect(p.positionals).toEqual(['.']);
  });
});
