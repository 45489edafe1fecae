#!/usr/bin/env node
// Build: bundle the CLI (code-split so commands load only what they use), then compile the YAML tables to
// dist/tables/ (an index and one file per concept) with schema validation. Runs on `npm install` (prepare) and before the tests.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', compile: 'src/mappings/compile.ts' },
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
});

// The entry, as one file: every module the everyday commands (translate, the tool shortcut, init, sheet) use is
// inside it, so start-up compiles one module instead of a dozen chunks. The full CLI (commander) stays a
// separate file loaded on demand, and so do the heavy packages only some paths need.
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts' },
  outdir: dist,
  bundle: true,
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [
    {
      name: 'full-cli-apart',
      setup(b) {
        b.onResolve({ filter: /^\.\/(cli|mappings\/compile)\.js$/ }, (a) => ({ path: a.path, external: true }));
      },
    },
  ],
  banner: { js: "import { createRequire as __crossctlRequire } from 'node:module'; const require = __crossctlRequire(import.meta.url);" },
});

cpSync(join(root, 'mappings', 'surfaces'), join(dist, 'surfaces'), { recursive: true });
const { compileTables, MappingError } = await import(pathToFileURL(join(dist, 'compile.js')).href);
try {
  const tables = compileTables({ mappingsDir: join(root, 'mappings'), surfacesDir: join(root, 'mappings', 'surfaces') });
  // One index plus one file per concept: a translation reads only the concept it needs (src/tables.ts).
  const { concepts, ...rest } = tables;
  mkdirSync(join(dist, 'tables', 'concepts'), { recursive: true });
  writeFileSync(join(dist, 'tables', 'index.json'), JSON.stringify({ ...rest, conceptIds: Object.keys(concepts) }));
  for (const [id, concept] of Object.entries(concepts)) writeFileSync(join(dist, 'tables', 'concepts', `${id}.json`), JSON.stringify(concept));
  console.log(`crossctl build: ${Object.keys(tables.concepts).length} concepts in ${tables.topics.length} topics`);
} catch (e) {
  if (e instanceof MappingError) {
    for (const p of e.problems) console.error(p);
    console.error(`crossctl build: ${e.problems.length} problem(s) in mappings/`);
    process.exit(1);
  }
  throw e;
}
