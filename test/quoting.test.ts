import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lex } from '../src/lex.js';
import { useIdSource } from '../src/plans/util.js';
import { quoteArgv, quoteWord } from '../src/quote.js';
import type { Probe, Step, Translation } from '../src/result.js';
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

interface Recorded {
  /** Every call of a container CLI (and of cat, with what a here-document fed it), in order. */
  tools: string[][];
  /** The arguments of every grep a probe ran. */
  greps: string[][];
}

const readRecords = (file: string): string[][] => {
  const fields = readFileSync(file, 'utf8').split('\0');
  const records: string[][] = [];
  for (let i = 0; i + 1 < fields.length; ) {
    const n = Number(fields[i]);
    records.push(fields.slice(i + 1, i + 1 + n));
    i += n + 1;
  }
  return records;
};

/**
 * Runs `text` in bash with every container CLI replaced by a recorder: each call appends its argv to a file,
 * NUL-separated and count-prefixed, and prints CAPTURED (the value a `$(…)` look-up gets). `cat` records what
 * a here-document fed it; `grep` (the probes' matcher) records its arguments and matches or not as told; `seq`
 * gives one round and `sleep` returns at once, so a grace-period loop runs its probe once. Interactive mode,
 * reading the text on stdin, is what pasting does: history expansion (`!`) is on there.
 */
function recordInBash(text: string, interactive: boolean, probesMatch = false): Recorded {
  const rec = join(cwd, 'records');
  const greps = join(cwd, 'greps');
  const stubs = [
    `__rec() { printf '%s\\0' "$#" "$@" >>${quoteWord(rec)}; }`,
    ...tools.map((t) => `${t}() { __rec ${t} "$@"; echo CAPTURED; }`),
    `cat() { local c; c=$(command cat; printf x); __rec cat "\${c%x}"; }`,
    `grep() { printf '%s\\0' "$#" "$@" >>${quoteWord(greps)}; command cat >/dev/null; return ${probesMatch ? 0 : 1}; }`,
    'seq() { echo 1; }',
    'sleep() { :; }',
    `: >${quoteWord(rec)}; : >${quoteWord(greps)}`,
  ].join('\n');
  const r = interactive
    ? spawnSync('bash', ['--norc', '--noprofile', '--noediting', '-i'], { cwd, input: `${stubs}\n${text}\nexit\n`, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: cwd, TERM: 'dumb' } })
    : spawnSync('bash', ['--norc', '--noprofile', '-c', `${stubs}\n${text}`], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: cwd } });
  if (r.status !== 0) throw new Error(`bash exited ${r.status}: ${r.stderr}`);
  const noise = interactive ? r.stderr.split('\n').filter((l) => /event not found|syntax error|unexpected/.test(l)) : [];
  if (noise.length) throw new Error(`bash complained: ${noise.join('; ')}`);
  return { tools: readRecords(rec), greps: readRecords(greps) };
}

const CAPTURE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * What the recorder must see for a translation, from its JSON plan alone: every step of every target that
 * could express it, in the order bash runs them. A look-up used by exactly one step, once, as a whole word runs
 * inside that step ("$(…)"), so after its probes and only when it runs; any other look-up runs where it stands.
 */
