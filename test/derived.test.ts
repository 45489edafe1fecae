import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derive } from '../src/derived.js';
import { distDir } from '../src/paths.js';
import { loadTables } from '../src/tables.js';

// sheet and init read what the build derived from the tables; it must be what they would compute themselves.
describe('dist/derived/', () => {
  it('equals a fresh derivation from the tables', () => {
    const fresh = JSON.parse(JSON.stringify(derive(loadTables())));
    for (const part of Object.keys(fresh)) {
      expect(JSON.parse(readFileSync(join(distDir(), 'derived', `${part}.json`), 'utf8')), part).toEqual(fresh[part]);
    }
  });
});
