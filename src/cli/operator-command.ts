// What the operator sub-commands that open the database share: their I/O, their exit codes, and how they open the app
// (the caller's `withApp`, which closes it again whatever happens).
import type { Translate } from '../i18n/translator.ts';
import type { App } from '../main.ts';
import type { ParsedOptions } from './parse-options.ts';

/** Where a command prints. `main` hands in one that masks every line (Z29, Z31); `--json` goes through exportJson. */
export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface OperatorCommandDeps {
  /** The CLI's language (KAIFANG_LOCALE); messages for people are rendered in each recipient's own. */
  t: Translate;
  timeZone: string;
  withApp: (work: (app: App) => Promise<number>) => Promise<number>;
}

/** sysexits: 64 for a command line that cannot be understood; 2 for a value that can (as `deadline` does); 1 for a refusal. */
/** sysexits.h where one fits: 64 EX_USAGE, 69 EX_UNAVAILABLE (a service did not answer), 78 EX_CONFIG. */
export const EXIT = { ok: 0, refused: 1, badValue: 2, usage: 64, unavailable: 69, config: 78 } as const;

/** Prints the option error and the command's usage to stderr; returns the usage exit code. */
export function usageError(
  io: CommandIo,
  t: Translate,
  usage: string,
  error: Pick<Extract<ParsedOptions, { ok: false }>, 'error' | 'option'> | { error: 'extraArgs'; option: string },
): number {
  io.err(t(`cli.options.${error.error}`, { option: error.option }));
  io.err(usage);
  return EXIT.usage;
}
