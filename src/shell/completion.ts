// `crossctl completion bash|zsh|fish`: completion for crossctl's own commands and options, generated from
// commander's command tree (so a new command or option completes without touching this file) and from the
// tables (tool names, topics). Option values are known by choices or by the value's name: <tool>, <tools>
// (comma-separated), <shell>, <topic> (or <topic-or-tool>), <dir>, <file>.
import type { Argument, Command, Option } from 'commander';
import type { Tables } from '../tables.js';
import { fishWord, posixWord, SHELLS } from './quote.js';

export type CompletionShell = 'bash' | 'zsh' | 'fish';

export type Values = { kind: 'words'; words: string[]; list?: boolean } | { kind: 'dir' } | { kind: 'file' } | { kind: 'free' };

export interface OptModel {
  short?: string;
  long?: string;
  description: string;
  /** Absent: a flag without a value. */
  value?: Values;
}

export interface CmdModel {
  name: string;
  aliases: string[];
  description: string;
  options: OptModel[];
  /** Completion of the first positional argument. */
  first?: Values;
}

export interface CompletionModel {
  root: OptModel[];
  commands: CmdModel[];
  /** Tool names: the shortcut `crossctl docker …`, and values of --from/--to. */
  tools: string[];
  topics: string[];
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function valuesByName(name: string, choices: readonly string[] | undefined, m: Pick<CompletionModel, 'tools' | 'topics'>): Values {
  if (choices?.length) return { kind: 'words', words: [...choices] };
  const n = name.toLowerCase();
  if (n === 'tools') return { kind: 'words', words: [...m.tools, 'all'], list: true };
  if (n === 'tool' || n === 'command' || n === 'command...') return { kind: 'words', words: m.tools };
  if (n.includes('shell')) return { kind: 'words', words: [...SHELLS] };
  if (n.includes('topic')) return { kind: 'words', words: n.includes('tool') ? [...m.topics, ...m.tools] : m.topics };
  if (n.includes('dir')) return { kind: 'dir' };
  if (n.includes('file') || n.includes('path')) return { kind: 'file' };
  return { kind: 'free' };
}

function optionModel(o: Option, m: Pick<CompletionModel, 'tools' | 'topics'>): OptModel {
  const out: OptModel = { description: oneLine(o.description) };
  if (o.short) out.short = o.short;
  if (o.long) out.long = o.long;
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1];
  if (o.required || o.optional) out.value = valuesByName(placeholder ?? '', o.argChoices, m);
  return out;
}

export function completionModel(program: Command, tables: Tables): CompletionModel {
  const base = { tools: Object.keys(tables.tools), topics: tables.topics.map((t) => t.id) };
  const help = program.createHelp();
  const commands = help.visibleCommands(program).map((c): CmdModel => {
    const first: Argument | undefined = help.visibleArguments(c)[0] ?? c.registeredArguments[0];
    const model: CmdModel = {
      name: c.name(),
      aliases: c.aliases(),
      description: oneLine(c.description()),
      options: help.visibleOptions(c).map((o) => optionModel(o, base)),
    };
    if (c.name() === 'help') model.first = { kind: 'words', words: program.commands.map((x) => x.name()) };
    else if (first) model.first = valuesByName(first.name(), first.argChoices, base);
    return model;
  });
  return { ...base, root: help.visibleOptions(program).map((o) => optionModel(o, base)), commands };
}

export function completionScript(shell: CompletionShell, model: CompletionModel): string {
  if (shell === 'bash') return bash(model);
  if (shell === 'zsh') return zsh(model);
  return fish(model);
}

const names = (o: OptModel): string[] => [...(o.short ? [o.short] : []), ...(o.long ? [o.long] : [])];
const topWords = (m: CompletionModel): string[] => [...m.commands.flatMap((c) => [c.name, ...c.aliases]), ...m.tools];

// bash ------------------------------------------------------------------------------------------------------

function bashValues(v: Values, indent: string): string {
  if (v.kind === 'words') return `${indent}${v.list ? '_crossctl_list' : '_crossctl_words'} ${posixWord(v.words.join(' '))} "$cur"`;
  if (v.kind === 'dir') return `${indent}_crossctl_files -d "$cur"`;
  if (v.kind === 'file') return `${indent}_crossctl_files -f "$cur"`;
  return `${indent}:`;
}

