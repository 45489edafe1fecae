import { Argument, Command, CommanderError, Option } from 'commander';
import { CrossctlError, EXIT } from './errors.js';
import { loadTables, type Tables } from './tables.js';

const VERSION = '0.1.0';
const TOOLS = ['docker', 'podman', 'nerdctl', 'ctr', 'crictl'];
const SHELLS = ['bash', 'zsh', 'fish', 'powershell'];

const EXIT_HELP = `
Exit status:
  0    translated (including partial translations, whose losses are warned about on stderr)
  1    no requested target can express the command
  2    bad input: unknown tool, command or flag, missing value, unbalanced quote, empty input
  127  --exec: the target binary is not installed
  Errors are one line on stderr: crossctl: error: …`;

function writeOut(text: string): void {
  process.stdout.write(text);
}

export async function main(argv: string[]): Promise<number> {
  // `crossctl docker ps -a`: a tool name first is a shortcut for translating to every other tool.
  if (argv[0] !== undefined && TOOLS.includes(argv[0])) {
    const { runTranslate } = await import('./commands/translate.js');
    return runTranslate(argv, {});
  }
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
      outputError: (s, write) => write(`crossctl: error: ${s.replace(/^error: /, '').trim()}\n`),
    });

  program
    .command('translate')
    .description('translate one command into the other CLIs')
    .argument('[command...]', 'the command, as words after -- or as one quoted string')
    .option('--from <tool>', `source tool (${TOOLS.join(', ')}); read from the command's first word by default`)
    .option('--to <tools>', 'target tools, comma-separated, TOOL@VERSION to pick a version, or all (default: all but the source)')
    .option('--json', 'print the translation as JSON')
    .option('-n, --namespace <ns>', 'containerd namespace for ctr and nerdctl (Kubernetes: k8s.io, Docker Engine: moby)')
    .option('--k8s', 'preset for Kubernetes nodes: namespace k8s.io')
    .passThroughOptions()
    .addHelpText('after', `\nExamples:\n  crossctl translate --to crictl "docker logs --tail 50 -f web"\n  crossctl translate --to podman,nerdctl -- docker run -d -p 8080:80 nginx\n${EXIT_HELP}`)
    .action(async (words: string[], opts: TranslateFlags) => {
      const { runTranslate } = await import('./commands/translate.js');
      code = await runTranslate(words, opts);
    });

  program
    .command('init')
    .description('print shell code that runs docker commands as another CLI (a function, not an alias), or write --shim wrappers')
    .addArgument(new Argument('[shell]', 'the shell to load it into').choices(SHELLS))
    .option('--from <tool>', 'the CLI you type (default: docker)')
    .option('--to <tool>', 'the CLI that runs, TOOL or TOOL@VERSION (default: the first of nerdctl, podman, crictl, ctr on PATH)')
    .option('--cmd <name>', 'name of the function or shim (default: the --from tool)')
    .option('--shim <dir>', 'write an executable sh wrapper DIR/docker instead (put DIR first on PATH: scripts, Makefiles, CI)')
    .option('--force', 'with --shim: replace a file that is not a crossctl shim')
    .option('-n, --namespace <ns>', 'containerd namespace for ctr and nerdctl')
    .option('--k8s', 'preset for Kubernetes nodes: namespace k8s.io')
    .addHelpText('after', `\nExamples:\n  eval "$(crossctl init bash --to nerdctl)"\n  crossctl init fish --to podman | source\n  Invoke-Expression (& crossctl init powershell --to nerdctl | Out-String)\n  crossctl init --shim ~/.local/crossctl-shims --to crictl && PATH=~/.local/crossctl-shims:$PATH`)
    .action(async (shell: string | undefined, opts: import('./commands/init.js').InitFlags) => {
      const { runInit } = await import('./commands/init.js');
      code = runInit(shell, opts);
    });

  program
    .command('alias')
    .description("print short aliases (fish: abbreviations) for the target's most used commands, to learn its spelling")
    .addOption(new Option('--shell <shell>', 'the shell to load them into').choices(SHELLS).makeOptionMandatory())
    .option('--to <tool>', 'the CLI to learn (default: the first of nerdctl, podman, crictl, ctr on PATH)')
    .action(async (opts: { shell?: string; to?: string }) => {
      const { runAlias } = await import('./commands/alias.js');
      code = runAlias(opts);
    });

  program
    .command('completion')
    .description("print crossctl's own shell completion (commands, options, tool names, topics)")
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .action(async (shell: 'bash' | 'zsh' | 'fish') => {
      const { runCompletion } = await import('./commands/completion.js');
      code = runCompletion(shell, program);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    throw e;
  }
  return code;
}

export interface TranslateFlags {
  from?: string;
  to?: string;
  json?: boolean;
  namespace?: string;
  k8s?: boolean;
}

export const tables = (): Tables => loadTables();

function fail(e: unknown): number {
  if (e instanceof CrossctlError) {
    process.stderr.write(`crossctl: error: ${e.message}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  process.stderr.write(`crossctl: internal error: ${err?.message ?? String(e)} (please report this)\n`);
  if (process.env.CROSSCTL_DEBUG) process.stderr.write(`${err?.stack}\n`);
  return 70;
}

// A reader that closed the pipe (`| head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = fail(e);
  },
);

export { Option, fail };
