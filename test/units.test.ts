import { describe, expect, it } from 'vitest';
import { sizeInBytes } from '../src/units.js';

describe('sizeInBytes (docker size syntax, binary units)', () => {
  const cases: [string, number | undefined][] = [
    ['512k', 524288], ['512m', 536870912], ['1.5g', 1610612736], ['2GiB', 2147483648], ['100KiB', 102400],
    ['25M', 26214400], ['4096', 4096], ['100', 100], ['lots', undefined], ['12q', undefined],
  ];
  for (const [text, bytes] of cases) it(text, () => expect(sizeInBytes(text)).toBe(bytes));
});
