/**
 * A Node built-in that only some paths need, loaded when first asked for. A top-level import is loaded at the
 * start of every command in the bundle: node:module alone brings in the ES module loader.
 */
export function builtin<T>(id: string): T {
  return (process.getBuiltinModule?.(id) ?? require(id)) as T;
}
