import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';

// crossctl never builds a command string for a shell to parse: every process it starts gets an argv. This reads
// the syntax tree of every file in src/ (comments and strings about shells are fine) and fails on:
//  - exec / execSync from child_process (they run a string through /bin/sh);
//  - a `shell` option that is not `false` (spawn, execFile … with { shell: true } parse a string too);
//  - spawning a shell binary (spawn('sh', ['-c', …]), execFile('/bin/bash', …));
//  - eval and new Function, which are the same mistake in JavaScript.

const SHELLS = /^(?:.*\/)?(?:sh|bash|zsh|dash|ksh|mksh|ash|fish|csh|tcsh|busybox|cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh)$/;
const RUNNERS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork']);
const STRING_RUNNERS = new Set(['exec', 'execSync']);

export function shellUses(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (node: ts.Node, what: string): void => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    found.push(`${file}:${line + 1}:${character + 1}: ${what}`);
  };
  const isChildProcess = (spec: ts.Expression): boolean => ts.isStringLiteral(spec) && /^(?:node:)?child_process$/.test(spec.text);
  // Local names bound to child_process functions, and to the module itself.
  const fns = new Map<string, string>();
  const modules = new Set<string>();
  const bindPattern = (pattern: ts.BindingName): void => {
    if (ts.isIdentifier(pattern)) modules.add(pattern.text);
    else if (ts.isObjectBindingPattern(pattern)) {
      for (const el of pattern.elements) {
        const imported = (el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : undefined) ?? (ts.isIdentifier(el.name) ? el.name.text : '');
        if (ts.isIdentifier(el.name)) fns.set(el.name.text, imported);
      }
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && isChildProcess(node.moduleSpecifier) && node.importClause) {
      const { name, namedBindings } = node.importClause;
      if (name) modules.add(name.text);
      if (namedBindings && ts.isNamespaceImport(namedBindings)) modules.add(namedBindings.name.text);
      if (namedBindings && ts.isNamedImports(namedBindings)) {
        for (const el of namedBindings.elements) {
          const imported = el.propertyName?.text ?? el.name.text;
          fns.set(el.name.text, imported);
          if (STRING_RUNNERS.has(imported)) at(el, `imports ${imported} from child_process: it runs a command string through a shell; use execFile/spawn with an argv`);
        }
      }
    }
    // const cp = require('child_process'); const { exec } = await import('node:child_process');
    if (ts.isVariableDeclaration(node) && node.initializer) {
      let init: ts.Expression = node.initializer;
      if (ts.isAwaitExpression(init)) init = init.expression;
      const spec =
        ts.isCallExpression(init) && (init.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(init.expression) && init.expression.text === 'require'))
          ? init.arguments[0]
          : undefined;
      if (spec && isChildProcess(spec)) {
        bindPattern(node.name);
        if (ts.isObjectBindingPattern(node.name)) {
          for (const el of node.name.elements) {
            const imported = (el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : undefined) ?? (ts.isIdentifier(el.name) ? el.name.text : '');
            if (STRING_RUNNERS.has(imported)) at(el, `takes ${imported} from child_process: it runs a command string through a shell`);
          }
        }
      }
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      let fn: string | undefined;
      if (ts.isIdentifier(callee) && fns.has(callee.text)) fn = fns.get(callee.text);
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && modules.has(callee.expression.text)) fn = callee.name.text;
      if (fn && STRING_RUNNERS.has(fn)) at(node, `calls child_process ${fn}: it runs a command string through a shell`);
      if (fn && RUNNERS.has(fn)) {
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) && SHELLS.test(first.text)) {
          at(node, `${fn}('${first.text}', …) starts a shell; run the program itself with an argv`);
        }
        for (const arg of node.arguments) {
          if (!ts.isObjectLiteralExpression(arg)) continue;
          for (const p of arg.properties) {
            if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'shell' && p.initializer.kind !== ts.SyntaxKind.FalseKeyword) {
              at(p, `${fn}(…, { shell: ${p.initializer.getText(sf)} }) parses the command with a shell`);
            }
            if (ts.isShorthandPropertyAssignment(p) && p.name.text === 'shell') at(p, `${fn}(…, { shell }) may parse the command with a shell`);
          }
        }
      }
      if (ts.isIdentifier(callee) && callee.text === 'eval') at(node, 'eval() runs a string as code');
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Function') at(node, 'new Function() runs a string as code');
    // `shell: true` anywhere, e.g. in an options object built before the call.
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'shell' && node.initializer.kind === ts.SyntaxKind.TrueKeyword) {
      at(node, 'shell: true parses a command with a shell');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return [...new Set(found)];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(?:[cm]?[jt]sx?)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

describe('no shell anywhere', () => {
  it('the scanner finds each way of handing a string to a shell', () => {
    const bad: Record<string, string> = {
      'exec import': `import { exec } from 'node:child_process';\nexec('ls ' + dir);`,
      'execSync import, renamed': `import { execSync as run } from 'child_process';\nrun(cmd);`,
      'namespace exec': `import * as cp from 'node:child_process';\ncp.exec(line);`,
      'default import execSync': `import cp from 'node:child_process';\ncp.execSync(line);`,
      'require exec': `const { exec } = require('child_process');\nexec(line);`,
      'dynamic import exec': `async function f() { const { execSync } = await import('node:child_process'); execSync(x); }`,
      'spawn shell: true': `import { spawn } from 'node:child_process';\nspawn(cmd, { shell: true });`,
      'spawnSync shell: path': `import { spawnSync } from 'node:child_process';\nspawnSync(cmd, [], { shell: '/bin/bash' });`,
      'options object shell: true': `const opts = { stdio: 'inherit', shell: true };`,
      "spawn('sh', ['-c'])": `import { spawn } from 'node:child_process';\nspawn('sh', ['-c', line]);`,
      'execFile /bin/bash': `import { execFileSync } from 'node:child_process';\nexecFileSync('/bin/bash', ['-c', line]);`,
      'namespace spawnSync zsh': `import * as cp from 'node:child_process';\ncp.spawnSync("zsh", ["-c", line]);`,
      eval: `eval(code);`,
      'new Function': `const f = new Function('a', body);`,
    };
    for (const [name, text] of Object.entries(bad)) expect(shellUses(`${name}.ts`, text), name).not.toEqual([]);
    const good = [
      `import { spawn, spawnSync } from 'node:child_process';\nspawn(tool, argv, { stdio: 'inherit', shell: false });\nspawnSync('docker', ['ps']);`,
      `// never use exec() or { shell: true } here\nconst text = "spawn('sh', ['-c', x])";`,
      `const integration = { shell: 'bash', script: 'complete -F _crossctl crossctl' };`,
      `const re = /x/; re.exec(s); const m = pattern.exec(line);`,
    ];
    for (const text of good) expect(shellUses('good.ts', text), text).toEqual([]);
  });

  it('src/ never hands a command string to a shell', () => {
    const root = projectRoot();
    const files = sourceFiles(join(root, 'src'));
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) => shellUses(relative(root, f), readFileSync(f, 'utf8')));
    expect(found, found.join('\n')).toEqual([]);
  });
});
