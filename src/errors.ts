/** Exit codes, documented in --help and docs/exit-codes.md. */
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
    /** Further problems, each printed on its own `crossctl: error:` line before the message (file:line:col: …). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CrossctlError';
  }

  // The entry bundle and the full CLI each carry this class: recognise an instance from either by a shared brand.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

const BRAND = Symbol.for('crossctl.error');
Object.defineProperty(CrossctlError.prototype, BRAND, { value: true });

export const usageError = (message: string): CrossctlError => new CrossctlError(message, EXIT.usage);

const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

const MAX_LINE = 2000;

/**
 * Text made safe for one line of a terminal: newlines and other control characters (ESC, C1) a hostile
 * command may carry are shown escaped (\n, \x1b), so each message is one line and never drives the terminal;
 * a message quoting a huge word is cut short.
 */
export function oneLine(text: string, max = MAX_LINE): string {
  const line = text.replace(CONTROL, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  if (line.length <= max) return line;
  const cut = /[\ud800-\udbff]/.test(line[max - 1]!) ? max - 1 : max;
  return `${line.slice(0, cut)}… (${line.length - cut} more characters)`;
}

/** The lines `crossctl: error: …` for an error the user caused. */
export const errorLines = (e: CrossctlError): string =>
  [...e.details, e.message].map((line) => `crossctl: error: ${oneLine(line)}\n`).join('');
