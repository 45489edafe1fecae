import { resolve } from 'node:path';
import type { Draft } from '../render.js';

export const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
export const str = (v: unknown): string | undefined => (v === undefined || v === false ? undefined : String(v));

// Math.random, not node:crypto: an ID only needs to differ from the user's other containers, and loading crypto
// would cost every translation several milliseconds of start-up.
const hex8 = (): string => Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
let idSource = (prefix: string): string => `${prefix}-${hex8()}`;

/** A container name docker would accept, for tools that need an explicit ID where docker invents one. */
export const generatedId = (prefix = 'crossctl'): string => idSource(prefix);

/**
 * Makes generated IDs predictable: for tests, and for the cheat sheet (reproducible docs). Returns the source it
 * replaces, to put back.
 */
export function useIdSource(source: (prefix: string) => string): (prefix: string) => string {
  const previous = idSource;
  idSource = source;
  return previous;
}


export interface BindMount {
  source: string;
  target: string;
  readonly: boolean;
}

/** `-v SRC:DST[:OPTS]` or `--mount type=bind,source=…,target=…,readonly`; null for named volumes and tmpfs. */
export function parseVolume(spec: string): BindMount | { volume: string; target: string } | null {
  const parts = spec.split(':');
  if (parts.length === 1) return null; // anonymous volume
  const [source, target, opts = ''] = parts as [string, string, string?];
  const readonly = opts.split(',').includes('ro');
  if (!source.startsWith('/') && !source.startsWith('.') && !source.startsWith('$') && !source.startsWith('~')) return { volume: source, target };
  return { source: absolute(source), target, readonly };
}

/**
 * docker's CLI makes a relative bind source absolute against the caller's directory; ctr would resolve it against
 * the shim's bundle directory and CRI runtimes refuse it, so plans do what docker does.
 */
const absolute = (source: string): string => (source.startsWith('.') ? resolve(process.cwd(), source) : source);

export function parseMount(spec: string): BindMount | { volume: string; target: string } | null {
  const kv = new Map<string, string>();
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    kv.set(eq < 0 ? part : part.slice(0, eq), eq < 0 ? 'true' : part.slice(eq + 1));
  }
  const type = kv.get('type') ?? 'volume';
  const source = kv.get('source') ?? kv.get('src') ?? '';
  const target = kv.get('target') ?? kv.get('destination') ?? kv.get('dst') ?? '';
  const ro = kv.get('readonly') ?? kv.get('ro');
  if (type === 'bind') return { source: absolute(source), target, readonly: ro !== undefined && ro !== 'false' && ro !== '0' };
  if (type === 'volume') return { volume: source, target };
  return null;
}

/** The draft's flags as words, in the user's order, for plans that add their own. */
export const pushFlag = (d: Draft, ...words: string[]): void => {
  d.flags.push({ order: Number.MAX_SAFE_INTEGER - 2, words });
};

