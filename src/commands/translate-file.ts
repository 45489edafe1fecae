// `crossctl translate --file PATH|- --to TOOL`: the I/O around src/script/rewrite.ts.
import { chmodSync, copyFileSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { TranslateFlags } from '../cli.js';
import { CrossctlError, EXIT, usageError } from '../errors.js';
import { painter } from '../paint.js';
import { unifiedDiff } from '../script/diff.js';
import { rewriteScript, type RewriteResult } from '../script/rewrite.js';
import { loadTables } from '../tables.js';
import { parseTargets } from '../translate.js';

export interface TranslateFileFlags extends TranslateFlags {
  file: string;
  inPlace?: boolean;
  /** false with --no-backup. */
  backup?: boolean;
  check?: boolean;
  annotate?: boolean;
}

export async function runTranslateFile(words: string[], flags: TranslateFileFlags): Promise<number> {
  if (words.length) throw usageError('give either a command or --file, not both');
  if (!flags.to) throw usageError('--file needs --to TOOL: the tool to rewrite the script for, e.g. --to nerdctl');
  const tables = loadTables();
  const targets = parseTargets(tables, flags.to);
  if (!targets || targets.length !== 1) throw usageError('--file rewrites a script for one tool: give --to a single tool, e.g. --to nerdctl');
  const stdin = flags.file === '-';
  if (flags.inPlace && stdin) throw usageError('--in-place needs a file, not standard input');
  if (flags.inPlace && flags.check) throw usageError('--check only reports; leave out --in-place');
  if (flags.backup === false && !flags.inPlace) throw usageError('--no-backup goes with --in-place');
  if (flags.from && !tables.tools[flags.from]) throw usageError(`unknown tool '${flags.from}' in --from`);

  const name = stdin ? '<stdin>' : flags.file;
  const input = read(flags.file);
  const namespace = flags.namespace ?? (flags.k8s ? 'k8s.io' : undefined);
  const result = rewriteScript(input, {
    to: targets[0]!,
    tables,
    file: name,
    annotate: !!flags.annotate,
    ...(flags.from ? { from: flags.from } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
  });

  const paint = painter();
  process.stderr.write(messages(result, name).map((m) => `${paint.warn(m)}\n`).join(''));

  if (flags.json) {
    const { output, ...rest } = result;
    process.stdout.write(`${JSON.stringify({ file: name, to: targets[0]!.tool, ...rest, ...(flags.check || flags.inPlace ? {} : { output }) }, null, 2)}\n`);
  } else if (flags.check) {
    process.stdout.write(unifiedDiff(input, result.regions, name));
  } else if (!flags.inPlace) {
    process.stdout.write(result.output);
  }

  if (flags.inPlace) {
    if (result.output !== input) writeAtomically(flags.file, result.output, flags.backup !== false);
    process.stderr.write(`crossctl: ${name}: ${summary(result)}${result.output === input ? ', file unchanged' : ''}\n`);
  } else if (flags.check) {
    process.stderr.write(`crossctl: ${name}: ${summary(result)}\n`);
  }
  return flags.check && result.problems.length ? EXIT.untranslatable : EXIT.ok;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function summary(r: RewriteResult): string {
  return `${plural(r.changes.length, 'command', 'commands')} translated, ${r.problems.length} left as ${r.problems.length === 1 ? 'it was' : 'they were'}`;
}

/** `file:line:col: warning: …` lines, in script order. */
function messages(r: RewriteResult, name: string): string[] {
  const items = [
    ...r.changes.flatMap((c) => c.warnings.map((w) => ({ line: c.line, col: c.col, text: `warning: ${w}` }))),
    ...r.problems.map((p) => ({ line: p.line, col: p.col, text: `warning: ${short(p.command)}: ${p.message}` })),
  ];
  items.sort((a, b) => a.line - b.line || a.col - b.col);
  return items.map((i) => `${name}:${i.line}:${i.col}: ${i.text}`);
}

const short = (s: string): string => {
  const one = s.replace(/\\\n\s*/g, '').replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
};

function read(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.message;
    throw new CrossctlError(`cannot read ${file === '-' ? 'standard input' : file}: ${why}`, EXIT.usage);
  }
}

/** Writes through a temporary file in the same directory and a rename, keeping the mode; PATH.bak keeps the old text. */
function writeAtomically(file: string, text: string, backup: boolean): void {
  const mode = statSync(file).mode & 0o7777;
  const tmp = join(dirname(file), `.${basename(file)}.crossctl-${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { mode });
    chmodSync(tmp, mode);
    if (backup) copyFileSync(file, `${file}.bak`);
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    const err = e as NodeJS.ErrnoException;
    throw new CrossctlError(`cannot write ${file}: ${err.message}`, EXIT.usage);
  }
}
