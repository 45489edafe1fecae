// Writes dist/main.cjs.cache (run by scripts/build.mjs, after the bundles and tables): loads main.cjs the way
// bin/crossctl.js does, runs typical translations so that V8 compiles the functions they call, and saves V8's code
// cache, preceded by the build ID that ends main.cjs and the data's length (bin/crossctl.js checks both).
// The build runs it in a child process with stdout ignored and an empty configuration directory, so that user
// tables on the build machine play no part.
'use strict';
const { renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { loadMain } = require('../bin/crossctl.js');

const [id] = process.argv.slice(2);
// Everyday translations between docker, podman and nerdctl, and one run to every tool (the ctr and crictl
// plans). Measured: a cache of these beats both a cache of every path (errors, JSON, …: a larger cache is read
// whole at every start) and one of a single command.
const WARM_UP = [
  ['translate', '--to', 'podman', '--', 'docker', 'run', '-d', '--name', 'web', '-p', '8080:80', '-v', '/srv:/usr/share/nginx/html:ro', '-e', 'A=1', 'nginx:1.27'],
  ['translate', '--to', 'nerdctl', 'docker ps -a --filter status=exited'],
  ['translate', '--to', 'docker', '--', 'podman', 'logs', '-f', '--tail', '50', 'web'],
  ['translate', '--to', 'podman', '--', 'docker', 'exec', '-it', 'web', 'sh'],
  ['docker', 'run', '--rm', '-it', '--name', 'job', '-v', '/srv:/data', 'alpine', 'sh'],
];

(async () => {
  const { exports, script } = loadMain();
  for (const argv of WARM_UP) await exports.run(argv);
  const data = script.createCachedData();
  const file = join(__dirname, '..', 'dist', 'main.cjs.cache');
  const header = Buffer.from(id + data.length.toString(16).padStart(8, '0'), 'latin1');
  // Written whole, then renamed: bin/crossctl.js never sees half a cache.
  writeFileSync(`${file}.tmp`, Buffer.concat([header, data]));
  renameSync(`${file}.tmp`, file);
})();
