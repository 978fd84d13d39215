// `kaifang calendar recompute [--dry-run] [--json]`: after a new or corrected holiday notice
// (KAIFANG_CALENDAR_FILE), every open deadline is counted again on the calendar in force. Each moved case prints
// old → new; without --dry-run the deadlines and their reminders move, the parties are told (through the outbox, in
// working hours) and the audit log records it.
// `kaifang calendar import <file> [--apply] [--json]`: the State Council's notice from its text (calendar-import.ts).
import { runCalendarImport } from './calendar-import.ts';
import { EXIT, usageError, type CommandIo, type OperatorCommandDeps } from './operator-command.ts';
import { exportJson } from './export-json.ts';
import { parseOptions } from './parse-options.ts';
import { recountDeadlines, recountLines } from './recount-deadlines.ts';

/** Each sub-command's own flags; --help and --json are everyone's. */
const FLAGS = { recompute: ['--dry-run'], import: ['--apply'] } as const;

export async function runCalendarCommand(args: string[], io: CommandIo, deps: OperatorCommandDeps): Promise<number> {
  const { t } = deps;
  const usage = t('cli.calendar.usage');
  const parsed = parseOptions(args, { flags: ['--dry-run', '--apply', '--json', '--help'], values: [] });
  if (!parsed.ok) return usageError(io, t, usage, parsed);
  if (parsed.flags.has('--help')) {
    io.out(usage);
    return EXIT.ok;
  }
  const [sub, ...rest] = parsed.positional;
  if (sub !== 'recompute' && sub !== 'import') {
    if (sub !== undefined) io.err(t('cli.calendar.unknownSub', { sub }));
    io.err(usage);
    return EXIT.usage;
  }
  const foreign = Object.entries(FLAGS).flatMap(([other, flags]) => (other === sub ? [] : flags.filter((f) => parsed.flags.has(f))));
  if (foreign.length > 0) return usageError(io, t, usage, { error: 'unknownOption', option: foreign.join(' ') });
  const json = parsed.flags.has('--json');
  if (sub === 'import') {
    const [file, ...extra] = rest;
    if (extra.length > 0) return usageError(io, t, usage, { error: 'extraArgs', option: extra.join(' ') });
    if (file === undefined) {
      io.err(t('cli.calendar.import.needsFile'));
      io.err(usage);
      return EXIT.usage;
    }
    return runCalendarImport(file, { apply: parsed.flags.has('--apply'), json }, io, deps);
  }
  if (rest.length > 0) return usageError(io, t, usage, { error: 'extraArgs', option: rest.join(' ') });
  const dryRun = parsed.flags.has('--dry-run');
  return deps.withApp(async (app) => {
    const moved = await recountDeadlines(app, { dryRun });
    if (json) {
      io.out(exportJson({ dryRun, moved }));
      return EXIT.ok;
    }
    for (const line of recountLines(t, moved, dryRun)) io.out(line);
    return EXIT.ok;
  });
}
