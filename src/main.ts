// The program's entry. The commands typed dozens of times a day — translate one command, the `crossctl docker …`
// shortcut, `init SHELL`, `sheet` — are read here by hand, so that commander and the modules only other
// commands need stay unloaded; anything else, and anything unusual (help, --exec, --file, user tables), goes to
// the full command-line interface in cli.ts, which gives the same results.
import { statSync } from 'node:fs';
import { CrossctlError, errorLines, oneLine } from './errors.js';
import { useTables } from './tables.js';
import { userMappingsDir } from './user-tables.js';
import { outputFailed, writeErr } from './io.js';

const TOOLS = ['docker', 'podman', 'nerdctl', 'ctr', 'crictl'];
const SHELLS = ['bash', 'zsh', 'fish', 'powershell'];
const FORMATS = ['table', 'markdown', 'json', 'html'];
export const EXIT_INTERNAL = 70;

type Route = () => Promise<number> | number;

interface Spec {
  /** Options that take a value, by every spelling → the flag's key. */
  values: Record<string, string>;
  /** Boolean options → key. */
  bools: Record<string, string>;
  /** Whether words after the first positional are all positionals (commander's passThroughOptions). */
  passThrough: boolean;
}

/** commander's reading of simple option lists; null where anything is unusual (the full CLI then decides). */
function readOptions(args: string[], spec: Spec): { flags: Record<string, string | boolean>; words: string[] } | null {
  const flags: Record<string, string | boolean> = {};
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    // Loops, not push(...rest): spreading a command of some 150,000 words overflows the stack.
    if (a === '--') {
      for (let j = i + 1; j < args.length; j++) words.push(args[j]!);
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      if (spec.passThrough) {
        for (let j = i; j < args.length; j++) words.push(args[j]!);
        break;
      }
      words.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (spec.bools[name] && name === a) {
      flags[spec.bools[name]!] = true;
      continue;
    }
    const key = spec.values[name];
    if (!key) return null;
    const value = name !== a ? a.slice(eq + 1) : args[++i];
    if (value === undefined || value.startsWith('-')) return null;
    flags[key] = value;
  }
  return { flags, words };
}

/** Whether user tables apply (the full CLI loads them): --mappings, or the default directory exists. */
function userTables(argv: string[]): boolean {
  if (argv.some((a) => a === '--mappings' || a.startsWith('--mappings='))) return true;
  return statSync(userMappingsDir(), { throwIfNoEntry: false }) !== undefined;
}

const TRANSLATE: Spec = {
  values: { '--to': 'to', '--from': 'from', '--namespace': 'namespace', '-n': 'namespace', '--out-dir': 'outDir' },
  bools: { '--json': 'json', '--k8s': 'k8s' },
  passThrough: true,
};
const INIT: Spec = {
  values: { '--to': 'to', '--from': 'from', '--cmd': 'cmd', '--namespace': 'namespace', '-n': 'namespace' },
  bools: { '--k8s': 'k8s' },
  passThrough: false,
};
const SHEET: Spec = {
  values: { '--tools': 'tools', '--search': 'search', '-s': 'search', '--format': 'format', '--width': 'width' },
  bools: {},
  passThrough: false,
};

/** The hand-read route for argv, or null for the full CLI. */
export function fastRoute(argv: string[]): Route | null {
  const [command, ...rest] = argv;
  if (command === undefined || userTables(argv)) return null;
  // In one process (tests), an earlier call may have put user tables in use.
  useTables(undefined);
  if (TOOLS.includes(command)) {
    return async () => (await import('./commands/translate.js')).runTranslate(argv, {});
  }
  if (command === 'translate') {
    const o = readOptions(rest, TRANSLATE);
    if (!o || !o.words.length) return null;
    return async () => (await import('./commands/translate.js')).runTranslate(o.words, o.flags);
  }
  if (command === 'init') {
    const o = readOptions(rest, INIT);
    if (!o || o.words.length !== 1 || !SHELLS.includes(o.words[0]!)) return null;
    return async () => (await import('./commands/init.js')).runInit(o.words[0], o.flags);
  }
  if (command === 'sheet') {
    const o = readOptions(rest, SHEET);
    if (!o || (o.flags.format !== undefined && !FORMATS.includes(String(o.flags.format)))) return null;
    return async () => (await import('./commands/sheet.js')).runSheet(o.words, { format: 'table', ...o.flags });
  }
  return null;
}

export function fail(e: unknown): number {
  if (e instanceof CrossctlError) {
    writeErr(errorLines(e));
    return e.exitCode;
  }
  const err = e as Error;
  writeErr(`crossctl: internal error: ${oneLine(String(err?.message ?? e))} (please report this)\n`);
  if (process.env.CROSSCTL_DEBUG) writeErr(`${err?.stack}\n`);
  return EXIT_INTERNAL;
}

/** What `crossctl ARGS…` does, minus exiting: every error becomes its message and exit status. */
export async function run(argv: string[]): Promise<number> {
  try {
    const route = fastRoute(argv);
    if (route) return await route();
    watchStreams();
    const { main } = await import('./cli.js');
    return await main(argv);
  } catch (e) {
    return fail(e);
  }
}

let streamFailed = false;
let watching = false;

/** The full CLI writes through process.stdout/stderr: a closed pipe there is quiet too, other failures are 70. */
function watchStreams(): void {
  if (watching) return;
  watching = true;
  let closedPipe = false;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') {
        closedPipe = true;
        return;
      }
      if (stream === process.stdout && !closedPipe) writeErr(`crossctl: error: cannot write the output: ${oneLine(e.message)}\n`);
      streamFailed = true;
      process.exitCode = EXIT_INTERNAL;
    });
  }
}

/** The program: bin/crossctl.js calls this. */
export function start(): void {
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = streamFailed || outputFailed() ? EXIT_INTERNAL : code;
  });
}
