// Stand-in binaries for exec tests: small /bin/sh scripts in a temp dir put first on PATH. Each records
// its argv (NUL-separated, one record per call) in $CX_LOG, so tests see exactly what was spawned.
import { chmodSync, mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface StandIns {
  dir: string;
  log: string;
  /** PATH with only the stand-ins (plus /usr/bin:/bin for the scripts' own tools unless `only`). */
  env(extra?: Record<string, string>, only?: boolean): NodeJS.ProcessEnv;
  /** Every recorded call: [name, ...args]. */
  calls(): string[][];
  add(name: string, body: string): void;
}

const RECORD = `{ printf '%s\\0' "\${0##*/}"; for a in "$@"; do printf '%s\\0' "$a"; done; printf '\\036'; } >>"$CX_LOG"`;

/** Stand-ins in a new directory under parent (a test's own temp dir, removed with it). */
export function standIns(scripts: Record<string, string> = {}, parent: string = os.tmpdir()): StandIns {
  const dir = mkdtempSync(path.join(parent, 'cx-standin-'));
  const log = path.join(dir, 'calls.log');
  const add = (name: string, body: string): void => {
    const file = path.join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${RECORD}\n${body}\n`);
    chmodSync(file, 0o755);
  };
  for (const [name, body] of Object.entries(scripts)) add(name, body);
  return {
    dir,
    log,
    add,
    env: (extra = {}, only = false) => ({
      ...process.env,
      PATH: only ? dir : `${dir}:/usr/bin:/bin`,
      CX_LOG: log,
      NO_COLOR: '1',
      ...extra,
    }),
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\x1e')
            .filter(Boolean)
            .map((rec) => rec.split('\0').slice(0, -1))
        : [],
  };
}
