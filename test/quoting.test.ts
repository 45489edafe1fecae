import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lex } from '../src/lex.js';
import { quoteArgv, quoteWord } from '../src/quote.js';
import type { Translation } from '../src/result.js';
import { loadTables, type ToolSpelling } from '../src/tables.js';
import { emptyConfigHome, runCli } from './support/run-cli.js';
import { hostileWord, valueWord } from './support/words.js';

// What crossctl prints must paste into a real shell and give exactly the argv of its JSON plan, whatever the
// words hold: quotes, $, backticks, backslashes, !, globs, ~, #, newlines, control characters, unicode.

const SEED = Number(process.env.FUZZ_SEED ?? 20240917);
const tables = loadTables();
const tools = Object.keys(tables.tools);
let cwd: string;
let config: string;
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'crossctl-quoting-'));
  config = emptyConfigHome();
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/**
 * Runs `text` in bash with every container CLI replaced by a recorder: each call appends its argv to a file,
 * NUL-separated and count-prefixed, and prints CAPTURED (the value a `$(…)` look-up gets). `cat` records what
 * a here-document fed it. Interactive mode, reading the text on stdin, is what pasting does: history
 * expansion (`!`) is on there.
 */
function recordInBash(text: string, interactive: boolean): string[][] {
  const rec = join(cwd, 'records');
  const stubs = [
    `__rec() { printf '%s\\0' "$#" "$@" >>${quoteWord(rec)}; }`,
    ...tools.map((t) => `${t}() { __rec ${t} "$@"; echo CAPTURED; }`),
    `cat() { local c; c=$(command cat; printf x); __rec cat "\${c%x}"; }`,
    `: >${quoteWord(rec)}`,
  ].join('\n');
  const r = interactive
    ? spawnSync('bash', ['--norc', '--noprofile', '--noediting', '-i'], { cwd, input: `${stubs}\n${text}\nexit\n`, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: cwd, TERM: 'dumb' } })
    : spawnSync('bash', ['--norc', '--noprofile', '-c', `${stubs}\n${text}`], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: cwd } });
  if (r.status !== 0) throw new Error(`bash exited ${r.status}: ${r.stderr}`);
  const fields = readFileSync(rec, 'utf8').split('\0');
  const records: string[][] = [];
  for (let i = 0; i + 1 < fields.length; ) {
    const n = Number(fields[i]);
    records.push(fields.slice(i + 1, i + 1 + n));
    i += n + 1;
  }
  const noise = interactive ? r.stderr.split('\n').filter((l) => /event not found|syntax error|unexpected/.test(l)) : [];
  if (noise.length) throw new Error(`bash complained: ${noise.join('; ')}`);
  return records;
}

/** What the recorder must see for a translation: every step of every target that could express it. */
function expectedRecords(t: Translation): string[][] {
  const out: string[][] = [];
  for (const r of t.results) {
    if (r.status === 'unsupported') continue;
    for (const f of r.files) out.push(['cat', f.content.endsWith('\n') ? f.content : `${f.content}\n`]);
    const captures = r.steps.flatMap((s) => (s.capture ? [s.capture] : []));
    for (const s of r.steps) {
      out.push(s.argv.map((w) => captures.reduce((acc, c) => acc.split(`\${${c}}`).join('CAPTURED'), w)));
    }
  }
  return out;
}

type Command = Extract<ToolSpelling, { kind: 'command' }>;

/** Random commands every table can parse: a concept's command, its flags with hostile values, hostile arguments. */
const commandArb: fc.Arbitrary<string[]> = fc.constantFrom(
  ...Object.values(tables.concepts).flatMap((c) =>
    Object.entries(c.tools)
      .filter((e): e is [string, Command] => e[1].kind === 'command')
      .map(([tool, s]) => ({ tool, s, c })),
  ),
).chain(({ tool, s, c }) => {
  const flagArbs = Object.entries(s.options).flatMap(([name, o]) => {
    if (o.kind !== 'flag') return [];
    const type = c.options[name]!.type;
    const long = `--${o.flag.long}`;
    const spell = fc.constantFrom(...(o.flag.short ? [long, `-${o.flag.short}`] : [long]));
    if (type === 'bool') return o.values ? [] : [spell.map((f) => [f])];
    const value = type === 'filter' ? fc.oneof(valueWord, valueWord.map((v) => `name=${v}`)) : valueWord;
    return [fc.tuple(spell, value, fc.boolean()).map(([f, v, glued]) => (glued && f.startsWith('--') ? [`${f}=${v}`] : [f, v]))];
  });
  const argArbs = s.args.map((name) => {
    const def = c.args.find((a) => a.name === name);
    if (def?.variadic) return fc.array(valueWord, { minLength: def.optional ? 0 : 1, maxLength: 3 });
    if (!def || def.optional) return fc.array(valueWord, { maxLength: 1 });
    return valueWord.map((v) => [v]);
  });
  const flagsArb = fc.subarray(flagArbs).chain((chosen) => (chosen.length ? fc.tuple(...chosen) : fc.constant([]))) as fc.Arbitrary<string[][]>;
  return fc
    .tuple(flagsArb, fc.tuple(...argArbs))
    .map(([flags, args]) => {
      const positionals = args.flat();
      return [tool, ...s.commands[0]!.path, ...flags.flat(), ...(positionals.some((p) => p.startsWith('-')) ? ['--'] : []), ...positionals];
    });
});

