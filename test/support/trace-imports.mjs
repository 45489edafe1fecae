// `CROSSCTL_TRACE_FILE=FILE node --import test/support/trace-imports.mjs …`: appends the URL of every module
// file loaded to FILE, one a line (for the start-up cost test of the sheet command). Written synchronously
// from the hooks thread, so nothing is lost when the process exits.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { appendFileSync } from 'node:fs';
const file = process.env.CROSSCTL_TRACE_FILE;
export async function load(url, context, next) {
  if (file && url.startsWith('file:')) appendFileSync(file, url + '\\n');
  return next(url, context);
}`),
);
