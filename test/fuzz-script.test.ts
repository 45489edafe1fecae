// translate --file on generated scripts: container commands (real ones, hostile words, prefixes, xargs, find
// -exec) inside every shell construct the rewriter handles. Properties: no internal error, ever; valid bash stays
// valid bash (checked by bash -n); a rewritten script rewritten again for the same tool is a fixed point; and the
// lines without a container CLI come out byte for byte.
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CrossctlError } from '../src/errors.js';
import { rewriteScript } from '../src/script/rewrite.js';
import { loadTables } from '../src/tables.js';
import { hostileWord } from './support/words.js';

const SEED = Number(process.env.FUZZ_SEED ?? 4242);
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const tables = loadTables();
const work = mkdtempSync(join(tmpdir(), 'crossctl-fuzz-script-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const TARGETS = ['podman', 'nerdctl', 'ctr', 'crictl', 'docker'];
const COMMANDS = [
  'docker ps -a',
  'docker run -d --name web -p 8080:80 -v /srv:/data:ro -e A=1 nginx:1.27',
  'docker run --rm -it alpine sh -c "echo hi"',
  'docker logs --tail 5 -f web',
  'docker exec -it web sh',
  'docker stop -t 5 web',
  'docker rm -f web',
  'docker images -q',
  'docker pull busybox',
  'podman ps --format json',
  'nerdctl images',
  'crictl ps -a',
  'ctr images pull docker.io/library/alpine:latest',
  'docker ps --bogus',
  'docker',
];
const PREFIXES = ['', 'sudo ', 'sudo -u root ', 'env A=1 ', 'command ', 'timeout 10 ', 'nohup ', 'X=1 '];
const word = fc.oneof(
  fc.constantFrom('web', '"$NAME"', '${TAG:-latest}', "'a b'", '$(cat id)', '`cat id`', 'x\\ y', '"$@"', '*.txt', '{a,b}'),
  hostileWord().map((w) => `'${w.replace(/'/g, `'\\''`)}'`),
);
const command = fc
  .tuple(fc.constantFrom(...PREFIXES), fc.constantFrom(...COMMANDS), fc.array(word, { maxLength: 3 }))
  .map(([p, c, extra]) => `${p}${c}${extra.length ? ` ${extra.join(' ')}` : ''}`);
const runner = fc.constantFrom('cat ids | xargs docker rm -f', 'xargs -I{} docker logs {} < ids', 'find . -name id -exec docker rm {} \\;', 'watch docker ps', 'eval "docker ps"');
const plain = fc.constantFrom('echo "docker ps"', 'systemctl restart docker', 'x=1', '# docker ps', 'cd /tmp', 'printf "%s\\n" docker');
/** One statement: a command in one of the constructs, or a line with no container CLI. */
const statement = fc.oneof(
  command,
  runner,
  command.map((c) => `${c} | grep x`),
  fc.tuple(command, command).map(([a, b]) => `${a} && ${b} || true`),
  command.map((c) => `if ${c}; then echo ok; fi`),
  command.map((c) => `for i in 1 2; do\n  ${c}\ndone`),
  command.map((c) => `f() {\n  ${c} >/dev/null 2>&1\n}`),
  command.map((c) => `id=$(${c})`),
  command.map((c) => `case "$1" in\n  up) ${c} ;;\nesac`),
  command.map((c) => `${c} <<'EOF'\ndocker ps inside a here-document\nEOF`),
  command.map((c) => `! ${c} &`),
);
const script = fc.array(fc.oneof(statement.map((text) => ({ text, plain: false })), plain.map((text) => ({ text, plain: true }))), { minLength: 1, maxLength: 6 });

const bashOk = (files: string[]): string[] => {
  // One bash for many files: the names of those it finds invalid.
  const out = execFileSync('bash', ['-c', 'for f in "$@"; do bash -n "$f" 2>/dev/null || echo "$f"; done', 'bash', ...files], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
};

describe('fuzz: translate --file', () => {
  it('never fails inside, keeps bash valid, reaches a fixed point, and keeps the other lines', () => {
    const cases = fc.sample(fc.tuple(script, fc.constantFrom(...TARGETS)), { seed: SEED, numRuns: RUNS });
    const inputs: string[] = [];
    const outputs: string[] = [];
    let changed = 0;
    let reported = 0;
    cases.forEach(([statements, to], n) => {
      const text = `${statements.map((s) => s.text).join('\n')}\n`;
      let r;
      try {
        r = rewriteScript(text, { to, tables, file: 'fuzz.sh' });
      } catch (e) {
        // A bash syntax error is the one error a script may cause (hostile words can unbalance nothing here,
        // so it should not happen either, but it is an answer, not a crash).
        expect(e, text).toBeInstanceOf(CrossctlError);
        return;
      }
      for (const p of r.problems) expect(p.message, text).not.toMatch(/internal error/);
      if (r.changes.length) changed++;
      if (r.problems.length) reported++;
      const again = rewriteScript(r.output, { to, tables, file: 'fuzz.sh' });
      expect(again.output, `${to}:\n${text}\n→\n${r.output}`).toBe(r.output);
      // Statements without a container CLI are kept, byte for byte, on lines of their own.
      const outLines = new Set(r.output.split('\n'));
      for (const s of statements.filter((x) => x.plain)) expect(outLines.has(s.text), `${to}: ${JSON.stringify(s.text)} in\n${text}\n→\n${r.output}`).toBe(true);
      const input = join(work, `in-${n}.sh`);
      const output = join(work, `out-${n}.sh`);
      writeFileSync(input, text);
      writeFileSync(output, r.output);
      inputs.push(input);
      outputs.push(output);
    });
    const badInputs = new Set(bashOk(inputs));
    const badOutputs = bashOk(outputs).filter((f) => !badInputs.has(f.replace('out-', 'in-')));
    expect(badOutputs.map((f) => f.replace(/.*out-/, 'case '))).toEqual([]);
    // The generator reaches both sides: scripts rewritten, and commands left with a reason.
    expect(changed).toBeGreaterThan(cases.length / 4);
    expect(reported).toBeGreaterThan(cases.length / 10);
  });
});
