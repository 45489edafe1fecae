#!/usr/bin/env node
'use strict';
// CommonJS on purpose (bin/package.json): Node starts a CommonJS entry faster than an ES module one.
//
// dist/main.cjs, and the translate, init and sheet bundles it requires, are compiled with the V8 code cache that
// the build wrote after running typical commands (scripts/code-cache.cjs): it holds the bytecode of every function they
// called, which V8 would otherwise compile at their first call, about 4 ms of a translation's own 10 ms. V8
// refuses a cache from another V8 version or with other V8 flags, but does not checksum it, and a cache that does
// not fit the running binary can abort Node: a cache starts with the build ID that ends its bundle, a hash of the
// Node binary that wrote it (path, version, architecture) and the length of what follows, so a cache of another
// build or another Node, or a cut one, is not used. A missing or refused cache only means compiling as require()
// would.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');
/** The bundles with a code cache: the entry, and the commands with a start-up goal. */
const CACHED = ['main.cjs', 'translate.cjs', 'init.cjs', 'sheet.cjs'];
/** The build ID (16 hex digits), the Node binary's hash (8), then the length of the V8 data (8). */
const HEADER_BYTES = 32;

/** FNV-1a of the running Node binary's path, version and architecture, as 8 hex digits. */
function runtimeId() {
  const text = `${process.execPath}\0${process.version}\0${process.arch}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
/** Bundle → { exports, script, cacheUsed }, once each, as require() would. */
const loaded = new Map();

/** A bundle evaluated as Node's module wrapper would, with its code cache when the cache fits. */
function load(name) {
  const known = loaded.get(name);
  if (known) return known.exports;
  const vm = require('node:vm');
  const file = join(dist, name);
  const source = readFileSync(file, 'utf8');
  let cachedData;
  try {
    const cache = readFileSync(`${file}.cache`);
    const header = cache.toString('latin1', 0, HEADER_BYTES);
    const fits =
      source.endsWith(`//${header.slice(0, 16)}\n`) &&
      header.slice(16, 24) === runtimeId() &&
      parseInt(header.slice(24), 16) === cache.length - HEADER_BYTES;
    if (fits) cachedData = cache.subarray(HEADER_BYTES);
  } catch {}
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  // A script run by vm cannot import(): main.cjs asks its module object for the full CLI's ES module instead.
  const mod = { exports: {}, importFromDist: (spec) => import(require('node:url').pathToFileURL(join(dist, spec)).href) };
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  loaded.set(name, { get exports() { return mod.exports; }, script, cacheUsed });
  script.runInThisContext().call(mod.exports, mod.exports, requireFromDist, mod, file, dist);
  return mod.exports;
}

/**
 * The require() the bundles get: built-ins, and the bundles beside them (node:module's createRequire would load
 * the ES module loader).
 */
function requireFromDist(id) {
  if (!id.startsWith('./')) return require(id);
  const name = id.slice(2);
  return CACHED.includes(name) ? load(name) : require(join(dist, name));
}

if (require.main === module) load('main.cjs').start();
else module.exports = { load, loaded, CACHED, runtimeId };
