import { describe, expect, it } from 'vitest';
import { CrossctlError } from '../src/errors.js';
import { lex } from '../src/lex.js';

const words = (s: string): string[] => lex(s).words;

describe('lex', () => {
  it('splits on blanks and honours quotes and backslashes', () => {
    expect(words(`docker run -e 'A=b c' -e "D=\\"e\\"" x\\ y`)).toEqual(['docker', 'run', '-e', 'A=b c', '-e', 'D="e"', 'x y']);
  });
  it('keeps $VAR, ${VAR}, $(…) and backticks verbatim', () => {
    expect(words('docker run -v "$PWD:/srv" ${IMG} $(cat x) `id -u`')).toEqual(['docker', 'run', '-v', '$PWD:/srv', '${IMG}', '$(cat x)', '`id -u`']);
  });
  it('lists the shell expansions outside single quotes, as written, once each', () => {
    const line = `docker run -v "$PWD":/app -e "H=$HOME" -e 'X=$LIT' -e \\$ESC \${TAG} $(cat id) \`id -u\` "$1" $@ "$PWD" a$ "$%"`;
    expect(lex(line).expansions).toEqual(['$PWD', '$HOME', '${TAG}', '$(cat id)', '`id -u`', '$1', '$@']);
    expect(lex(line).words.slice(-2)).toEqual(['a$', '$%']);
    expect(lex("docker ps -a --format '{{.ID}} $x'").expansions).toEqual([]);
  });
  it('keeps empty quoted words', () => {
    expect(words(`docker run -e '' x ""`)).toEqual(['docker', 'run', '-e', '', 'x', '']);
  });
  it('joins line continuations and drops comments', () => {
    expect(words('docker ps \\\n  -a # list all')).toEqual(['docker', 'ps', '-a']);
  });
  it('keeps # inside a word', () => {
    expect(words('docker run x echo a#b')).toEqual(['docker', 'run', 'x', 'echo', 'a#b']);
  });
  it('decodes $\'…\' as bash does, and reads $"…" as "…"', () => {
    expect(words(`docker run $'a\\nb' $'\\x1b[0m' $'it\\'s' $'\\u00e9\\303\\251' $"x y"`)).toEqual(['docker', 'run', 'a\nb', '\x1b[0m', "it's", 'éé', 'x y']);
  });
  it('refuses a second command on another line, but not a continued line, blank lines or comments', () => {
    expect(() => lex('docker ps\ndocker images')).toThrow(/second command on line 2/);
    expect(() => lex('docker ps # all of them\n  -a')).toThrow(/second command on line 2/);
    expect(words('\n  docker ps \\\n  -a # list all\n\n# done\n')).toEqual(['docker', 'ps', '-a']);
    expect(words("docker run x sh -c 'a\nb'")).toEqual(['docker', 'run', 'x', 'sh', '-c', 'a\nb']);
  });
  it('sets redirections aside', () => {
    expect(lex('docker save x > /tmp/x.tar 2>/dev/null')).toEqual({
      words: ['docker', 'save', 'x'],
      redirects: [
        { op: '>', target: '/tmp/x.tar' },
        { op: '2>', target: '/dev/null' },
      ],
      expansions: [],
    });
  });
  it('does not take a port mapping for a redirection', () => {
    expect(words('docker run -p 8080:80 nginx')).toEqual(['docker', 'run', '-p', '8080:80', 'nginx']);
  });
  for (const bad of [`docker run 'x`, 'docker run "x', 'docker ps | head', 'docker ps; ls', 'docker ps && ls', 'echo $(x', 'echo `x', 'docker ps \\']) {
    it(`refuses ${JSON.stringify(bad)} with one clear line`, () => {
      expect(() => lex(bad)).toThrow(CrossctlError);
      try {
        lex(bad);
      } catch (e) {
        expect((e as Error).message).not.toContain('\n');
      }
    });
  }
});
