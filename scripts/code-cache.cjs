// Writes dist/<bundle>.cache for the bundles bin/crossctl.js compiles with a code cache (run by
// scripts/build.mjs, after the bundles and tables): loads them the way bin/crossctl.js does, runs typical commands
// so that V8 compiles the functions they call, and saves each script's V8 code cache after the header that
// bin/crossctl.js checks (cacheHeader: build ID, Node binary, length). The build runs it in a child process with
// stdout ignored and an empty configuration directory, so that user tables on the build machine play no part.
'use strict';
const { renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { load, loaded, CACHED, cacheHeader } = require('../bin/crossctl.js');

// Everyday translations between docker, podman and nerdctl, one run to every tool (the ctr and crictl plans),
// and the init and sheet calls of a shell start-up file or a quick look. Measured for translate: a cache of these
// beats both a cache of every path (errors, JSON, …: a larger cache is read whole at every start) and one of a
// single command.
const WARM_UP = [
  ['translate', '--to', 'podman', '--', 'docker', 'run', '-d', '--name', 'web', '-p', '8080:80', '-v', '/srv:/usr/share/nginx/html:ro', '-e', 'A=1', 'nginx:1.27'],
  ['translate', '--to', 'nerdctl', 'docker ps -a --filter status=exited'],
  ['translate', '--to', 'docker', '--', 'podman', 'logs', '-f', '--tail', '50', 'web'],
  ['translate', '--to', 'podman', '--', 'docker', 'exec', '-it', 'web', 'sh'],
  ['docker', 'run', '--rm', '-it', '--name', 'job', '-v', '/srv:/data', 'alpine', 'sh'],
  ['init', 'bash', '--to', 'nerdctl'],
  ['init', 'zsh', '--to', 'podman'],
  ['sheet', '--format', 'markdown'],
  ['sheet', 'containers'],
];

(async () => {
  for (const argv of WARM_UP) await load('main.cjs').run(argv);
  for (const name of CACHED) {
    const bundle = loaded.get(name);
    if (!bundle) throw new Error(`the warm-up never loaded ${name}`);
    const data = bundle.script.createCachedData();
    const header = cacheHeader(bundle.source, data.length);
    if (!header) throw new Error(`${name} ends without a build ID`);
    const file = join(__dirname, '..', 'dist', `${name}.cache`);
    // Written whole, then renamed: bin/crossctl.js never sees half a cache.
    writeFileSync(`${file}.tmp`, Buffer.concat([Buffer.from(header, 'latin1'), data]));
    renameSync(`${file}.tmp`, file);
  }
})();
