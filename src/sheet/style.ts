import { colorWanted } from '../paint.js';

/** Text styles for terminal output; identity functions when colour is off. */
export interface Style {
  color: boolean;
  bold(s: string): string;
  dim(s: string): string;
  partial(s: string): string;
  none(s: string): string;
  exact(s: string): string;
}

const id = (s: string): string => s;
export const noStyle: Style = { color: false, bold: id, dim: id, partial: id, none: id, exact: id };

/** The colour policy of src/paint.ts (NO_COLOR, FORCE_COLOR, TTY) for a stream; chalk is loaded only when used. */
export async function styleFor(stream: NodeJS.WriteStream = process.stdout): Promise<Style> {
  if (!colorWanted(stream)) return noStyle;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { color: true, bold: (s) => c.bold(s), dim: (s) => c.dim(s), partial: (s) => c.yellow(s), none: (s) => c.red(s), exact: (s) => c.green(s) };
}
