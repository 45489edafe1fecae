/** A size as docker reads it (go-units RAMInBytes: 512m, 1.5g, 100kb, 2GiB; binary units) in bytes; undefined when it is not one. */
export function sizeInBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i.exec(text.trim());
  if (!m) return undefined;
  const power = m[2] ? 'kmgtp'.indexOf(m[2].toLowerCase()) + 1 : 0;
  return Math.floor(Number(m[1]) * 1024 ** power);
}