function bashCommand(c: CmdModel, indent: string): string[] {
  const lines: string[] = [];
  const valued = c.options.filter((o) => o.value);
  if (valued.length) {
    lines.push(`${indent}case $prev in`);
    for (const o of valued) {
      lines.push(`${indent}  ${names(o).join(' | ')})`, bashValues(o.value!, `${indent}    `), `${indent}    return`, `${indent}    ;;`);
    }
    lines.push(`${indent}esac`);
  }
  lines.push(`${indent}if [[ $cur == -* ]]; then`, `${indent}  _crossctl_words ${posixWord(c.options.flatMap(names).join(' '))} "$cur"`);
  if (c.first && c.first.kind !== 'free') lines.push(`${indent}elif ((npos == 0)); then`, bashValues(c.first, `${indent}  `));
  lines.push(`${indent}fi`);
  return lines;
}

function bash(m: CompletionModel): string {
  const lines = [
    "# crossctl completion for bash: crossctl's commands and options, tool names and topics.",
    '# Load it with: source <(crossctl completion bash)',
    '# or save it as ~/.local/share/bash-completion/completions/crossctl',
    '_crossctl_words() {',
    '  mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")',
    '}',
    '# A comma-separated list (--to nerdctl,podman): complete the word after the last comma.',
    '_crossctl_list() {',
    '  local last=${2##*,}',
    '  mapfile -t COMPREPLY < <(compgen -P "${2%"$last"}" -W "$1" -- "$last")',
    '}',
    '_crossctl_files() {',
    '  mapfile -t COMPREPLY < <(compgen "$1" -- "$2")',
    '  compopt -o filenames 2>/dev/null || true',
    '}',
    '_crossctl() {',
    '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}',
    "  local cmd='' valued=' ' w i npos=0",
    '  COMPREPLY=()',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    w=${COMP_WORDS[i]}',
    '    if [[ $valued == *" $w "* ]]; then',
    '      i=$((i + 1))',
    '      continue',
    '    fi',
    ...wordWalk(m),
    '  case $cmd in',
    "    '')",
  ];
  lines.push(
    '      if [[ $cur == -* ]]; then',
    `        _crossctl_words ${posixWord(m.root.flatMap(names).join(' '))} "$cur"`,
    '      else',
    `        _crossctl_words ${posixWord(topWords(m).join(' '))} "$cur"`,
    '      fi',
    '      ;;',
  );
  for (const c of m.commands) {
    lines.push(`    ${[c.name, ...c.aliases].join(' | ')})`, ...bashCommand(c, '      '), '      ;;');
  }
  lines.push('  esac', '}', 'complete -F _crossctl crossctl');
  return `${lines.join('\n')}\n`;
}

// zsh -------------------------------------------------------------------------------------------------------

const zshItem = (name: string, description: string): string => posixWord(`${name.replace(/:/g, '\\:')}:${description}`);

function zshValues(v: Values, indent: string): string[] {
  if (v.kind === 'words') return [...(v.list ? [`${indent}compset -P '*,'`] : []), `${indent}compadd -- ${v.words.map(posixWord).join(' ')}`];
  if (v.kind === 'dir') return [`${indent}_files -/`];
  if (v.kind === 'file') return [`${indent}_files`];
  return [`${indent}_message 'a value'`];
}

function zshOptions(opts: OptModel[], indent: string): string[] {
  const items = opts.flatMap((o) => names(o).map((n) => zshItem(n, o.description)));
  return [`${indent}items=(${items.join(' ')})`, `${indent}_describe -t options option items`];
}

/**
 * The body of the loop over the words before the cursor, alike in bash and zsh: the first word that is not an
 * option is crossctl's command (which says which options take a value, so their values are skipped), the later
 * ones are counted as its arguments.
 */
function wordWalk(m: CompletionModel): string[] {
  const lines = ['    case $w in', '      -*) ;;', '      *)', '        if [[ -n $cmd ]]; then', '          npos=$((npos + 1))', '          continue', '        fi', '        cmd=$w', '        case $cmd in'];
  for (const c of m.commands) {
    const valued = c.options.filter((o) => o.value).flatMap(names);
    if (valued.length) lines.push(`          ${[c.name, ...c.aliases].join(' | ')}) valued=${posixWord(` ${valued.join(' ')} `)} ;;`);
  }
  lines.push('        esac', '        ;;', '    esac', '  done');
  return lines;
}

