import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';

export interface CorpusRow {
  tool: string;
  page: string;
  family: string;
  command: string;
  concrete: string;
  concrete_long: string;
}

export const sharedDir = (): string => join(projectRoot(), '..', 'shared');
export const corpusPath = (): string => join(sharedDir(), 'corpus', 'tldr.jsonl');
export const haveCorpus = (): boolean => existsSync(corpusPath());

export function loadCorpus(): CorpusRow[] {
  return readFileSync(corpusPath(), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as CorpusRow);
}

/** A single simple command: no pipes, lists or redirections outside quotes (those go through --file). */
export const isSingleCommand = (line: string): boolean => !/[|<>;&]/.test(line.replace(/'[^']*'|"[^"]*"/g, ''));

/** Shared material is optional outside CI and required in it. */
export const sharedMissingMessage = 'skipped: ../shared is absent (it is required when CI=true)';
export const inCI = (): boolean => process.env.CI === 'true';
