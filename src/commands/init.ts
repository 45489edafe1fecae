// `crossctl init SHELL` and `crossctl init --shim DIR`: see src/shell/. Loads the tables and the two tools'
// surfaces only (no parser, no renderer): init runs in every new shell, so it must start fast.
import { usageError } from '../errors.js';
import { writeOut } from '../io.js';
import { loadTables } from '../tables.js';
import { prebuilt } from '../prebuilt.js';
import { fastPath } from '../shell/fastpath.js';
import { initScript } from '../shell/init.js';
import { SHELLS, type Shell } from '../shell/quote.js';
import { selfCommand } from '../shell/self.js';
import { writeShim } from '../shell/shim.js';
import { commandName, namespaceWords, sourceOf, targetOf } from '../shell/target.js';

export interface InitFlags {
  from?: string;
  to?: string;
  cmd?: string;
  shim?: string;
  force?: boolean;
  namespace?: string;
  k8s?: boolean;
}

export function runInit(shell: string | undefined, flags: InitFlags): number {
  const tables = loadTables();
  if (flags.shim !== undefined && shell !== undefined) throw usageError(`init --shim writes sh scripts for every shell: leave out '${shell}'`);
  if (flags.shim === undefined && shell === undefined) throw usageError(`give a shell (${SHELLS.join(', ')}) or --shim DIR: eval "$(crossctl init bash --to nerdctl)"`);
  if (flags.shim === '') throw usageError('--shim needs a directory');
  const from = sourceOf(tables, flags.from);
  const target = targetOf(tables, flags.to, from);
  const name = commandName(flags.cmd, from);
  const namespace = flags.namespace ?? (flags.k8s ? 'k8s.io' : undefined);
  const globals = namespaceWords(tables, target.tool, namespace);
  const versions = target.version ? [target.version] : undefined;
  const fast = (versions ? undefined : prebuilt('fastPaths')?.[`${from}>${target.tool}`]) ?? fastPath(tables, from, target.tool, versions).words;
  const how = [
    'crossctl init',
    ...(flags.shim !== undefined ? ['--shim', flags.shim] : [shell!]),
    ...(flags.from ? ['--from', from] : []),
    '--to',
    target.spec,
    ...(flags.cmd ? ['--cmd', name] : []),
    ...(namespace !== undefined ? ['--namespace', namespace] : []),
  ].join(' ');
  const common = { from, to: target.tool, toSpec: target.spec, name, self: selfCommand(), fast, globals, how, ...(namespace !== undefined ? { namespace } : {}) };
  if (flags.shim !== undefined) {
    const file = writeShim({ ...common, dir: flags.shim }, flags.force);
    writeOut(`crossctl: wrote ${file}: ${name} runs ${from} commands as ${target.tool}${fast.length ? ` (directly: ${fast.join(' ')})` : ''}\n`);
    writeOut(`crossctl: put its directory first on PATH, e.g. PATH=${file.slice(0, -name.length - 1)}:$PATH\n`);
    return 0;
  }
  writeOut(initScript({ ...common, shell: shell as Shell }));
  return 0;
}
