// `crossctl translate --exec`: translate for one target, at the version installed here, and run the plan.
import type { TranslateFlags } from '../cli.js';
import { detect, which, type Detected } from '../detect.js';
import { CrossctlError, EXIT, usageError } from '../errors.js';
import { executePlan } from '../exec.js';
import { expansionNote } from '../output.js';
import { painter } from '../paint.js';
import type { Probe, TargetResult } from '../result.js';
import type { Tables } from '../tables.js';
import { translate, type Target } from '../translate.js';

export async function runExec(tables: Tables, input: string | string[], to: Target[] | undefined, flags: TranslateFlags): Promise<number> {
  if (!to || to.length !== 1) {
    throw usageError(`--exec runs one target: give --to TOOL, e.g. --to podman${to ? ` (got ${to.map((t) => t.tool).join(', ')})` : ''}`);
  }
  const target = { ...to[0]! };
  const info = tables.tools[target.tool]!;
  const found: Detected = target.version === undefined ? await detect(tables, target.tool) : { tool: target.tool, ...pathOf(target.tool) };
  if (target.version === undefined && found.tables) target.version = found.tables;
  const notInstalled = (bins: string[]): string => `${bins.join(', ')} ${bins.length > 1 ? 'are' : 'is'} not installed (not found on PATH): ${info.install}`;
  // Nothing can run without the target: say so before anything else (no translation warnings first).
  if (!found.path && !flags.dryRun) throw new CrossctlError(notInstalled([target.tool]), EXIT.notFound);

  const t = translate(tables, input, {
    ...(flags.from ? { from: flags.from } : {}),
    to: [target],
    ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
  });
  // Running `$PWD` as literal text would not be what the user wrote, and --exec runs no shell to expand it.
  if (t.expansions?.length) throw usageError(expansionNote(t.expansions, `crossctl translate --exec --to ${target.tool} -- ${t.from}`));
  const r = t.results[0]!;
  if (r.status === 'unsupported') {
    process.stderr.write(`crossctl: error: ${r.to} ${r.version}: ${r.reason}\n`);
    return EXIT.untranslatable;
  }
  const paint = painter();
  for (const w of r.warnings) process.stderr.write(`${paint.warn(`crossctl: warning: ${r.to}: ${w}`)}\n`);

  // Every program the plan may start, probes included: a probe that cannot start would silently not match.
  const programs = r.steps.flatMap((s) => [s.argv[0], s.when?.argv[0], s.unless?.argv[0]]).filter((p): p is string => p !== undefined);
  const missing = [...new Set(programs)].filter((bin) => !which(bin));
  if (flags.dryRun) {
    if (missing.length) process.stderr.write(`crossctl: note: ${notInstalled(missing)}; running this would exit 127\n`);
    process.stdout.write(flags.json ? `${JSON.stringify(dryRunJson(r, found), null, 2)}\n` : dryRunText(r, found));
    return EXIT.ok;
  }
  if (missing.length) throw new CrossctlError(notInstalled(missing), EXIT.notFound);
  const outcome = await executePlan(r, { cwd: process.cwd() });
  return outcome.code;
}

function pathOf(tool: string): { path?: string } {
  const path = which(tool);
  return path ? { path } : {};
}

function versionNote(r: TargetResult, found: Detected): string {
  if (found.installed) return `${r.to} ${r.version} (installed: ${found.installed})`;
  return `${r.to} ${r.version}`;
}

function dryRunText(r: TargetResult, found: Detected): string {
  const lines = [`# crossctl --exec would run ${versionNote(r, found)} in ${process.cwd()}, without a shell:`];
  for (const f of r.files) lines.push(`# file ${f.name} (${Buffer.byteLength(f.content)} bytes) → a private temporary directory; the steps name it by its absolute path`);
  r.steps.forEach((s, i) => {
    lines.push(`${i + 1}/${r.steps.length}: ${JSON.stringify(s.argv)}${s.capture ? `  → \${${s.capture}} (its one line of output)` : ''}`);
    const probe = (p: Probe): string => `${JSON.stringify(p.argv)} prints a line matching /${p.matches}/`;
    if (s.when && s.waitSeconds) lines.push(`     after waiting up to ${s.waitSeconds} s for this to stop: ${probe(s.when)}`);
    if (s.when) lines.push(`     only if ${probe(s.when)}`);
    if (s.unless) lines.push(`     unless ${probe(s.unless)}`);
  });
  return `${lines.join('\n')}\n`;
}

function dryRunJson(r: TargetResult, found: Detected): object {
  return {
    to: r.to,
    version: r.version,
    installed: found.installed ?? null,
    status: r.status,
    cwd: process.cwd(),
    files: r.files,
    steps: r.steps,
    warnings: r.warnings,
  };
}
