// Runs a translated plan (a TargetResult): its steps one after another through spawn, never a shell.
import { spawn, type StdioOptions } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteArgv } from './quote.js';
import type { PlanFile, Probe, Step, TargetResult } from './result.js';

export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface ExecOptions {
  /** Where the steps run: the user's directory, so that their relative paths keep their meaning. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where crossctl's own messages go (default process.stderr). */
  log?: (line: string) => void;
  /** Called with each step as it is about to run, after captures and file paths are filled in. */
  onStep?: (argv: string[], index: number, total: number) => void;
}

/** Why a plan stopped before its end, already said on stderr; code is crossctl's exit status. */
export interface ExecOutcome {
  code: number;
  /** The step (1-based) that failed or was interrupted, when one did. */
  failedStep?: number;
}

const CAPTURE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A signal death as a shell reports it: 128 + the signal's number. */
export const signalStatus = (signal: NodeJS.Signals): number => 128 + (osConstants.signals[signal] ?? 0);

/** Fills `${NAME}` with the values captured so far; a `${…}` that no earlier step captured stays as written. */
export function fillCaptures(argv: readonly string[], captured: ReadonlyMap<string, string>): string[] {
  return argv.map((w) => w.replace(CAPTURE, (all, name: string) => captured.get(name) ?? all));
}

/**
 * Points a step's references to plan files at their written copies. A file is referred to as a whole word
 * (`spec.json`, `./spec.json`) or as the value of a `--flag=spec.json` / `key=spec.json` word.
 */
