// Where crossctl itself and the container CLIs are, for generated code that must work without crossctl on PATH.
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** An executable file named `name` on PATH (or `name` itself when it is a path), like `command -v`. */
export function which(name: string, path: string = process.env.PATH ?? ''): string | undefined {
  const isFile = (p: string): boolean => {
    try {
      if (!statSync(p).isFile()) return false;
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (name.includes('/')) return isFile(name) ? resolve(name) : undefined;
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = join(dir, name + ext);
      if (isFile(p)) return p;
    }
  }
  return undefined;
}

/**
 * The argv prefix that runs this crossctl from anywhere: the node binary and the script it runs, both absolute
 * (symlinks resolved, so an npm bin link or a moved working directory does not matter); else the crossctl on PATH.
 */
export function selfCommand(argv1: string | undefined = process.argv[1]): string[] {
  if (argv1) {
    try {
      const script = realpathSync.native(isAbsolute(argv1) ? argv1 : resolve(argv1));
      if (statSync(script).isFile()) return [realpathSync.native(process.execPath), script];
    } catch {
      // not a file: fall through to PATH
    }
  }
  return [which('crossctl') ?? 'crossctl'];
}
