#!/usr/bin/env node
'use strict';
// CommonJS on purpose (bin/package.json): Node starts a CommonJS entry faster than an ES module one.
//
// dist/main.cjs is compiled with the V8 code cache that the build wrote after running typical translations
// (scripts/code-cache.cjs): it holds the bytecode of every function a translation calls, which V8 would
// otherwise compile at their first call, about 4 ms of crossctl's own 10 ms. V8 refuses a cache from another
// V8 version or with other V8 flags, but does not checksum it: the cache starts with the build ID that ends
// main.cjs and the length of what follows, so a cache of another build, or a cut one, is not used. A missing or
// refused cache only means compiling as require() would.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'main.cjs');
/** The build ID (16 hex digits), then the length of the V8 data (8 hex digits). */
const HEADER_BYTES = 24;

/** main.cjs evaluated as Node's module wrapper would, with its code cache when the cache fits; the script too, for the build. */
function loadMain() {
  const vm = require('node:vm');
  const source = readFileSync(main, 'utf8');
  let cachedData;
  try {
    const cache = readFileSync(`${main}.cache`);
    const header = cache.toString('latin1', 0, HEADER_BYTES);
    if (source.endsWith(`//${header.slice(0, 16)}\n`) && parseInt(header.slice(16), 16) === cache.length - HEADER_BYTES) {
      cachedData = cache.subarray(HEADER_BYTES);
    }
  } catch {}
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: main, cachedData });
  // A script run by vm cannot import(): main.cjs asks its module object for the full CLI's ES module instead.
  const mod = { exports: {}, importFromDist: (spec) => import(require('node:url').pathToFileURL(join(__dirname, '..', 'dist', spec)).href) };
  // Its require() takes built-ins and the bundles beside it (node:module's createRequire would load the ES
  // module loader).
  const requireFromDist = (id) => require(id.startsWith('./') ? join(__dirname, '..', 'dist', id) : id);
  script.runInThisContext().call(mod.exports, mod.exports, requireFromDist, mod, main, join(__dirname, '..', 'dist'));
  return { exports: mod.exports, script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

if (require.main === module) loadMain().exports.start();
else module.exports = { loadMain };
