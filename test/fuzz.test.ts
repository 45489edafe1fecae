import { describe, expect, it } from 'vitest';
import { CrossctlError } from '../src/errors.js';
import { loadTables } from '../src/tables.js';
import { translate } from '../src/translate.js';

const tables = loadTables();
const PROTO_WORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];

describe('words that name Object.prototype members', () => {
  for (const w of PROTO_WORDS) {
    it(`'${w}' as a tool name is an unknown tool (exit 2), not a crash`, () => {
      expect(() => translate(tables, [w, 'ps'])).toThrow(CrossctlError);
      expect(() => translate(tables, [w, 'ps'], { from: w })).toThrow(CrossctlError);
    });
    it(`'${w}' as a value never turns into a function or undefined`, () => {
      for (const argv of [
        ['docker', 'ps', '--format', w],
        ['docker', 'ps', '-f', `status=${w}`],
        ['docker', 'ps', '-f', `${w}=x`],
        ['docker', 'logs', '--tail', w, 'web'],
        ['crictl', 'ps', '--state', w],
      ]) {
        const t = translate(tables, argv);
        const text = JSON.stringify(t);
        expect(text, argv.join(' ')).not.toMatch(/native code|undefined|\[object /);
      }
    });
    it(`'--all=${w}' is refused: a boolean flag takes true or false`, () => {
      expect(() => translate(tables, ['docker', 'ps', `--all=${w}`])).toThrow(/takes true or false/);
    });
  }
});

describe('filters spelt one flag per key', () => {
  it('crictl ps --name web means the name filter, not a raw filter expression', () => {
    const t = translate(tables, 'crictl ps --name web', { to: [{ tool: 'docker' }] });
    expect(t.results[0]!.steps[0]!.argv).toEqual(['docker', 'ps', '--filter', 'name=web']);
  });
});
