import { randomBytes } from 'node:crypto';
import type { Draft } from '../render.js';

export const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
export const str = (v: unknown): string | undefined => (v === undefined || v === false ? undefined : String(v));

/** A container name docker would accept, for tools that need an explicit ID where docker invents one. */
export const generatedId = (prefix = 'crossctl'): string => `${prefix}-${randomBytes(4).toString('hex')}`;

/** docker's size strings (512m, 1g, 1024k, 100) in bytes. */
export function bytes(size: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgt]?)b?$/i.exec(size.trim());
  if (!m) return undefined;
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'b' | 'k' | 'm' | 'g' | 't'];
  return Math.round(Number(m[1]) * unit);
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
  return { source, target, readonly };
}

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
  if (type === 'bind') return { source, target, readonly: ro !== undefined && ro !== 'false' && ro !== '0' };
  if (type === 'volume') return { volume: source, target };
  return null;
}

/** The draft's flags as words, in the user's order, for plans that add their own. */
export const pushFlag = (d: Draft, ...words: string[]): void => {
  d.flags.push({ order: Number.MAX_SAFE_INTEGER - 2, words });
};

export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
