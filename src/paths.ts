import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Source runs from src/ (tests), the bundle from dist/: both find the compiled tables in <root>/dist.
const here = dirname(fileURLToPath(import.meta.url));
export const projectRoot = (): string => join(here, '..');
export const distDir = (): string => join(projectRoot(), 'dist');
export const mappingsDir = (): string => join(projectRoot(), 'mappings');
