// `crossctl alias --shell SHELL --to TOOL`: learning aliases, see src/shell/alias.ts.
import { usageError } from '../errors.js';
import { loadTables } from '../tables.js';
import { aliasScript } from '../shell/alias.js';
import { SHELLS, type Shell } from '../shell/quote.js';
import { targetOf } from '../shell/target.js';

export function runAlias(flags: { shell?: string; to?: string }): number {
  const tables = loadTables();
  const shell = flags.shell;
  if (!shell || !SHELLS.includes(shell as Shell)) throw usageError(`give --shell ${SHELLS.join('|')}`);
  const target = targetOf(tables, flags.to, '');
  process.stdout.write(aliasScript(shell as Shell, tables, target.tool, target.version, `crossctl alias --shell ${shell} --to ${target.spec}`));
  return 0;
}
