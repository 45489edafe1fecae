// `node --import test/support/trace-imports.mjs …`: reports every module file loaded, as
// `crossctl-trace: URL` lines on stderr (for the start-up cost test of the sheet command).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function load(url, context, next) {
  if (url.startsWith('file:')) process.stderr.write('crossctl-trace: ' + url + '\\n');
  return next(url, context);
}`),
);
