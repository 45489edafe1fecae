#!/usr/bin/env node
// Build: bundle the CLI (code-split so commands load only what they use), compile the YAML tables to dist/tables/
// (split into files read on first use) with schema validation, derive the sheet and init's fast paths, and write
// the code caches (scripts/code-cache.cjs). Runs on `npm install` (prepare) and before the tests.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// cli-table3's require('string-width') goes to a faster measure for plain ASCII (src/sheet/string-width.cjs).
// And Cell#draw truncates the cell's whole text to 10 columns at every line it draws, one character at a time,
// for a debug message that is kept only at a debug level crossctl never sets: 90 % of a full `sheet`'s time.
const DEBUG_TRUNCATE = 'let content = utils.truncate(this.content, 10, this.truncate);';
const fastStringWidth = {
  name: 'fast-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (a) =>
      a.importer.includes(`${join('node_modules', 'cli-table3')}`) ? { path: join(root, 'src', 'sheet', 'string-width.cjs') } : undefined,
    );
    b.onLoad({ filter: /cli-table3[\\/]src[\\/]cell\.js$/ }, (a) => {
      const code = readFileSync(a.path, 'utf8');
      if (!code.includes(DEBUG_TRUNCATE)) {
        console.warn(`crossctl build: ${a.path} has changed; the sheet may be slow (see scripts/build.mjs)`);
        return undefined;
      }
      return { contents: code.replace(DEBUG_TRUNCATE, "let content = ''; // crossctl: see scripts/build.mjs"), loader: 'js' };
    });
  },
};
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', compile: 'src/mappings/compile.ts', derive: 'src/derived.ts' },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Some CommonJS dependencies call require() for node built-ins; give the ESM bundle one.
  banner: { js: "import { createRequire as __crossctlRequire } from 'node:module'; const require = __crossctlRequire(import.meta.url);" },
  plugins: [fastStringWidth],
});

// The entry, as CommonJS, so that the everyday commands never start Node's ES module loader (several
// milliseconds alone): dist/main.cjs reads the options and routes (7 KB); translate and the tool shortcut, init,
// sheet and --exec are CommonJS bundles of their own, required only by their command, so that init and sheet do
// not load the translator. The full CLI (commander) and the table compiler stay ES modules, imported on demand.
const SPLIT = { './commands/translate.js': 'translate.cjs', './commands/init.js': 'init.cjs', './commands/sheet.js': 'sheet.cjs', './exec.js': 'exec.cjs', chalk: 'chalk.cjs' };
const cjs = (entry, out, apart) =>
  build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: join(dist, out),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
    // import.meta.url, worked out only when read: converting __filename at every start costs about 0.2 ms a bundle.
    define: { 'import.meta': '__crossctlMeta' },
    banner: { js: "const __crossctlMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
    plugins: [
      fastStringWidth,
      {
        name: 'apart',
        setup(b) {
          b.onResolve({ filter: /^(\.\.?\/|chalk$)/ }, (a) => {
            if (a.path === './cli.js' || a.path === './mappings/compile.js') return { path: a.path, external: true };
            const to = apart[a.path];
            return to ? { path: `./${to}`, external: true } : undefined;
          });
        },
      },
    ],
  }).then((r) => {
    // import() of a CommonJS bundle would start the ES module loader: require it instead.
    let code = r.outputFiles[0].text;
    for (const to of Object.values(apart)) code = code.replaceAll(`import("./${to}")`, `Promise.resolve().then(() => require("./${to}"))`);
    // bin/crossctl.js runs the bundles through node:vm (for their code cache), where import() needs a flag: it
    // gives the module object a function that imports instead. The last line is the build ID a code cache must
    // carry.
    code = code.replaceAll('import("./cli.js")', '(module.importFromDist ?? ((s) => import(s)))("./cli.js")');
    code += `//${createHash('sha256').update(code).digest('hex').slice(0, 16)}\n`;
    writeFileSync(join(dist, out), code);
  });
await cjs('src/main.ts', 'main.cjs', SPLIT);
await cjs('src/commands/translate.ts', 'translate.cjs', { './exec.js': 'exec.cjs' });
await cjs('src/commands/init.ts', 'init.cjs', {});
await cjs('src/commands/sheet.ts', 'sheet.cjs', { chalk: 'chalk.cjs' });
await cjs('src/commands/exec.ts', 'exec.cjs', {});
// Colour only on a terminal: chalk is a file of its own, required when a command colours its output.
await cjs(join(root, 'node_modules', 'chalk', 'source', 'index.js'), 'chalk.cjs', {});

cpSync(join(root, 'mappings', 'surfaces'), join(dist, 'surfaces'), { recursive: true });
const { compileTables, MappingError, splitSurface, splitTables } = await import(pathToFileURL(join(dist, 'compile.js')).href);
// Each surface also split for the parser: the resolved command tree, and one file per command (src/surface.ts).
for (const file of readdirSync(join(root, 'mappings', 'surfaces')).filter((f) => f.endsWith('.json'))) {
  const { tree, commands } = splitSurface(JSON.parse(readFileSync(join(root, 'mappings', 'surfaces', file), 'utf8')));
  const dir = join(dist, 'surfaces', file.replace(/\.json$/, ''));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tree.json'), JSON.stringify(tree));
  commands.forEach((c, i) => writeFileSync(join(dir, `${i}.json`), JSON.stringify(c)));
}
try {
  const tables = compileTables({ mappingsDir: join(root, 'mappings'), surfacesDir: join(root, 'mappings', 'surfaces') });
  // Split so that a translation reads only the parts it needs (src/tables.ts).
  for (const [path, value] of splitTables(tables)) {
    mkdirSync(dirname(join(dist, 'tables', path)), { recursive: true });
    writeFileSync(join(dist, 'tables', path), JSON.stringify(value));
  }
  // What sheet and init would compute at every start, computed once from the tables just written.
  const { deriveBuiltin } = await import(pathToFileURL(join(dist, 'derive.js')).href);
  mkdirSync(join(dist, 'derived'));
  for (const [part, value] of Object.entries(deriveBuiltin())) writeFileSync(join(dist, 'derived', `${part}.json`), JSON.stringify(value));
  writeCodeCache();
  console.log(`crossctl build: ${Object.keys(tables.concepts).length} concepts in ${tables.topics.length} topics`);
} catch (e) {
  if (e instanceof MappingError) {
    for (const p of e.problems) console.error(p);
    console.error(`crossctl build: ${e.problems.length} problem(s) in mappings/`);
    process.exit(1);
  }
  throw e;
}

/** dist/<bundle>.cache (scripts/code-cache.cjs), in a child process that sees no user tables. */
function writeCodeCache() {
  const config = mkdtempSync(join(tmpdir(), 'crossctl-build-'));
  try {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'code-cache.cjs')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, XDG_CONFIG_HOME: join(config, 'none'), NO_COLOR: '1' },
    });
    if (r.status !== 0) throw new Error(`scripts/code-cache.cjs exited with ${r.status ?? r.signal}: ${r.stderr}`);
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}
