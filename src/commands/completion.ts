// `crossctl completion bash|zsh|fish`: crossctl's own completion, from commander's tree and the tables.
import type { Command } from 'commander';
import { loadTables } from '../tables.js';
import { completionModel, completionScript, type CompletionShell } from '../shell/completion.js';

export function runCompletion(shell: CompletionShell, program: Command): number {
  process.stdout.write(completionScript(shell, completionModel(program, loadTables())));
  return 0;
}
