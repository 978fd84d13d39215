// `kaifang report [--week <YYYY-Www>] [--agency <id>] --out <file.png>`: the weekly report an operator can look at —
// its text in the CLI's language and its picture written to a file — for the week before this one by default, for
// every agency or one. `kaifang report --dry-run [--week]`: who would get that week's report, and who already has.
import { writeFileSync } from 'node:fs';
import { localDateOf } from '../domain/calendar/local-date.ts';
import { renderNotification } from '../application/commands/render.ts';
import { scopeName } from '../application/evaluation/stats-text.ts';
import { weeklyReportKey } from '../application/evaluation/weekly-report-sender.ts';
import { composeWeeklyReport, weekBefore, weekSpan } from '../application/evaluation/weekly-report.ts';
import { WEEKLY_REPORT_MESSAGE, weeklyReportParams } from '../application/evaluation/weekly-report-text.ts';
import { EXIT, usageError, type CommandIo, type OperatorCommandDeps } from './operator-command.ts';
import { parseOptions } from './parse-options.ts';

export async function runReportCommand(args: string[], io: CommandIo, deps: OperatorCommandDeps): Promise<number> {
  const { t, timeZone } = deps;
  const usage = t('cli.report.usage');
  const parsed = parseOptions(args, { flags: ['--dry-run', '--help'], values: ['--week', '--agency', '--out'] });
  if (!parsed.ok) return usageError(io, t, usage, parsed);
  if (parsed.flags.has('--help')) {
    io.out(usage);
    return EXIT.ok;
  }
  if (parsed.positional.length > 0) return usageError(io, t, usage, { error: 'extraArgs', option: parsed.positional.join(' ') });
  const dryRun = parsed.flags.has('--dry-run');
  const out = parsed.values.get('--out');
  if (dryRun === (out !== undefined) || (dryRun && parsed.values.has('--agency'))) {
    io.err(t('cli.report.needsMode'));
    io.err(usage);
    return EXIT.usage;
  }
  const weekOption = parsed.values.get('--week')?.toUpperCase().replace(/^(\d{4})W/, '$1-W');
  if (weekOption !== undefined && !weekSpan(weekOption)) {
    io.err(t('cli.report.badWeek', { value: parsed.values.get('--week')! }));
    return EXIT.badValue;
  }
  return deps.withApp(async (app) => {
    const now = app.clock.now();
    const today = localDateOf(now, timeZone);
    const week = weekOption ?? weekBefore(today);
    if (dryRun) {
      const recipients = await app.weeklyReport.recipients();
      io.out(t('cli.report.dryRunHeader', { week, count: recipients.length, state: t(app.config.weeklyReport ? 'cli.report.on' : 'cli.report.off') }));
      for (const r of recipients) {
        const scope = await scopeName(r.scope, app.store, t);
        const sent = await app.store.once.isClaimed(weeklyReportKey(week, r.user.id));
        io.out(t(sent ? 'cli.report.dryRunSent' : 'cli.report.dryRunLine', { user: r.user.id, name: r.user.name, scope }));
      }
      return EXIT.ok;
    }
    const agencyId = parsed.values.get('--agency') ?? null;
    const agency = agencyId === null ? null : await app.store.agencies.get(agencyId);
    if (agencyId !== null && !agency) {
      io.err(t('cli.report.unknownAgency', { agency: agencyId }));
      return EXIT.badValue;
    }
    const data = await app.statistics.read(today, today);
    const report = await composeWeeklyReport({ store: app.store, calendar: app.calendar }, data, { week, scope: agency?.id ?? null, today });
    const params = weeklyReportParams(t, report, await scopeName(agency?.id ?? null, app.store, t));
    io.out(renderNotification(t, WEEKLY_REPORT_MESSAGE, params));
    const picture = await app.pictures.of({ message: WEEKLY_REPORT_MESSAGE, params }, app.config.defaultLocale);
    try {
      writeFileSync(out!, picture!.png);
    } catch (e) {
      io.err(t('cli.report.cannotWrite', { file: out!, reason: e instanceof Error ? e.message : String(e) }));
      return EXIT.refused;
    }
    io.out(t('cli.report.written', { file: out!, bytes: picture!.png.byteLength }));
    return EXIT.ok;
  });
}