function zsh(m: CompletionModel): string {
  const lines = [
    '#compdef crossctl',
    "# crossctl completion for zsh: crossctl's commands and options, tool names and topics.",
    '# Load it with: source <(crossctl completion zsh)   (or save it as _crossctl in a directory on $fpath)',
    '_crossctl() {',
    "  local cmd='' valued=' ' w cur=${words[CURRENT]} prev=${words[CURRENT-1]}",
    '  local -a items',
    '  integer i npos=0',
    '  for (( i = 2; i < CURRENT; i++ )); do',
    '    w=${words[i]}',
    '    if [[ $valued == *" $w "* ]]; then',
    '      i=$(( i + 1 ))',
    '      continue',
    '    fi',
    ...wordWalk(m),
  ];
  lines.push('  case $cmd in', "    '')", '      if [[ $cur == -* ]]; then', ...zshOptions(m.root, '        '), '      else');
  const cmds = m.commands.flatMap((c) => [c.name, ...c.aliases].map((n) => zshItem(n, c.description)));
  const tools = m.tools.map((t) => zshItem(t, `translate a ${t} command to every other CLI`));
  lines.push(`        items=(${[...cmds, ...tools].join(' ')})`, '        _describe -t commands command items', '      fi', '      ;;');
  for (const c of m.commands) {
    lines.push(`    ${[c.name, ...c.aliases].join(' | ')})`);
    const valued = c.options.filter((o) => o.value);
    if (valued.length) {
      lines.push('      case $prev in');
      for (const o of valued) lines.push(`        ${names(o).join(' | ')})`, ...zshValues(o.value!, '          '), '          return', '          ;;');
      lines.push('      esac');
    }
    lines.push('      if [[ $cur == -* ]]; then', ...zshOptions(c.options, '        '));
    if (c.first && c.first.kind !== 'free') lines.push('      elif (( npos == 0 )); then', ...zshValues(c.first, '        '));
    lines.push('      fi', '      ;;');
  }
  lines.push(
    '  esac',
    '}',
    '# compdef comes with compinit; load it when this is sourced before compinit ran.',
    'if (( ! $+functions[compdef] )); then',
    '  autoload -Uz compinit && compinit',
    'fi',
    'compdef _crossctl crossctl',
  );
  return `${lines.join('\n')}\n`;
}

// fish ------------------------------------------------------------------------------------------------------

function fishValues(v: Values): string {
  if (v.kind === 'words') return v.list ? `-x -a ${fishWord(`(__crossctl_list ${v.words.join(' ')})`)}` : `-x -a ${fishWord(v.words.join(' '))}`;
  if (v.kind === 'dir') return `-x -a ${fishWord('(__fish_complete_directories (commandline -ct))')}`;
  if (v.kind === 'file') return '-r -F';
  return '-x';
}

function fishOption(cond: string, o: OptModel): string {
  const parts = ['complete -c crossctl', `-n ${fishWord(cond)}`];
  if (o.short) parts.push(`-s ${o.short.replace(/^-/, '')}`);
  if (o.long) parts.push(`-l ${o.long.replace(/^--/, '')}`);
  if (o.value) parts.push(fishValues(o.value));
  parts.push(`-d ${fishWord(o.description)}`);
  return parts.join(' ');
}

function fish(m: CompletionModel): string {
  const lines = [
    "# crossctl completion for fish: crossctl's commands and options, tool names and topics.",
    '# Load it with: crossctl completion fish | source   (or save it as ~/.config/fish/completions/crossctl.fish)',
    'complete -c crossctl -e',
    'complete -c crossctl -f',
    '# A comma-separated list (--to nerdctl,podman): keep what precedes the last comma.',
    'function __crossctl_list',
    "    set -l head (commandline -ct | string replace -r '[^,]*$' '')",
    "    set -q head[1]; or set head ''",
    "    printf '%s\\n' $head$argv",
    'end',
  ];
  const top = '__fish_use_subcommand';
  for (const o of m.root) lines.push(fishOption(top, o));
  for (const c of m.commands) {
    for (const n of [c.name, ...c.aliases]) lines.push(`complete -c crossctl -n ${top} -a ${fishWord(n)} -d ${fishWord(c.description)}`);
  }
  for (const t of m.tools) lines.push(`complete -c crossctl -n ${top} -a ${fishWord(t)} -d ${fishWord(`translate a ${t} command to every other CLI`)}`);
  for (const c of m.commands) {
    const cond = `__fish_seen_subcommand_from ${[c.name, ...c.aliases].join(' ')}`;
    for (const o of c.options) lines.push(fishOption(cond, o));
    if (c.first && c.first.kind !== 'free') {
      const v = c.first;
      const values = v.kind === 'words' ? `-a ${fishWord(v.words.join(' '))}` : v.kind === 'dir' ? `-a ${fishWord('(__fish_complete_directories (commandline -ct))')}` : '-F';
      lines.push(`complete -c crossctl -n ${fishWord(cond)} ${values}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
