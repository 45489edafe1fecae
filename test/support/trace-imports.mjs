// `CROSSCTL_TRACE_FILE=FILE node --import test/support/trace-imports.mjs …`: appends the URL of every module
// file loaded, ES module, CommonJS or a script compiled by node:vm, to FILE, one a line (for the start-up cost
// tests). Written synchronously, so nothing is lost when the process exits.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';

const file = process.env.CROSSCTL_TRACE_FILE;
register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { appendFileSync } from 'node:fs';
const file = process.env.CROSSCTL_TRACE_FILE;
export async function load(url, context, next) {
  if (file && url.startsWith('file:') && context.format !== 'commonjs') appendFileSync(file, url + '\\n');
  return next(url, context);
}`),
);
// CommonJS files: the loader hooks above do not see require() in Node 20.
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  if (file) appendFileSync(file, pathToFileURL(filename).href + '\n');
  return compile.call(this, content, filename);
};
// bin/crossctl.js compiles dist/main.cjs with node:vm (for its code cache).
const Script = vm.Script;
vm.Script = function (code, options) {
  if (file && options?.filename) appendFileSync(file, pathToFileURL(options.filename).href + '\n');
  return new Script(code, options);
};