function expectedRecords(t: Translation, probesMatch = false): Recorded {
  const out: Recorded = { tools: [], greps: [] };
  for (const r of t.results) {
    if (r.status === 'unsupported') continue;
    for (const f of r.files) out.tools.push(['cat', f.content.endsWith('\n') ? f.content : `${f.content}\n`]);
    const byName = new Map(r.steps.flatMap((s) => (s.capture ? [[s.capture, s] as const] : [])));
    const users = (name: string): { step: Step; all: number; whole: number }[] =>
      r.steps
        .filter((s) => s.capture !== name)
        .map((step) => ({
          step,
          all: step.argv.reduce((n, w) => n + [...w.matchAll(CAPTURE)].filter((m) => m[1] === name).length, 0),
          whole: step.argv.filter((w) => w === `\${${name}}`).length,
        }))
        .filter((u) => u.all > 0);
    const inline = (s: Step): boolean => {
      if (!s.capture) return false;
      const u = users(s.capture);
      return u.length === 1 && u[0]!.all === 1 && u[0]!.whole === 1;
    };
    const sub = (w: string): string => w.replace(CAPTURE, (m, name: string) => (byName.has(name) ? 'CAPTURED' : m));
    const run = (s: Step): void => {
      for (const w of s.argv) for (const m of w.matchAll(CAPTURE)) if (byName.has(m[1]!) && inline(byName.get(m[1]!)!)) run(byName.get(m[1]!)!);
      out.tools.push(s.argv.map(sub));
    };
    const probe = (p: Probe): void => {
      out.tools.push(p.argv);
      out.greps.push(['-Eq', p.matches]);
    };
    for (const s of r.steps) {
      if (inline(s)) continue;
      if (s.capture) run(s);
      else if (s.when) {
        if (s.waitSeconds) probe(s.when);
        probe(s.when);
        if (probesMatch) run(s);
      } else if (s.unless) {
        probe(s.unless);
        if (!probesMatch) run(s);
      } else run(s);
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
        // Nothing in quoted words is left for a shell to expand.
        expect(lexed.expansions).toEqual([]);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('quoteArgv pasted into bash gives back the argv', () => {
    const argvs = fc.sample(fc.array(hostileWord(30), { minLength: 1, maxLength: 6 }), { seed: SEED, numRuns: 150 });
    // One bash for all of them: each line is a call of the recorder.
    const text = argvs.map((argv) => `docker ${quoteArgv(argv)}`).join('\n');
    expect(recordInBash(text, false).tools).toEqual(argvs.map((argv) => ['docker', ...argv]));
    expect(recordInBash(text, true).tools).toEqual(argvs.map((argv) => ['docker', ...argv]));
  });

  it('every translation pasted into bash runs exactly the argv of its JSON plan', async () => {
    const cases = fc.sample(commandArb, { seed: SEED, numRuns: 120 });
    let translated = 0;
    const batch: { text: string; t: Translation; argv: string[] }[] = [];
    for (const argv of cases) {
      // The same generated IDs (ctr and crictl container names) in both runs.
      let n = 0;
      const ids = (prefix: string): string => `${prefix}-${++n}`;
      const previous = useIdSource(ids);
      const json = await runCli(['translate', '--json', '--', ...argv], { XDG_CONFIG_HOME: config });
      n = 0;
      const human = await runCli(['translate', '--', ...argv], { XDG_CONFIG_HOME: config });
      useIdSource(previous);
      expect(human.code, argv.join(' ')).toBe(json.code);
      if (json.code === 2) continue;
      translated++;
      batch.push({ text: human.stdout, t: JSON.parse(json.stdout) as Translation, argv });
    }
    expect(translated).toBeGreaterThan(cases.length * 0.6);
    // All outputs in one bash each way (probes failing, probes matching, interactive), then split per case.
    for (const [interactive, probesMatch] of [[false, false], [false, true], [true, false]] as const) {
      let got: Recorded;
      try {
        got = recordInBash(batch.map((b) => b.text).join('\n'), interactive, probesMatch);
      } catch (e) {
        // Find the case bash could not take, for a readable failure.
        for (const b of batch) expect(() => recordInBash(b.text, interactive, probesMatch), `${JSON.stringify(b.argv)}\n${b.text}`).not.toThrow();
        throw e;
      }
      const at = { tools: 0, greps: 0 };
      for (const b of batch) {
        const want = expectedRecords(b.t, probesMatch);
        const where = `${interactive ? 'interactive, ' : ''}probes ${probesMatch ? 'matching' : 'failing'}: ${JSON.stringify(b.argv)}\n${b.text}`;
        expect(got.tools.slice(at.tools, at.tools + want.tools.length), where).toEqual(want.tools);
        expect(got.greps.slice(at.greps, at.greps + want.greps.length), where).toEqual(want.greps);
        at.tools += want.tools.length;
        at.greps += want.greps.length;
      }
      expect(at).toEqual({ tools: got.tools.length, greps: got.greps.length });
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

describe('shell expansions in a command given as one string', () => {
  // crossctl runs no shell: "$PWD" in a quoted command is literal text in the words, said once on stderr.
  const line = 'docker run --rm -v "$PWD":/app -e "HOME=$HOME" alpine ls /app';

  it('are literal in the words, with one warning saying how to have them expanded', async () => {
    const r = await runCli(['translate', '--to', 'podman,nerdctl', line], { XDG_CONFIG_HOME: config });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`podman run --rm -v '$PWD:/app' -e 'HOME=$HOME'`);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('shell syntax'));
    expect(warnings).toEqual([
      'crossctl: warning: $PWD, $HOME in the quoted command are shell syntax that crossctl does not expand: the translation carries them as literal text; to have your shell expand them, give the command as words after --: crossctl translate -- docker …',
    ]);
  });

  it('are listed in the JSON, and absent when there are none', async () => {
    const json = JSON.parse((await runCli(['translate', '--json', '--to', 'podman', line], { XDG_CONFIG_HOME: config })).stdout);
    expect(json.expansions).toEqual(['$PWD', '$HOME']);
    expect(json.input).toContain('$PWD:/app');
    const words = JSON.parse((await runCli(['translate', '--json', '--to', 'podman', '--', 'docker', 'run', '-v', '$PWD:/app', 'alpine'], { XDG_CONFIG_HOME: config })).stdout);
    expect(words.expansions).toBeUndefined();
  });
});
