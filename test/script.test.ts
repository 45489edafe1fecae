// translate --file: whole shell scripts. The rewriter is checked on its text (only the container command words
// change), on bash's own parser (`bash -n`), and by running the result with recording stand-ins for the tools.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CrossctlError, EXIT } from '../src/errors.js';
import { projectRoot } from '../src/paths.js';
import type { Step, Translation } from '../src/result.js';
import { rewriteScript, type RewriteOptions } from '../src/script/rewrite.js';
import { loadTables } from '../src/tables.js';
import { haveCorpus, inCI, loadCorpus, sharedMissingMessage } from './support/corpus.js';
import { benchScript } from './support/script-bench.js';

const tables = loadTables();
const work = mkdtempSync(join(tmpdir(), 'crossctl-script-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const bin = join(projectRoot(), 'bin', 'crossctl.js');

const rewrite = (text: string, to = 'nerdctl', extra: Partial<RewriteOptions> = {}) => rewriteScript(text, { to, tables, file: 'test.sh', ...extra });

/** bash -n: the text is valid bash. */
function bashSyntaxOk(text: string, name = 'syntax.sh'): void {
  const file = join(work, name);
  writeFileSync(file, text);
  execFileSync('bash', ['-n', file], { stdio: 'pipe' });
}

const SEP = '--crossctl-end--';

/**
 * A directory of stand-ins: each tool appends its name and argv, one line each, then a separator, to $LOG; `ps
 * -q` prints an ID and `logs` a line, so that pipelines and substitutions have something to work on.
 */
function standIns(tools: string[]): string {
  const dir = mkdtempSync(join(work, 'bin-'));
  for (const tool of tools) {
    writeFileSync(
      join(dir, tool),
      `#!/bin/sh
{ echo ${tool}; for a in "$@"; do echo "$a"; done; echo ${SEP}; } >> "$LOG"
case " $* " in
  *" ps "*" -q "*|*" ps -q "*) echo cid1 ;;
  *" logs "*) echo "log of $*" ;;
esac
exit 0
`,
    );
    chmodSync(join(dir, tool), 0o755);
  }
  writeFileSync(join(dir, 'sudo'), '#!/bin/sh\nexec "$@"\n');
  chmodSync(join(dir, 'sudo'), 0o755);
  return dir;
}

/** Runs a script with stand-ins on PATH; returns the recorded calls and the script's stdout. */
function runWith(script: string, tools: string[], args: string[] = []): { calls: string[][]; stdout: string } {
  const dir = mkdtempSync(join(work, 'run-'));
  const file = join(dir, 'script.sh');
  const log = join(dir, 'calls.log');
  writeFileSync(file, script);
  writeFileSync(join(dir, 'name.txt'), 'from-file\n');
  writeFileSync(log, '');
  const stdout = execFileSync('bash', [file, ...args], {
    cwd: dir,
    env: { PATH: `${standIns(tools)}:${process.env.PATH}`, LOG: log, WORK: dir, HOME: dir },
    encoding: 'utf8',
  });
  const calls: string[][] = [];
  let cur: string[] = [];
  for (const line of readFileSync(log, 'utf8').split('\n').slice(0, -1)) {
    if (line === SEP) {
      calls.push(cur);
      cur = [];
    } else cur.push(line);
  }
  return { calls, stdout };
}

// Every construct, with @D@ where a container command word is: docker in the input, nerdctl in the expected
// output. Everything else, including the docker words in comments, strings, the here-document and the unmapped
// `docker swarm init`, must come out byte for byte.
const CONSTRUCTS = `#!/bin/bash
# Deploy script: docker ps in a comment stays, and so does "docker logs" in a string.
set -u
NAME=web
N=5
echo "docker ps -a is only mentioned here" >/dev/null
printf '%s\\n' 'docker logs web' >/dev/null

@D@ ps -a
@D@ ps -q -f name=x | wc -l >/dev/null
@D@ ps -a && @D@ logs --tail 5 web || echo failed
ID=$(@D@ ps -q -f name=x)
OLD=\`@D@ ps -a\`
@D@ logs --tail "$N" "$NAME"
@D@ logs --tail 5 "\${TAG:-latest}"
@D@ logs --tail 5 "$(cat "$WORK/name.txt")"
@D@ logs \\
  --tail 5 \\
    web
sudo @D@ ps -a
env X=1 @D@ ps -q -f name=x
command @D@ logs --tail 5 web
	@D@ ps -q -f name=tabbed   # trailing comment: docker ps

deploy() {
  local c=$1
  @D@ logs --tail 5 "$c"
}
deploy api

if @D@ ps -q -f name=x | grep -q .; then
  @D@ logs --tail 5 "$ID"
else
  echo "no container: docker ps found nothing"
fi

for c in a b; do
  @D@ logs --tail 5 "$c"
done

i=0
while [ "$i" -lt 2 ]; do
  @D@ ps -q -f name=x >/dev/null
  i=$((i + 1))
done

case "\${1:-up}" in
  up) @D@ ps -a ;;
  down) @D@ logs --tail 5 web ;;
esac

cat <<EOF >/dev/null
docker ps -a stays in the here-document
$(@D@ ps -q -f name=x)
EOF

docker swarm init || true
`;

const input = CONSTRUCTS.replaceAll('@D@', 'docker');
const expected = CONSTRUCTS.replaceAll('@D@', 'nerdctl');
const swarmLine = input.split('\n').findIndex((l) => l.startsWith('docker swarm init')) + 1;

describe('rewriteScript: every construct, to nerdctl', () => {
  const r = rewrite(input);

  it('changes exactly the container command words', () => {
    expect(r.output).toBe(expected);
  });

  it('counts every change and reports the unmapped command with its position', () => {
    expect(r.changes).toHaveLength(CONSTRUCTS.split('@D@').length - 1);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: swarmLine, col: 1, command: 'docker swarm init' });
    expect(r.problems[0]!.message).toMatch(/not translated to nerdctl: .*swarm/);
  });

  it('gives positions of the command words', () => {
    const deployLine = input.split('\n').findIndex((l) => l.includes('logs --tail 5 "$c"')) + 1;
    expect(r.changes.find((c) => c.line === deployLine)).toMatchObject({ col: 3, old: 'docker logs --tail 5 "$c"', new: 'nerdctl logs --tail 5 "$c"' });
  });

  it('passes bash -n', () => bashSyntaxOk(r.output));

  it('runs the same commands under the new tool', () => {
    const before = runWith(input, ['docker']);
    const after = runWith(r.output, ['docker', 'nerdctl']);
    expect(after.calls).toEqual(before.calls.map((c) => (c[1] === 'swarm' ? c : ['nerdctl', ...c.slice(1)])));
    const n = (...args: string[]): string[] => ['nerdctl', ...args];
    expect(after.calls).toEqual([
      n('ps', '-a'),
      n('ps', '-q', '-f', 'name=x'),
      n('ps', '-a'),
      n('logs', '--tail', '5', 'web'),
      n('ps', '-q', '-f', 'name=x'),
      n('ps', '-a'),
      n('logs', '--tail', '5', 'web'),
      n('logs', '--tail', '5', 'latest'),
      n('logs', '--tail', '5', 'from-file'),
      n('logs', '--tail', '5', 'web'),
      n('ps', '-a'),
      n('ps', '-q', '-f', 'name=x'),
      n('logs', '--tail', '5', 'web'),
      n('ps', '-q', '-f', 'name=tabbed'),
      n('logs', '--tail', '5', 'api'),
      n('ps', '-q', '-f', 'name=x'),
      n('logs', '--tail', '5', 'cid1'),
      n('logs', '--tail', '5', 'a'),
      n('logs', '--tail', '5', 'b'),
      n('ps', '-q', '-f', 'name=x'),
      n('ps', '-q', '-f', 'name=x'),
      n('ps', '-a'),
      n('ps', '-q', '-f', 'name=x'),
      ['docker', 'swarm', 'init'],
    ]);
  });

  it('annotates what it left as it was, above the line', () => {
    const a = rewrite(input, 'nerdctl', { annotate: true });
    const lines = a.output.split('\n');
    expect(lines[swarmLine - 1]).toMatch(/^# crossctl: not translated to nerdctl: .*swarm/);
    expect(lines[swarmLine]).toBe('docker swarm init || true');
    expect(a.output.replace(/^# crossctl: .*\n/m, '')).toBe(expected);
    bashSyntaxOk(a.output);
  });

  it('annotates above the line where a statement list puts the command', () => {
    const a = rewrite('f() {\n  x\n}; docker swarm init\necho "a\nb"; docker swarm leave\n', 'nerdctl', { annotate: true });
    const lines = a.output.split('\n');
    expect(lines[0]).toMatch(/^# crossctl: .*swarm init/);
    expect(lines[4]).toMatch(/^# crossctl: .*swarm leave/);
    expect(lines[5]).toBe('echo "a');
    bashSyntaxOk(a.output);
  });

  it('does not annotate twice', () => {
    const once = rewrite(input, 'nerdctl', { annotate: true }).output;
    expect(rewrite(once, 'nerdctl', { annotate: true }).output).toBe(once);
    const two = rewrite('docker swarm init; docker swarm leave\n', 'nerdctl', { annotate: true }).output;
    expect(two.split('\n').filter((l) => l.startsWith('# crossctl: '))).toHaveLength(2);
    expect(rewrite(two, 'nerdctl', { annotate: true }).output).toBe(two);
  });

  it('annotates with the indentation of the statement, above the statement that begins the line', () => {
    const a = rewrite('if true; then\n    docker ps -a && docker swarm init\nfi\n', 'nerdctl', { annotate: true });
    expect(a.output).toBe('if true; then\n    # crossctl: not translated to nerdctl: ' + a.problems[0]!.message.replace(/^not translated to nerdctl: /, '') + '\n    nerdctl ps -a && docker swarm init\nfi\n');
  });
});

describe('rewriteScript: words and expansions', () => {
  it('keeps words with expansions live, as written', () => {
    const r = rewrite('docker logs --tail "${N:-5}" "$(cat name.txt)"\ndocker ps -f name=$N -f "name=${X:-y}"\n', 'podman');
    expect(r.output).toBe('podman logs --tail "${N:-5}" "$(cat name.txt)"\npodman ps -f name=$N -f "name=${X:-y}"\n');
  });

  it('keeps an expansion live inside a longer word, in double quotes, with a warning', () => {
    const r = rewrite('docker logs --tail 5 "$C"\n', 'crictl');
    expect(r.output).toBe('crictl logs --tail 5 "$(crictl ps -a -q --name "^$C\\$")"\n');
    expect(r.changes[0]!.warnings.join('\n')).toMatch(/regular expression/);
    bashSyntaxOk(r.output);
  });

  it('keeps an expansion split off a longer word without a warning', () => {
    const r = rewrite('docker ps --filter=name=$N\n', 'podman');
    expect(r.output).toBe('podman ps --filter "name=$N"\n');
    expect(r.changes[0]!.warnings).toEqual([]);
  });

  it('braces $NAME when a name character follows it', () => {
    const r = rewrite('docker ps -f name=$N\n', 'crictl');
    expect(r.output).toBe('crictl ps --name "^$N\\$"\n');
  });

  it('rewrites nested commands: a substitution inside a translated command', () => {
    const r = rewrite('docker logs --tail 5 $(docker ps -q -f name=web)\n');
    expect(r.output).toBe('nerdctl logs --tail 5 $(nerdctl ps -q -f name=web)\n');
    const c = rewrite('docker logs --tail 5 "$(docker ps -q -f name=web)"\n', 'crictl');
    expect(c.output).toBe(`crictl logs --tail 5 "$(crictl ps -a -q --name "^$(crictl ps -q --name '^web$')\\$")"\n`);
    bashSyntaxOk(c.output);
  });

  it('keeps redirections written among the words where they can stay, and moves them where words change', () => {
    expect(rewrite('docker < in ps -a 2>/dev/null\n').output).toBe('nerdctl < in ps -a 2>/dev/null\n');
    const r = rewrite('docker ps >o -f name=web\n', 'crictl');
    expect(r.output).toBe(`crictl ps >o --name '^web$'\n`);
    const m = rewrite('docker logs >o --tail 5 web\n', 'crictl');
    expect(m.output).toBe(`crictl logs --tail 5 "$(crictl ps -a -q --name '^web$')" >o\n`);
    bashSyntaxOk(m.output);
  });

  it('keeps prefixes: sudo with options, env with assignments, assignments, command -p', () => {
    const r = rewrite('sudo -E -u root docker ps -a\nenv -i A=1 B="2 3" /usr/bin/docker ps -a\nA=1 docker ps -a\ncommand -p docker ps -a\nsudo DOCKER_HOST=x docker ps -a\n');
    expect(r.output).toBe('sudo -E -u root nerdctl ps -a\nenv -i A=1 B="2 3" nerdctl ps -a\nA=1 nerdctl ps -a\ncommand -p nerdctl ps -a\nsudo DOCKER_HOST=x nerdctl ps -a\n');
  });

  it('keeps combined short flags where the target reads them', () => {
    expect(rewrite('docker ps -aq\n').output).toBe('nerdctl ps -aq\n');
    expect(rewrite('docker logs -tf web\ndocker logs -fn 5 web\ndocker run -dit -p 80:80 nginx\n', 'nerdctl').output).toBe(
      'nerdctl logs -tf web\nnerdctl logs -fn 5 web\nnerdctl run -dit -p 80:80 nginx\n',
    );
    // podman has no -n for logs: the cluster cannot stay.
    expect(rewrite('docker logs -fn 5 web\n', 'podman').output).toBe('podman logs -f --tail 5 web\n');
  });

  it('puts the prefix before every step when the command becomes several', () => {
    const r = rewrite('sudo docker logs --tail 5 web\n', 'crictl');
    expect(r.output).toBe(`sudo crictl logs --tail 5 "$(sudo crictl ps -a -q --name '^web$')"\n`);
  });

  it('leaves look-ups alone: command -v docker, which docker, docker as an argument', () => {
    const text = 'command -v docker\nwhich docker\necho docker ps\ndocker() { :; }\n';
    expect(rewrite(text).output).toBe(text);
  });

  it('leaves commands of the target tool and, with from, of other tools alone', () => {
    expect(rewrite('nerdctl ps -a\ndocker ps -a\n').output).toBe('nerdctl ps -a\nnerdctl ps -a\n');
    expect(rewrite('podman ps -a\ndocker ps -a\n', 'nerdctl', { from: 'docker' }).output).toBe('podman ps -a\nnerdctl ps -a\n');
    expect(rewrite('podman ps -a\n', 'nerdctl').output).toBe('nerdctl ps -a\n');
  });

  it('leaves what it cannot translate as it was, each with a reason', () => {
    const text = 'docker ps --bogus\ndocker "$CMD" x\ndocker\ndocker ps --last\n';
    const r = rewrite(text);
    expect(r.output).toBe(text);
    expect(r.problems.map((p) => p.line)).toEqual([1, 2, 3, 4]);
    for (const p of r.problems) expect(p.message).toMatch(/^not translated to nerdctl: ./);
  });

  it('replaces partial translations, with their warnings', () => {
    const r = rewrite('docker logs --details --tail 5 web\n', 'podman');
    expect(r.output).toBe('podman logs --tail 5 web\n');
    expect(r.changes[0]).toMatchObject({ status: 'partial', line: 1, col: 1 });
    expect(r.changes[0]!.warnings.join('\n')).toMatch(/--details/);
  });

  it('refuses backquotes it cannot escape safely', () => {
    const text = 'x=`docker logs \\`cat n\\``\n';
    const r = rewrite(text);
    expect(r.output).toBe(text);
    expect(r.problems[0]!.message).toMatch(/\$\(…\)/);
  });

  it('escapes new backslashes and backquotes inside backquotes', () => {
    const r = rewrite('x=`docker logs --tail 5 web`\n', 'crictl');
    expect(r.output).toBe(`x=\`crictl logs --tail 5 "$(crictl ps -a -q --name '^web$')"\`\n`);
    bashSyntaxOk(r.output);
  });

  it('counts columns in characters, after non-ASCII text', () => {
    const r = rewrite('echo "héllo wörld"; docker swarm init\necho ✓ && docker ps -a\n');
    expect(r.problems[0]).toMatchObject({ line: 1, col: 21 });
    expect(r.changes[0]).toMatchObject({ line: 2, col: 11 });
    expect(r.output).toBe('echo "héllo wörld"; docker swarm init\necho ✓ && nerdctl ps -a\n');
  });

  it('reports a bash syntax error with file:line:col and exit status 2', () => {
    try {
      rewrite('echo ok\nif true; then\n  docker ps\n');
      expect.fail('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(CrossctlError);
      expect((e as CrossctlError).exitCode).toBe(EXIT.usage);
      expect((e as CrossctlError).message).toMatch(/^test\.sh:2:1: bash syntax error: /);
    }
  });

  it('leaves a script without container commands byte for byte, CRLF and no final newline included', () => {
    const text = 'echo a\r\nls -l | wc -l\r\necho "docker"';
    expect(rewrite(text).output).toBe(text);
  });
});

// Plans of several steps: a stand-in translator gives each `docker logs NAME` three crictl steps, the ID
// captured once and used twice (so it is not inlined), optionally with a file.
describe('rewriteScript: commands that xargs and find run, and commands it cannot see', () => {
  it('translates the command xargs runs, whose input it appends, and the one find -exec runs', () => {
    const text = [
      'docker ps -aq | xargs docker rm -f',
      'xargs -r -n 1 docker stop < ids',
      'xargs -0 --max-args=2 -P4 docker rm < ids',
      'xargs -I{} docker logs --tail 5 {} < ids',
      'find /srv -name "*.tar" -exec docker load -i {} \\;',
      'find . -name id -exec docker rm {} +',
      '',
    ].join('\n');
    const r = rewrite(text, 'podman');
    expect(r.output).toBe(text.replace(/docker /g, 'podman '));
    expect(r.problems).toEqual([]);
    bashSyntaxOk(r.output, 'runners.sh');
  });

  it('runs them as xargs and find would, with the new tool', () => {
    const r = rewrite('printf "a\\nb\\n" | xargs docker rm -f\nprintf "c\\n" | xargs -I{} docker logs --tail 5 {}\n', 'podman');
    expect(runWith(r.output, ['podman']).calls).toEqual([
      ['podman', 'rm', '-f', 'a', 'b'],
      ['podman', 'logs', '--tail', '5', 'c'],
    ]);
  });

  it('leaves them, with the reason, when the translation is not one command taking the input at its end', () => {
    const text = 'cat ids | xargs docker rm -f\nfind . -exec docker rm {} \\;\nxargs -n1 sudo docker rm < ids\n';
    const r = rewrite(text, 'ctr');
    expect(r.output).toBe(text);
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [1, 'not translated to ctr: xargs runs one command, and ctr needs several steps for this one'],
      [2, 'not translated to ctr: find runs one command, and ctr needs several steps for this one'],
      [3, 'not translated to ctr: docker runs inside xargs: translate it by hand'],
    ]);
  });

  it('reports a container CLI inside eval, sh -c, watch, ssh, or behind a variable set to one', () => {
    const text = [
      'DOCKER=docker',
      'export CLI=${CLI:-/usr/bin/docker}',
      '$DOCKER ps',
      '"${CLI}" images',
      'eval "docker images"',
      'sh -c "docker ps -a"',
      "bash -lc 'docker ps | wc -l'",
      'watch -n 5 docker ps',
      'ssh node1 sudo docker ps',
      '',
    ].join('\n');
    const r = rewrite(text, 'podman');
    expect(r.output).toBe(text);
    expect(r.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '3: not translated to podman: $DOCKER is docker (set at line 1), and crossctl does not follow variables: write the docker command out, or translate it by hand',
      '4: not translated to podman: $CLI is docker (set at line 2), and crossctl does not follow variables: write the docker command out, or translate it by hand',
      '5: not translated to podman: docker runs inside eval, whose command line crossctl does not rewrite: translate it by hand',
      '6: not translated to podman: docker runs inside sh, whose command line crossctl does not rewrite: translate it by hand',
      '7: not translated to podman: docker runs inside bash, whose command line crossctl does not rewrite: translate it by hand',
      '8: not translated to podman: docker runs inside watch, whose command line crossctl does not rewrite: translate it by hand',
      '9: not translated to podman: docker runs inside ssh, whose command line crossctl does not rewrite: translate it by hand',
    ]);
  });

  it('says nothing where docker is only a word: a package, a service, a script argument, a message', () => {
    const text = 'apt-get install -y docker.io\nsystemctl restart docker\nsh ./setup.sh docker\necho "docker ps"\nDOCKER=podman\n$DOCKER ps\n';
    const r = rewrite(text, 'podman');
    expect(r.output).toBe(text);
    expect(r.problems).toEqual([]);
  });
});

describe('rewriteScript: plans of several steps', () => {
  const plan =
    (files = false) =>
    (argv: string[], from: string): Translation => {
      if (argv[1] !== 'logs') throw new CrossctlError(`no plan for ${argv.join(' ')}`, EXIT.untranslatable);
      const name = argv[argv.length - 1]!;
      const steps: Step[] = [
        { argv: ['crictl', 'ps', '-q', '--name', name], capture: 'ID' },
        { argv: ['crictl', 'logs', '${ID}'] },
        { argv: ['crictl', 'inspect', '${ID}'] },
      ];
      return {
        from,
        input: argv,
        concept: 'container.logs',
        results: [{ to: 'crictl', version: '1', status: 'exact', steps, files: files ? [{ name: 'pod.json', content: '{"a": 1}\n' }] : [], warnings: [], reason: null }],
      };
    };
  const multi = (text: string, files = false, extra: Partial<RewriteOptions> = {}) => rewrite(text, 'crictl', { translator: plan(files), ...extra });
  const c = (...args: string[]): string[] => ['crictl', ...args];
  const three = (name: string): string[][] => [c('ps', '-q', '--name', name), c('logs', 'cid1'), c('inspect', 'cid1')];

  it('writes them as lines of their own in a statement list, indented like the command', () => {
    const r = multi('f() {\n  docker logs "$1"\n}\nf web\n');
    expect(r.output).toBe('f() {\n  ID=$(crictl ps -q --name "$1")\n  crictl logs "$ID"\n  crictl inspect "$ID"\n}\nf web\n');
    bashSyntaxOk(r.output);
    expect(runWith(r.output, ['crictl']).calls).toEqual(three('web'));
  });

  it('groups them in pipelines, && and || lists, with redirections, ! and &', () => {
    const text = [
      'docker logs a | tr a-z A-Z',
      'true && docker logs b || echo no',
      'docker logs c >/dev/null 2>&1',
      'if ! docker logs d; then echo failed; fi',
      'docker logs e & wait',
      'echo one; docker logs f; echo two',
      '',
    ].join('\n');
    const r = multi(text);
    expect(r.output.split('\n')).toEqual([
      '{ ID=$(crictl ps -q --name a) && crictl logs "$ID" && crictl inspect "$ID"; } | tr a-z A-Z',
      'true && { ID=$(crictl ps -q --name b) && crictl logs "$ID" && crictl inspect "$ID"; } || echo no',
      '{ ID=$(crictl ps -q --name c) && crictl logs "$ID" && crictl inspect "$ID"; } >/dev/null 2>&1',
      'if ! { ID=$(crictl ps -q --name d) && crictl logs "$ID" && crictl inspect "$ID"; }; then echo failed; fi',
      '{ ID=$(crictl ps -q --name e) && crictl logs "$ID" && crictl inspect "$ID"; } & wait',
      'echo one; ID=$(crictl ps -q --name f); crictl logs "$ID"; crictl inspect "$ID"; echo two',
      '',
    ]);
    bashSyntaxOk(r.output);
    const run = runWith(r.output, ['crictl']);
    expect(run.calls).toEqual(['a', 'b', 'c', 'd', 'e', 'f'].flatMap(three));
    // The pipeline got the output of the whole group.
    expect(run.stdout).toContain('LOG OF LOGS CID1');
    expect(run.stdout).not.toContain('failed');
  });

  it('puts a prefix before every step', () => {
    const r = multi('sudo docker logs web\n');
    expect(r.output).toBe('ID=$(sudo crictl ps -q --name web)\nsudo crictl logs "$ID"\nsudo crictl inspect "$ID"\n');
  });

  it('refuses exec before several steps', () => {
    const r = multi('exec docker logs web\n');
    expect(r.output).toBe('exec docker logs web\n');
    expect(r.problems[0]!.message).toMatch(/exec/);
  });

  it('writes files as here-documents, unindented, also inside a group', () => {
    const r = multi('if true; then\n  docker logs web | cat\nfi\n', true);
    expect(r.output).toBe(
      `if true; then\n  { cat > pod.json <<'EOF'\n{"a": 1}\nEOF\n  ID=$(crictl ps -q --name web)\n  crictl logs "$ID"\n  crictl inspect "$ID"; } | cat\nfi\n`,
    );
    bashSyntaxOk(r.output);
    const dir = runWith(r.output, ['crictl']);
    expect(dir.calls).toEqual(three('web'));
  });

  it('will not split a here-document', () => {
    const r = multi('cat <<A; docker logs web\nbody\nA\n', true);
    expect(r.output).toBe('cat <<A; docker logs web\nbody\nA\n');
    expect(r.problems[0]!.message).toMatch(/here-document/);
  });
});

describe('tldr corpus examples with pipes, redirections and && as one-line scripts', () => {
  const rows = haveCorpus() ? loadCorpus().filter((r) => r.family === 'core' && /[|<>]|&&/.test(r.concrete)) : [];
  it.skipIf(!haveCorpus())('translate to nerdctl and podman without crashing, into valid bash', () => {
    expect(rows.length).toBeGreaterThan(5);
    const outputs: string[] = [];
    for (const row of rows) {
      for (const to of ['nerdctl', 'podman']) {
        const r = rewrite(`${row.concrete}\n`, to);
        // Each command is translated or left as it was with a reason.
        for (const p of r.problems) expect(p.message).toMatch(/^not translated to /);
        outputs.push(r.output);
      }
    }
    bashSyntaxOk(outputs.join(''), 'corpus.sh');
  });
  it.runIf(!haveCorpus())(sharedMissingMessage, () => {
    if (inCI()) expect.fail('../shared/corpus is required in CI');
  });
});

// The CLI, as built (npm run build).
function cli(args: string[], stdin?: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input: stdin ?? '', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('crossctl translate --file', () => {
  const dir = join(work, 'cli');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'deploy.sh');
  const clean = join(dir, 'clean.sh');
  writeFileSync(script, input);
  writeFileSync(clean, 'docker ps -a\n');

  it('prints the rewritten script and warns on stderr with file:line:col', () => {
    const r = cli(['translate', '--to', 'nerdctl', '--file', script]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expected);
    expect(r.stderr).toContain(`${script}:${swarmLine}:1: warning: docker swarm init: not translated to nerdctl:`);
  });

  it('reads standard input with -', () => {
    const r = cli(['translate', '--to', 'podman', '--file', '-'], 'docker ps -a | wc -l\n');
    expect(r).toMatchObject({ status: 0, stdout: 'podman ps -a | wc -l\n' });
  });

  it('--check prints a diff and exits 1 when something cannot be translated, 0 otherwise', () => {
    const bad = cli(['translate', '--to', 'nerdctl', '--file', script, '--check']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`^--- ${script}\n\\+\\+\\+ ${script}\n@@ -`));
    expect(bad.stdout).toContain('\n-docker ps -a\n-docker ps -q -f name=x | wc -l >/dev/null\n');
    expect(bad.stdout).toContain('\n+nerdctl ps -a\n+nerdctl ps -q -f name=x | wc -l >/dev/null\n');
    expect(bad.stderr).toMatch(/1 left as it was/);
    const good = cli(['translate', '--to', 'nerdctl', '--file', clean, '--check']);
    expect(good).toMatchObject({ status: 0, stdout: `--- ${clean}\n+++ ${clean}\n@@ -1 +1 @@\n-docker ps -a\n+nerdctl ps -a\n` });
    expect(readFileSync(script, 'utf8')).toBe(input);
  });

  it('--in-place writes atomically, keeps the mode and a .bak', () => {
    const f = join(dir, 'inplace.sh');
    writeFileSync(f, input);
    chmodSync(f, 0o750);
    const r = cli(['translate', '--to', 'nerdctl', '--file', f, '--in-place']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(f, 'utf8')).toBe(expected);
    expect(statSync(f).mode & 0o777).toBe(0o750);
    expect(readFileSync(`${f}.bak`, 'utf8')).toBe(input);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
    const g = join(dir, 'nobackup.sh');
    writeFileSync(g, input);
    expect(cli(['translate', '--to', 'nerdctl', '--file', g, '--in-place', '--no-backup']).status).toBe(0);
    expect(readFileSync(g, 'utf8')).toBe(expected);
    expect(existsSync(`${g}.bak`)).toBe(false);
  });

  it('--json lists the changes and problems', () => {
    const r = cli(['translate', '--to', 'nerdctl', '--file', '-', '--json'], 'docker ps -a\ndocker swarm init\n');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { changes: { line: number; new: string }[]; problems: { line: number }[]; output: string };
    expect(j.changes).toMatchObject([{ line: 1, new: 'nerdctl ps -a' }]);
    expect(j.problems).toMatchObject([{ line: 2 }]);
    expect(j.output).toBe('nerdctl ps -a\ndocker swarm init\n');
  });

  it('refuses bad combinations with exit 2', () => {
    for (const args of [
      ['--file', script],
      ['--to', 'nerdctl,podman', '--file', script],
      ['--to', 'nerdctl', '--file', '-', '--in-place'],
      ['--to', 'nerdctl', '--file', script, '--check', '--in-place'],
      ['--to', 'nerdctl', '--file', join(dir, 'missing.sh')],
      ['--to', 'nerdctl', '--file', script, 'docker', 'ps'],
      ['--to', 'nerdctl', '--check', 'docker ps'],
    ]) {
      const r = cli(['translate', ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^crossctl: error: /);
    }
    const syntax = cli(['translate', '--to', 'nerdctl', '--file', '-'], 'if true; then\n');
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toMatch(/<stdin>:1:1: bash syntax error/);
  });

  it('loads the shell parser only for --file', () => {
    // The bundle's static imports, followed from dist/cli.js, never reach mvdan-sh.
    const dist = join(projectRoot(), 'dist');
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(join(dist, file), 'utf8');
      expect(code, file).not.toContain('mvdan-sh');
      for (const m of code.matchAll(/^import[^;]*?from\s*"\.\/([^"]+)"/gm)) visit(m[1]!);
    };
    visit('cli.js');
    expect(readFileSync(join(dist, 'main.cjs'), 'utf8'), 'the entry bundle').not.toContain('mvdan-sh');
    expect(readdirSync(dist).some((f) => f.endsWith('.js') && readFileSync(join(dist, f), 'utf8').includes('mvdan-sh'))).toBe(true);
  });
});

describe('performance', () => {
  it('translates a 10,000-line script with 2,000 commands (whole process) in time', () => {
    const text = benchScript();
    expect(text.split('\n')).toHaveLength(10_001);
    const f = join(work, 'bench.sh');
    writeFileSync(f, text);
    const t0 = performance.now();
    const r = cli(['translate', '--to', 'nerdctl', '--file', f]);
    const ms = performance.now() - t0;
    console.log(`translate --file: 10,000 lines, 2,000 commands: ${ms.toFixed(0)} ms wall (goal 1,500 ms on an idle 2-core machine)`);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(10_001);
    bashSyntaxOk(r.stdout, 'bench-out.sh');
    expect(ms).toBeLessThan(5000);
  });
});
