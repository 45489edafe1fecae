import { oneLine } from './errors.js';
import { doubleQuote, quoteArgv, quoteWord } from './quote.js';
import type { Probe, Step, TargetResult, Translation } from './result.js';

const CAPTURE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** How planLines spells a plan's steps, for callers that embed them in a script (`translate --file`). */
export interface PlanStyle {
  /** Spells one word of a step, or returns null for the default quoting. */
  word?: (word: string) => string | null;
  /** Put before every step's command, e.g. `sudo `. */
  prefix?: string;
}

/**
 * A plan as lines a person can paste into bash: files as here-documents, then the steps. A capture step is
 * inlined as "$(…)" where its value is one whole word, or assigned to a variable first.
 */
export function planLines(r: TargetResult, style: PlanStyle = {}): string[] {
  const lines: string[] = [];
  for (const f of r.files) {
    if (f.path !== undefined) continue; // written by --out-dir already
    // The delimiter must not be a line of the content, or the here-document would end early.
    const body = f.content.replace(/\n$/, '').split('\n');
    let delim = 'EOF';
    for (let n = 1; body.includes(delim); n++) delim = `CROSSCTL_EOF${n === 1 ? '' : n}`;
    // A loop, not push(...body): a spread of a very long list overflows the stack.
    lines.push(`cat > ${quoteWord(f.name)} <<'${delim}'`);
    for (const l of body) lines.push(l);
    lines.push(delim);
  }
  const pending = new Map<string, string>();
  const uses = captureUses(r.steps);
  for (const step of r.steps) {
    if (step.capture) {
      // Inline "$(…)" only where exactly one other step uses the value, once, as a whole word.
      const u = uses.get(step.capture);
      const others = [...(u?.steps ?? [])].filter((s) => s !== step);
      // Nothing uses it (docker create → crictl create): let the ID print, as docker's would.
      if (others.length === 0) {
        lines.push(lineOf(step, pending, style));
        continue;
      }
      const inline = others.length === 1 && u!.count.get(others[0]!) === 1 && u!.whole.get(others[0]!) === 1;
      if (inline) {
        pending.set(step.capture, `"$(${lineOf(step, pending, style)})"`);
        continue;
      }
      lines.push(`${step.capture}=$(${lineOf(step, pending, style)})`);
      pending.set(step.capture, `"$${step.capture}"`);
      continue;
    }
    lines.push(...guarded(step, lineOf(step, pending, style), style));
  }
  return lines;
}

/** Where each `${NAME}` occurs: in which steps, how often, how often as a whole word (one pass over the plan). */
function captureUses(steps: Step[]): Map<string, { steps: Set<Step>; count: Map<Step, number>; whole: Map<Step, number> }> {
  const uses = new Map<string, { steps: Set<Step>; count: Map<Step, number>; whole: Map<Step, number> }>();
  for (const s of steps) {
    for (const w of s.argv) {
      if (!w.includes('${')) continue;
      for (const m of w.matchAll(CAPTURE)) {
        const name = m[1]!;
        let u = uses.get(name);
        if (!u) uses.set(name, (u = { steps: new Set(), count: new Map(), whole: new Map() }));
        u.steps.add(s);
        u.count.set(s, (u.count.get(s) ?? 0) + 1);
        if (w === m[0]) u.whole.set(s, (u.whole.get(s) ?? 0) + 1);
      }
    }
  }
  return uses;
}

function probeLine(p: Probe, style: PlanStyle): string {
  return `${style.prefix ?? ''}${p.argv.map((w) => style.word?.(w) ?? quoteWord(w)).join(' ')} 2>/dev/null | grep -Eq ${quoteWord(p.matches)}`;
}

/** A step with probes as the equivalent shell: `if …; then …; fi`, `… || …`, and a polling loop for the grace period. */
function guarded(step: Step, line: string, style: PlanStyle): string[] {
  const out: string[] = [];
  if (step.when && step.waitSeconds) {
    out.push(`for _ in $(seq ${step.waitSeconds}); do ${probeLine(step.when, style)} || break; sleep 1; done`);
  }
  if (step.when) out.push(`if ${probeLine(step.when, style)}; then ${line}; fi`);
  else if (step.unless) out.push(`${probeLine(step.unless, style)} || ${line}`);
  else out.push(line);
  return out;
}

function lineOf(step: Step, captures: Map<string, string>, style: PlanStyle): string {
  const words = step.argv.map((w) => {
    const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(w);
    if (whole && captures.has(whole[1]!)) return captures.get(whole[1]!)!;
    const styled = style.word?.(w);
    if (styled != null) return styled;
    if (!CAPTURE.test(w)) return quoteWord(w);
    CAPTURE.lastIndex = 0;
    // A capture inside a longer word: keep ${NAME} live in double quotes.
    return doubleQuote(w, (i) => {
      const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(w.slice(i));
      return m && captures.has(m[1]!) ? m[0].length : 0;
    });
  });
  return (style.prefix ?? '') + words.join(' ');
}

export const toJson = (t: Translation): string => `${JSON.stringify(t, null, 2)}\n`;

export interface Human {
  stdout: string;
  stderr: string;
}

/**
 * One target: just its lines (paste-ready). Several: a comment header per target. Warnings go to stderr.
 * Comments and warnings are one line each whatever the input held: a newline in a comment would turn the
 * rest of it into a command when the output is pasted into a shell.
 */
export function toHuman(t: Translation, paint: Paint = plain): Human {
  const out: string[] = [];
  const err: string[] = [];
  if (t.expansions?.length) err.push(paint.warn(`crossctl: warning: ${oneLine(expansionNote(t.expansions))}`));
  const several = t.results.length > 1;
  for (const r of t.results) {
    if (several) out.push(paint.dim(`# ${r.to} ${r.version}: ${r.status}`));
    if (r.status === 'unsupported') {
      if (several) out.push(paint.dim(`#   ${oneLine(r.reason ?? '')}`));
      else err.push(`crossctl: ${r.to}: ${oneLine(r.reason ?? '')}`);
      continue;
    }
    for (const l of planLines(r)) out.push(l);
    for (const w of r.warnings) err.push(paint.warn(`crossctl: warning: ${r.to}: ${oneLine(w)}`));
  }
  return { stdout: out.length ? `${out.join('\n')}\n` : '', stderr: err.length ? `${err.join('\n')}\n` : '' };
}

/**
 * What shell expansions in a command given as one string become (literal text: crossctl runs no shell), and how
 * to have them expanded; `exec` names the --exec command line to use instead.
 */
export function expansionNote(expansions: string[], exec?: string): string {
  const list = expansions.slice(0, 3).join(', ') + (expansions.length > 3 ? ', …' : '');
  const [is, it] = expansions.length > 1 ? ['are', 'them'] : ['is', 'it'];
  if (exec) return `${list} in the quoted command ${is} shell syntax, and --exec runs no shell to expand ${it}: give the command as words after --: ${exec} …`;
  return `${list} in the quoted command ${is} shell syntax that crossctl does not expand: the translation carries ${it} as literal text; to have your shell expand ${it}, give the command as words after --: crossctl translate -- docker …`;
}

export interface Paint {
  dim(s: string): string;
  warn(s: string): string;
}

export const plain: Paint = { dim: (s) => s, warn: (s) => s };

export const quoteCommand = quoteArgv;
