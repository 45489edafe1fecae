// Data read from dist/ on first use, for the start-up: the tables (tables.ts) and the tools' surfaces (surface.ts).
import { readFileSync } from 'node:fs';

export const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/**
 * A record of these keys whose values are read on first use. A Proxy, not a getter per key: a getter is a
 * closure and an accessor each, and the tables have a concept per key. Plain objects in every other respect
 * (Object.keys, entries, hasOwn, spread); structuredClone refuses it (see plainTables in tables.ts).
 */
export function lazyRecord<T>(keys: string[], read: (key: string) => T): Record<string, T> {
  const known = new Set(keys);
  const values = new Map<string, T>();
  const get = (key: string): T => {
    let v = values.get(key);
    if (v === undefined) values.set(key, (v = read(key)));
    return v;
  };
  return new Proxy({} as Record<string, T>, {
    get: (target, key) => (typeof key === 'string' && known.has(key) ? get(key) : Reflect.get(target, key)),
    has: (target, key) => (typeof key === 'string' && known.has(key)) || Reflect.has(target, key),
    ownKeys: () => keys,
    getOwnPropertyDescriptor: (_target, key) =>
      typeof key === 'string' && known.has(key) ? { get: () => get(key), enumerable: true, configurable: true } : undefined,
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/** Defines obj[key] as read() on first use, then as that value. */
export function lazy(obj: object, key: string, read: () => unknown): void {
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = read();
      Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}