export function rewriteFileRefs(argv: readonly string[], files: ReadonlyMap<string, string>): string[] {
  if (!files.size) return [...argv];
  return argv.map((w) => {
    const whole = files.get(w.replace(/^\.\//, ''));
    if (whole) return whole;
    const eq = w.lastIndexOf('=');
    if (eq > 0) {
      const value = files.get(w.slice(eq + 1).replace(/^\.\//, ''));
      if (value) return w.slice(0, eq + 1) + value;
    }
    return w;
  });
}

/** One ID from a capture step's output, or why there is not exactly one. */
export function oneValue(stdout: string): { value: string } | { problem: string } {
  const lines = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 1) return { value: lines[0]! };
  if (!lines.length) return { problem: 'found nothing (no such container or pod?)' };
  return { problem: `found ${lines.length} matches where one is needed: ${lines.slice(0, 3).join(', ')}${lines.length > 3 ? ', …' : ''}` };
}

function checkFileName(f: PlanFile): void {
  if (!f.name || f.name.includes('/') || f.name === '.' || f.name === '..') throw new Error(`plan file name '${f.name}' is not a plain file name`);
}

interface Running {
  kill(signal: NodeJS.Signals): void;
}

/**
 * Runs every step in order: files first (into a private directory, removed afterwards), then each step with
 * stdin/stdout/stderr inherited (a capture step's stdout is read instead). A guarded step runs only when its
 * `when` probe matches (after waiting up to `waitSeconds` for it to stop matching) or its `unless` probe does
 * not. Stops at the first failing step. SIGINT, SIGTERM and SIGHUP received meanwhile go to the running step
 * or probe; between steps they stop the plan.
 */
export async function executePlan(result: TargetResult, opts: ExecOptions = {}): Promise<ExecOutcome> {
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const total = result.steps.length;
  let current: Running | undefined;
  let interrupted: NodeJS.Signals | undefined;
  let wake: (() => void) | undefined;
  const handlers = FORWARDED_SIGNALS.map((sig) => {
    const handler = (): void => {
      interrupted = sig;
      current?.kill(sig);
      wake?.();
    };
    process.on(sig, handler);
    return [sig, handler] as const;
  });
  const track = (r: Running | undefined): void => {
    current = r;
  };
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });
  let dir: string | undefined;
  try {
    const paths = new Map<string, string>();
    if (result.files.length) {
      dir = await mkdtemp(join(tmpdir(), 'crossctl-exec-'));
      await chmod(dir, 0o700);
      for (const f of result.files) {
        checkFileName(f);
        const path = join(dir, f.name);
        await writeFile(path, f.content, { mode: 0o600, flag: 'wx' });
        paths.set(f.name, path);
      }
    }
    const captured = new Map<string, string>();
    let ranLast = false;
    const fill = (argv: readonly string[]): string[] => rewriteFileRefs(fillCaptures(argv, captured), paths);
    const matches = (p: Probe): Promise<boolean> => probeMatches({ ...p, argv: fill(p.argv) }, opts, track);
    for (let i = 0; i < total; i++) {
      if (interrupted) return { code: signalStatus(interrupted), failedStep: i + 1 };
      const step = result.steps[i]!;
      if (step.when) {
        // A grace period: poll once a second, up to waitSeconds, for the condition to clear by itself.
        for (let t = 0; t < (step.waitSeconds ?? 0) && !interrupted && (await matches(step.when)); t++) await pause(1000);
        if (!interrupted && !(await matches(step.when))) continue;
      } else if (step.unless && (await matches(step.unless))) continue;
      if (interrupted) return { code: signalStatus(interrupted), failedStep: i + 1 };
      const argv = fill(step.argv);
      opts.onStep?.(argv, i, total);
      const where = `step ${i + 1}/${total}`;
      const child = await runStep(step, argv, opts, track);
      current = undefined;
      ranLast = i === total - 1;
      if ('error' in child) {
        log(`crossctl: ${where} could not start (${child.error}): ${quoteArgv(argv)}`);
        return { code: child.code, failedStep: i + 1 };
      }
      const code = child.signal ? signalStatus(child.signal) : child.code;
      if (code !== 0) {
        // One step is the whole plan: its own message and status say everything already.
        if (total > 1) log(`crossctl: ${where} failed (${child.signal ? `killed by ${child.signal}` : `exit ${code}`}): ${quoteArgv(argv)}`);
        return { code, failedStep: i + 1 };
      }
      if (step.capture) {
        const one = oneValue(child.stdout);
        if ('problem' in one) {
          log(`crossctl: ${where} ${one.problem}: ${quoteArgv(argv)}`);
          return { code: 1, failedStep: i + 1 };
        }
        captured.set(step.capture, one.value);
      }
    }
    // A signal the last step handled and survived: its status (0) is the plan's, as a shell script would
    // continue; a signal that arrived while a skipped last step was being decided stops the plan.
    if (interrupted && !ranLast) return { code: signalStatus(interrupted) };
    return { code: 0 };
  } finally {
    for (const [sig, handler] of handlers) process.off(sig, handler);
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** Lines as grep sees them: no line after a final newline, none at all in empty output. */
const lines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/**
 * Whether a probe's output has a line matching its pattern, as `ARGV 2>/dev/null | grep -Eq RE` decides:
 * its stderr and exit status do not matter, and a probe that cannot start prints nothing.
 */
export function probeMatches(p: Probe, opts: ExecOptions, started: (r: Running | undefined) => void = () => {}): Promise<boolean> {
  const [file, ...args] = p.argv;
  const re = new RegExp(p.matches);
  if (!file) return Promise.resolve(false);
  return new Promise((done) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'ignore'], cwd: opts.cwd ?? process.cwd(), env: opts.env ?? process.env, shell: false });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    started({ kill: (sig) => child.kill(sig) });
    const end = (): void => {
      started(undefined);
      done(lines(stdout).some((line) => re.test(line)));
    };
    child.on('error', end);
    child.on('close', end);
  });
}

type StepEnd = { code: number; signal: NodeJS.Signals | null; stdout: string } | { code: number; error: string };

function runStep(step: Step, argv: string[], opts: ExecOptions, started: (r: Running) => void): Promise<StepEnd> {
  const [file, ...args] = argv;
  if (!file) return Promise.resolve({ code: 70, error: 'empty step' });
  // A capture step only prints an ID: it gets no stdin (the user's input is for the main step).
  const stdio: StdioOptions = step.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit';
  return new Promise((done) => {
    const child = spawn(file, args, { stdio, cwd: opts.cwd ?? process.cwd(), env: opts.env ?? process.env, shell: false });
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    started({ kill: (sig) => child.kill(sig) });
    child.on('error', (e: NodeJS.ErrnoException) => done({ code: e.code === 'ENOENT' ? 127 : e.code === 'EACCES' ? 126 : 1, error: e.message }));
    child.on('close', (code, signal) => done({ code: code ?? 0, signal, stdout }));
  });
}
