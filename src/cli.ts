import { Command, CommanderError, Option } from 'commander';
import { CrossctlError, EXIT, errorLines, oneLine, usageError } from './errors.js';
import { loadTables, type Tables } from './tables.js';
import { didYouMean } from './suggest.js';
import { applyUserTables } from './user-tables.js';
import type { ExplainFlags } from './commands/explain.js';
import type { SheetFlags } from './commands/sheet.js';
import type { InitFlags } from './commands/init.js';

const VERSION = '0.1.0';
const TOOLS = ['docker', 'podman', 'nerdctl', 'ctr', 'crictl'];

const EXIT_HELP = `
Exit status:
  0    translated (including partial translations, whose losses are warned about on stderr)
  1    no requested target can express the command
  2    bad input: unknown tool, command or flag, missing value, unbalanced quote, empty input,
       invalid user mapping tables
  70   internal error (a bug: please report it), or the output could not be written
  127  --exec: the target binary is not installed
  With --exec: the exit status of the failing or last step (128+N when a signal N ended it)
  Errors are one line on stderr: crossctl: error: … (mapping table problems: one line each,
  file:line:col: …). A reader that closes the pipe early (| head) is not an error.`;

const MAPPINGS_HELP = 'also read mapping tables from DIR (repeatable; default: $XDG_CONFIG_HOME/crossctl/mappings if it exists)';
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Options of crossctl itself, before any command: `crossctl --mappings DIR docker ps -a`. */
export function takeGlobalOptions(argv: readonly string[]): { mappings: string[]; rest: string[] } {
  const mappings: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--mappings') {
      const dir = argv[++i];
      if (dir === undefined || dir === '') throw usageError('--mappings needs a directory: crossctl --mappings DIR …');
      mappings.push(dir);
    } else if (word.startsWith('--mappings=')) {
      const dir = word.slice('--mappings='.length);
      if (dir === '') throw usageError('--mappings needs a directory: crossctl --mappings DIR …');
      mappings.push(dir);
    } else break;
  }
  return { mappings, rest: argv.slice(i) };
}

function writeOut(text: string): void {
  process.stdout.write(text);
}

// Commander spreads the rest of a command line into one call's arguments (push(...rest)), which overflows the
// stack past some 100,000 words. A longer command line reaches it as its first words and this stand-in (argv
// cannot hold a NUL), and the rest goes back in before the action runs.
const REST = '\u0000crossctl:rest\u0000';
const KEEP = 64;

function restoreRest(cmd: Command, rest: string[]): void {
  const args = cmd.processedArgs as unknown[];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (Array.isArray(a) && a.at(-1) === REST) {
      args[i] = (a as string[]).slice(0, -1).concat(rest);
      return;
    }
  }
  throw usageError(`too many arguments for 'crossctl ${cmd.name()}'`);
}

