import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Source runs from src/ (tests), the bundles from dist/: both find the compiled tables in <root>/dist. The
// CommonJS entry bundle has __dirname, which saves converting its URL at every start.
const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
export const projectRoot = (): string => join(here, '..');
export const distDir = (): string => join(projectRoot(), 'dist');
export const mappingsDir = (): string => join(projectRoot(), 'mappings');
