/**
 * `rec[key]` only when `rec` has `key` as its own property. Every lookup keyed by user input (a tool name, a
 * flag value, a filter key) goes through this: 'constructor', 'toString' or '__proto__' must never reach
 * Object.prototype.
 */
export function own<T>(rec: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return rec != null && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

export const hasOwn = (rec: object | null | undefined, key: string): boolean => rec != null && Object.hasOwn(rec, key);