export async function main(args: string[]): Promise<number> {
  const { mappings, rest: given } = takeGlobalOptions(args);
  // `crossctl docker ps -a`: a tool name first is a shortcut for translating to every other tool.
  if (given[0] !== undefined && TOOLS.includes(given[0])) {
    await applyUserTables(mappings);
    const { runTranslate } = await import('./commands/translate.js');
    return runTranslate(given, {});
  }
  const rest = given.length > 10_000 ? given.slice(KEEP) : undefined;
  const argv = rest ? [...given.slice(0, KEEP), REST] : given;
  let code: number = EXIT.ok;
  const program = new Command('crossctl')
    .description('Translate and run commands across docker, nerdctl, podman, ctr (containerd) and crictl (CRI)')
    .version(VERSION, '-V, --version')
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .addHelpText('after', `\nShortcut: crossctl <tool> ARGS…  translates to every other tool\n${EXIT_HELP}`)
    .exitOverride()
    .configureOutput({
      writeOut,
      writeErr: (s) => process.stderr.write(s),
      // One line: commander puts its suggestion on a line of its own.
      outputError: (s, write) =>
        write(`crossctl: error: ${oneLine(s.replace(/^error: /, '').trim().replace(/\s*\n\(Did you mean (.*)\?\)$/, ' (did you mean $1?)'))}\n`),
    })
    .option('--mappings <dir>', MAPPINGS_HELP, collect);

  program
    .command('translate')
    .description('translate one command into the other CLIs')
    .argument('[command...]', 'the command, as words after -- or as one quoted string')
    .option('--from <tool>', `source tool (${TOOLS.join(', ')}); read from the command's first word by default`)
    .option('--to <tools>', 'target tools, comma-separated, TOOL@VERSION to pick a version, or all (default: all but the source)')
    .option('--json', 'print the translation as JSON')
    .option('-n, --namespace <ns>', 'containerd namespace for ctr and nerdctl (Kubernetes: k8s.io, Docker Engine: moby)')
    .option('--k8s', 'preset for Kubernetes nodes: namespace k8s.io')
    .option('--out-dir <dir>', "write plan files (crictl's pod and container configs) into DIR instead of printing them")
    .option('--exec', 'run the translation (one --to target; its version is detected unless given as TOOL@VERSION)')
    .option('--dry-run', 'with --exec: show the argv of each step instead of running it (--json: as JSON)')
    .option('--file <path>', 'rewrite a shell script (- for standard input) for the one tool given with --to')
    .option('--in-place', 'with --file: rewrite the file itself, keeping a copy in PATH.bak')
    .option('--no-backup', 'with --in-place: keep no PATH.bak')
    .option('--check', 'with --file: print what would change as a diff; exit 1 when a command cannot be translated')
    .option('--annotate', 'with --file: put a # crossctl: comment above each command left as it was')
    .passThroughOptions()
    .addHelpText('after', `\nExamples:\n  crossctl translate --to crictl "docker logs --tail 50 -f web"\n  crossctl translate --to podman,nerdctl -- docker run -d -p 8080:80 nginx\n  crossctl translate --exec --to podman -- docker run --rm busybox echo hello\n  crossctl translate --to nerdctl --file deploy.sh --check\n${EXIT_HELP}`)
    .action(async (words: string[], opts: TranslateFlags) => {
      if (opts.file !== undefined) {
        if (opts.exec || opts.dryRun) throw usageError('--exec runs one command, not a --file script: translate the script, read it, then run it');
        // The shell parser loads only here.
        const { runTranslateFile } = await import('./commands/translate-file.js');
        code = await runTranslateFile(words, { ...opts, file: opts.file });
        return;
      }
      if (opts.inPlace || opts.check || opts.annotate || opts.backup === false) throw usageError('--in-place, --no-backup, --check and --annotate go with --file');
      const { runTranslate } = await import('./commands/translate.js');
      code = await runTranslate(words, opts);
    });

  program
    .command('doctor')
    .description('show which container CLIs and endpoints are here, and what translate --exec will assume')
    .option('--json', 'print the findings as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { runDoctor } = await import('./commands/doctor.js');
      code = await runDoctor(opts);
    });

  program
    .command('sheet')
    .description('cheat sheet: concepts by topic, one column per tool, generated from the tables')
    .argument('[topic-or-tool...]', 'topics to show (containers, images, …), or one tool to list every command it has with the docker equivalent')
    .option('--tools <tools>', `columns, comma-separated (${TOOLS.join(', ')})`)
    .option('-s, --search <text>', 'only concepts whose name, summary, commands or flags match (typos forgiven)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'markdown', 'json', 'html']).default('table'))
    .option('--width <columns>', 'table width (default: the terminal width, 100 when not a terminal)')
    .addHelpText('after', `\nExamples:\n  crossctl sheet\n  crossctl sheet crictl\n  crossctl sheet containers --tools docker,crictl\n  crossctl sheet --search "folow logs"\n  crossctl sheet --format html > cheatsheet.html`)
    .action(async (words: string[], opts: SheetFlags) => {
      const { runSheet } = await import('./commands/sheet.js');
      code = await runSheet(words, opts);
    });

  // init, alias, completion (issue 6): shell integration.
  registerShellCommands(program, (c) => {
    code = c;
  });

  program
    .command('explain')
    .description('explain a command: what it and each option mean, how every tool spells them, the translations')
    .argument('[command...]', 'the command, as words after -- or as one quoted string; or a concept id (container.logs)')
    .option('--from <tool>', 'source tool; read from the command\'s first word by default')
    .option('--to <tools>', 'tools to compare, comma-separated (default: all)')
    .option('--json', 'print the explanation as JSON')
    .passThroughOptions()
    .addHelpText('after', `\nExamples:\n  crossctl explain "docker logs --tail 50 -f web"\n  crossctl explain -- crictl ps -a --name web\n  crossctl explain container.logs`)
    .action(async (words: string[], opts: ExplainFlags) => {
      const { runExplain } = await import('./commands/explain.js');
      code = await runExplain(words, opts);
    });

  // --mappings applies to every command, before it (crossctl --mappings DIR sheet) or after it (crossctl sheet --mappings DIR).
  // Keep this after the last program.command(…): it gives each command the option and loads the tables before it runs.
  for (const c of program.commands) {
    if (!c.options.some((o) => o.long === '--mappings')) c.option('--mappings <dir>', MAPPINGS_HELP, collect);
  }
  program.hook('preAction', async (_program, action) => {
    if (rest) restoreRest(action, rest);
    const opts = action.opts() as { mappings?: string[] };
    await applyUserTables([...mappings, ...(action === program ? [] : (opts.mappings ?? []))]);
  });

  // Commander would print the whole help as an error where no command is given (`crossctl`, `crossctl --`) and
  // for `crossctl help NOSUCH`: help on stdout for the first, one error line for the others.
  const commandNames = (): string[] => program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  const unknownCommand = (word: string): CrossctlError => usageError(`unknown command '${word}'${didYouMean(word, commandNames())}`);
  program.helpCommand(true).allowExcessArguments(true).action((_opts: unknown, self: Command) => {
    const first = self.args[0];
    if (first !== undefined) throw unknownCommand(first);
    program.outputHelp();
  });
  if (!argv.length) {
    program.outputHelp();
    return EXIT.ok;
  }
  const at = argv[0] === '--' ? 1 : 0;
  if (argv[at] === 'help' && argv[at + 1] !== undefined && !commandNames().includes(argv[at + 1]!)) throw unknownCommand(argv[at + 1]!);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
      // Help shown because something was missing (a command group without its subcommand) is a usage error.
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return EXIT.usage;
    }
    throw e;
  }
  return code;
}