describe('quoting', () => {
  it('quoteArgv then lex gives back the argv', () => {
    fc.assert(
      fc.property(fc.array(hostileWord(40), { maxLength: 8 }), (argv) => {
        const lexed = lex(quoteArgv(argv));
        expect(lexed.redirects).toEqual([]);
        expect(lexed.words).toEqual(argv);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('quoteArgv pasted into bash gives back the argv', () => {
    const argvs = fc.sample(fc.array(hostileWord(30), { minLength: 1, maxLength: 6 }), { seed: SEED, numRuns: 150 });
    // One bash for all of them: each line is a call of the recorder.
    const text = argvs.map((argv) => `docker ${quoteArgv(argv)}`).join('\n');
    expect(recordInBash(text, false)).toEqual(argvs.map((argv) => ['docker', ...argv]));
    expect(recordInBash(text, true)).toEqual(argvs.map((argv) => ['docker', ...argv]));
  });

  it('every translation pasted into bash runs exactly the argv of its JSON plan', async () => {
    const cases = fc.sample(commandArb, { seed: SEED, numRuns: 120 });
    let translated = 0;
    const batch: { text: string; want: string[][]; argv: string[] }[] = [];
    for (const argv of cases) {
      const json = await runCli(['translate', '--json', '--', ...argv], { XDG_CONFIG_HOME: config });
      const human = await runCli(['translate', '--', ...argv], { XDG_CONFIG_HOME: config });
      expect(human.code, argv.join(' ')).toBe(json.code);
      if (json.code === 2) continue;
      translated++;
      batch.push({ text: human.stdout, want: expectedRecords(JSON.parse(json.stdout) as Translation), argv });
    }
    expect(translated).toBeGreaterThan(cases.length * 0.6);
    // All outputs in one bash each way, then split per case by counting records.
    for (const interactive of [false, true]) {
      let got: string[][];
      try {
        got = recordInBash(batch.map((b) => b.text).join('\n'), interactive);
      } catch (e) {
        // Find the case bash could not take, for a readable failure.
        for (const b of batch) expect(() => recordInBash(b.text, interactive), `${JSON.stringify(b.argv)}\n${b.text}`).not.toThrow();
        throw e;
      }
      let at = 0;
      for (const b of batch) {
        expect(got.slice(at, at + b.want.length), `${JSON.stringify(b.argv)}\n${b.text}`).toEqual(b.want);
        at += b.want.length;
      }
      expect(at).toBe(got.length);
    }
  });

  it('lex splits a command line into the words bash does', () => {
    // Lines of quotes, backslashes, comments, continuations, $'…' and blanks; no expansions, globbing off.
    const piece = fc.constantFrom("'", '"', '\\', '#', ' ', '\t', '\n', '\\\n', "$'", '\\n', '\\x41', "\\'", 'a', 'b', '-', '=', '!', '?', '*', 'é', '😀', '\u0002'); // not \u0001: bash's internal escape byte (CTLESC) shows through in $'\\<^A>'
    const lines = fc.sample(fc.array(piece, { maxLength: 14 }).map((p) => p.join('')), { seed: SEED, numRuns: 400 });
    const rec = join(cwd, 'lexrec');
    const script = [
      'set -f +B',
      `__rec() { printf '%s\\0' "$#" "$@" >>${quoteWord(rec)}; }`,
      `: >${quoteWord(rec)}`,
      'for l in "$@"; do __rec __LINE__; eval "__rec $l" 2>/dev/null || __rec __FAILED__; done',
    ].join('\n');
    // Leading blanks and comment lines go: `__rec` is put in front of the command's first word.
    const bodies = lines.map((l) => l.replace(/^(?:[ \t\n]|\\\n|#[^\n]*(?:\n|$))*/, ''));
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script, 'bash', ...bodies], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: cwd } });
    expect(r.status).toBe(0);
    const fields = readFileSync(rec, 'utf8').split('\0');
    const perLine: string[][][] = [];
    for (let i = 0; i + 1 < fields.length; ) {
      const n = Number(fields[i]);
      const record = fields.slice(i + 1, i + 1 + n);
      if (record.length === 1 && record[0] === '__LINE__') perLine.push([]);
      else perLine.at(-1)!.push(record);
      i += n + 1;
    }
    expect(perLine.length).toBe(lines.length);
    let compared = 0;
    lines.forEach((line, k) => {
      let words: string[];
      try {
        words = lex(line).words;
      } catch {
        return; // lex may refuse more than bash does (a trailing backslash, a second command)
      }
      compared++;
      expect(perLine[k], JSON.stringify(line)).toEqual([words]);
    });
    expect(compared).toBeGreaterThan(lines.length / 4);
  });

  it('names with regex and replacement characters become look-ups that match exactly that name', async () => {
    for (const name of ['web', 'a.b', 'a$&b', "a$'b", 'a$1b', '^x$', 'a[b]c', 'a\\b', 'x*y+z?', '(a|b)', '{1}', '${ID}']) {
      const r = await runCli(['translate', '--to', 'crictl', '--json', '--', 'docker', 'logs', name], { XDG_CONFIG_HOME: config });
      const t = JSON.parse(r.stdout) as Translation;
      const lookup = t.results[0]!.steps.find((s) => s.capture)!;
      const pattern = lookup.argv[lookup.argv.indexOf('--name') + 1]!;
      expect(new RegExp(pattern).test(name), `${name} → ${pattern}`).toBe(true);
      expect(new RegExp(pattern).test(`${name}x`), `${name} → ${pattern}`).toBe(false);
      // The user's literal ${ID} stays literal: the capture takes another name.
      const main = t.results[0]!.steps.at(-1)!;
      expect(main.argv.at(-1)).toBe(`\${${lookup.capture}}`);
    }
  });
});
