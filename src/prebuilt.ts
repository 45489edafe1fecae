// What the build derived (src/derived.ts), read by the commands that use it; nothing while user tables are in
// use, and the caller computes it then. Apart from derived.ts so that the bundles reading it do not carry the
// code that computes the other parts.
import { readFileSync } from 'node:fs';
import type { Derived } from './derived.js';
import { distDir } from './paths.js';
import { usingBuiltinTables } from './tables.js';

const read: Partial<Derived> = {};

export function prebuilt<K extends keyof Derived>(part: K): Derived[K] | undefined {
  if (!usingBuiltinTables()) return undefined;
  return (read[part] ??= JSON.parse(readFileSync(`${distDir()}/derived/${part}.json`, 'utf8')) as Derived[K]);
}
