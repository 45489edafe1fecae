export type Status = 'exact' | 'partial' | 'unsupported';

/** A command whose stdout decides whether a step runs: it "matches" when a line matches the regex. */
export interface Probe {
  argv: string[];
  /** A regular expression (ECMAScript, also valid for grep -E) tested against each line of the probe's stdout. */
  matches: string;
}

export interface Step {
  argv: string[];
  /** The step's trimmed stdout replaces `${NAME}` in later steps' argv. */
  capture?: string;
  /** Run the step only when the probe matches (e.g. delete a task only if one exists). */
  when?: Probe;
  /** Skip the step when the probe matches (e.g. pull only if the image is missing). */
  unless?: Probe;
  /** With `when`: first wait up to this many seconds, polling, for the probe to stop matching (a grace period). */
  waitSeconds?: number;
}

export interface PlanFile {
  name: string;
  content: string;
  /** Where `--out-dir` wrote it (the steps name it by this path then). */
  path?: string;
}

export interface TargetResult {
  to: string;
  version: string;
  status: Status;
  steps: Step[];
  files: PlanFile[];
  warnings: string[];
  reason: string | null;
}

export interface Translation {
  from: string;
  input: string[];
  /**
   * Shell expansions a command given as one string held (`$PWD`, `$(cat id)`), as written: crossctl runs no
   * shell, so they stay literal text in the words. Absent when there were none.
   */
  expansions?: string[];
  concept: string | null;
  results: TargetResult[];
}