/** `init`, `alias` and `completion`: each loads its module only when run (init starts in every new shell). */
function registerShellCommands(program: Command, done: (code: number) => void): void {
  const shells = ['bash', 'zsh', 'fish', 'powershell'];
  const targetHelp = 'the CLI that runs, TOOL or TOOL@VERSION (default: the first of nerdctl, podman, crictl, ctr on PATH)';
  program
    .command('init')
    .description('print shell code that runs docker commands as another CLI (a function, not an alias), or write --shim wrappers')
    .addArgument(program.createArgument('[shell]', 'the shell to load it into').choices(shells))
    .option('--from <tool>', 'the CLI you type (default: docker)')
    .option('--to <tool>', targetHelp)
    .option('--cmd <name>', 'name of the function or shim (default: the --from tool)')
    .option('--shim <dir>', 'write an executable sh wrapper DIR/docker instead (put DIR first on PATH: scripts, Makefiles, CI)')
    .option('--force', 'with --shim: replace a file that is not a crossctl shim')
    .option('-n, --namespace <ns>', 'containerd namespace for ctr and nerdctl')
    .option('--k8s', 'preset for Kubernetes nodes: namespace k8s.io')
    .addHelpText('after', `\nExamples:\n  eval "$(crossctl init bash --to nerdctl)"\n  crossctl init fish --to podman | source\n  Invoke-Expression (& crossctl init powershell --to nerdctl | Out-String)\n  crossctl init --shim ~/.local/crossctl-shims --to crictl && PATH=~/.local/crossctl-shims:$PATH`)
    .action(async (shell: string | undefined, opts: InitFlags) => {
      const { runInit } = await import('./commands/init.js');
      done(runInit(shell, opts));
    });
  program
    .command('alias')
    .description("print short aliases (fish: abbreviations) for the target's most used commands, to learn its spelling")
    .addOption(program.createOption('--shell <shell>', 'the shell to load them into').choices(shells).makeOptionMandatory())
    .option('--to <tool>', targetHelp)
    .action(async (opts: { shell?: string; to?: string }) => {
      const { runAlias } = await import('./commands/alias.js');
      done(runAlias(opts));
    });
  program
    .command('completion')
    .description("print crossctl's own shell completion (commands, options, tool names, topics)")
    .addArgument(program.createArgument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .action(async (shell: 'bash' | 'zsh' | 'fish') => {
      const { runCompletion } = await import('./commands/completion.js');
      done(runCompletion(shell, program));
    });
}

export interface TranslateFlags {
  outDir?: string;
  from?: string;
  to?: string;
  json?: boolean;
  namespace?: string;
  k8s?: boolean;
  exec?: boolean;
  dryRun?: boolean;
  file?: string;
  inPlace?: boolean;
  backup?: boolean;
  check?: boolean;
  annotate?: boolean;
}

export const tables = (): Tables => loadTables();

/** The whole program, for callers that import the CLI (tests): the same routing as bin/crossctl.js. */
export { run, start, fail, EXIT_INTERNAL } from './main.js';
export { Option };
