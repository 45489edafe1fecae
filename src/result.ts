export type Status = 'exact' | 'partial' | 'unsupported';

export interface Step {
  argv: string[];
  /** The step's trimmed stdout replaces `${NAME}` in later steps' argv. */
  capture?: string;
}

export interface PlanFile {
  name: string;
  content: string;
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
  concept: string | null;
  results: TargetResult[];
}
