/** Exit codes, documented in --help and the README. */
export const EXIT = {
  ok: 0,
  untranslatable: 1,
  usage: 2,
  notFound: 127,
} as const;

/** An error the user caused; printed as one line `crossctl: error: …`, never with a stack. */
export class CrossctlError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CrossctlError';
  }
}

export const usageError = (message: string): CrossctlError => new CrossctlError(message, EXIT.usage);
