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
const HEADER_BYTES = 32;

/**
 * The header a bundle's cache of `length` bytes of V8 data starts with, written by scripts/code-cache.cjs:
 * the build ID that ends the bundle (16 hex digits), an FNV-1a hash of the running Node binary's path, version
 * and architecture (8), the length (8). Null for a bundle without a build ID.
 */
function cacheHeader(source, length) {
  // The bundle's last line, `//ID\n`, read from its end: a regex over the whole bundle would cost at every start.
  const id = source.slice(-17, -1);
  if (source.slice(-19, -17) !== '//' || !source.endsWith('\n') || !/^[0-9a-f]{16}$/.test(id)) return null;
  const text = `${process.execPath}\0${process.version}\0${process.arch}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return id + h.toString(16).padStart(8, '0') + length.toString(16).padStart(8, '0');
}

/** Bundle → { exports, source, script, cacheUsed }, once each, as require() would. */
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
    const header = cacheHeader(source, cache.length - HEADER_BYTES);
    if (header && cache.toString('latin1', 0, HEADER_BYTES) === header) cachedData = cache.subarray(HEADER_BYTES);
  } catch {}
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  // A script run by vm cannot import(): main.cjs asks its module object for the full CLI's ES module instead.
  const mod = { exports: {}, importFromDist: (spec) => import(require('node:url').pathToFileURL(join(dist, spec)).href) };
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  loaded.set(name, { get exports() { return mod.exports; }, source, script, cacheUsed });
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
else module.exports = { load, loaded, CACHED, cacheHeader };
