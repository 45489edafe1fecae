import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileTables } from '../../src/mappings/compile.js';
import { projectRoot } from '../../src/paths.js';
import type { Tables } from '../../src/tables.js';

/**
 * The sheet's fixture tables (test/fixtures/sheet/*.yaml) compiled alone with the real tools and surfaces, so
 * their assertions hold whatever the shipped mappings grow into.
 */
export function sheetFixtureTables(): Tables {
  const root = projectRoot();
  const dir = mkdtempSync(join(tmpdir(), 'crossctl-sheet-'));
  try {
    for (const f of ['tools.yaml', 'schema.json', 'tools.schema.json']) cpSync(join(root, 'mappings', f), join(dir, f));
    const src = join(root, 'test', 'fixtures', 'sheet');
    for (const f of readdirSync(src)) cpSync(join(src, f), join(dir, f));
    return compileTables({ mappingsDir: dir, surfacesDir: join(root, 'mappings', 'surfaces') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
