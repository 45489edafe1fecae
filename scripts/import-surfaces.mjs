#!/usr/bin/env node
// Dev-time tool: derives the compact grammar surfaces in mappings/surfaces/ from the reference surfaces in
// ../shared/reference (names, aliases, arity and type of every flag; command tree with aliases; parser facts).
// The runtime parser needs every flag's arity, and the project must work without ../shared, so the derived
// surfaces are committed. Run again when a reference file changes: node scripts/import-surfaces.mjs [REFDIR]
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const refDir = process.argv[2] ?? join(root, '..', 'shared', 'reference');
const outDir = join(root, 'mappings', 'surfaces');

const flag = (f) => {
  const out = { name: f.name };
  if (f.aliases?.length) out.aliases = f.aliases;
  if (f.takesValue) out.value = f.type;
  // pflag NoOptDefVal: the bare flag means this value; a value must be glued on (--pull=never).
  if (f.optionalValue !== undefined) out.optionalValue = String(f.optionalValue);
  if (f.repeatable) out.repeatable = true;
  if (f.optionalValue !== undefined) out.optionalValue = String(f.optionalValue);
  if (f.default !== null && f.default !== undefined && f.default !== false && f.default !== '') out.default = String(f.default);
  if (f.nonPersistentAliases?.length) out.rootOnlyAliases = f.nonPersistentAliases;
  if (f.hidden) out.hidden = true;
  if (f.deprecated) out.deprecated = true;
  return out;
};

// A command group that also runs itself (urfave/cli v2 commands with an action and subcommands, e.g. crictl 1.36
// pull and its jsonschema subcommand): after the tool and the path, its usage names arguments of its own.
const GENERIC_USAGE = new Set(['command', '[command]', 'COMMAND', '[arguments...]', '[flags]', '[OPTIONS]', '[options]']);
const takesOwnArgs = (c) =>
  c.usage
    .replace(/\[command options\]/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(1 + c.path.length)
    .some((w) => !GENERIC_USAGE.has(w));

for (const file of readdirSync(refDir).filter((f) => /^[a-z]+-[\d.]+\.json$/.test(f))) {
  const ref = JSON.parse(readFileSync(join(refDir, file), 'utf8'));
  const fp = ref.flagParsing;
  const surface = {
    tool: ref.tool,
    version: ref.version,
    parsing: {
      style: fp.singleDashLongFlags ? 'go' : 'pflag',
      combinedShort: fp.combinedShortFlags,
      ...(fp.combinedShortFlagsExceptions ? { combinedShortExceptions: fp.combinedShortFlagsExceptions } : {}),
      flagsAfterPositionals: fp.flagsAfterPositionals,
      ...(fp.nonInterspersedCommands ? { nonInterspersed: fp.nonInterspersedCommands } : {}),
      ...(fp.rootOnlyGlobalFlags ? { rootOnlyGlobals: fp.rootOnlyGlobalFlags } : {}),
    },
    globals: ref.globalFlags.map(flag),
    commands: ref.commands.map((c) => ({
      path: c.path,
      ...(c.aliases?.length ? { aliases: c.aliases } : {}),
      ...(c.aliasPaths?.length ? { aliasPaths: c.aliasPaths } : {}),
      ...(c.hasSubcommands ? { group: true } : {}),
      ...(c.hasSubcommands && takesOwnArgs(c) ? { runnable: true } : {}),
      ...(c.hidden ? { hidden: true } : {}),
      usage: c.usage,
      flags: c.flags.map(flag),
    })),
  };
  const out = join(outDir, `${ref.tool}-${ref.version}.json`);
  writeFileSync(out, JSON.stringify(surface) + '\n');
  console.log(`${out}: ${surface.commands.length} commands`);
}
