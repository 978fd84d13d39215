// `kaifang calendar import <file> [--apply] [--json]`: the State Council's holiday notice from its text as published
// (国务院办公厅关于YYYY年部分节假日安排的通知). The text is read and checked before the database is opened; what was
// understood is printed with what it replaces and which open deadlines it would move. Nothing is stored without
// --apply (Probot's best practice: a dry run first, no bulk change without an explicit yes). With --apply the notice
// becomes its year's (setting calendar.notice.<year>, audited) and the open deadlines are counted again exactly as
// `calendar recompute` does.
import { readFileSync, statSync } from 'node:fs';
import { formatInstant } from '../application/commands/render.ts';
import { calendarInForce } from '../application/calendar/calendar-in-force.ts';
import { createImportedNotices, importedNoticeKey, type ImportedNotice } from '../application/calendar/imported-notices.ts';
import type { HolidayNotice } from '../domain/calendar/holiday-notice.ts';
import { OFFICIAL_NOTICES } from '../domain/calendar/official-notices.ts';
import { weekday } from '../domain/calendar/local-date.ts';
import { NOTICE_TEXT_MAX_LENGTH, parseHolidayNoticeText, type NoticeTextProblem, type ReadNotice } from '../domain/calendar/parse-holiday-notice-text.ts';
import type { Params } from '../domain/errors.ts';
import type { Translate } from '../i18n/translator.ts';
import type { App } from '../main.ts';
import { EXIT, type CommandIo, type OperatorCommandDeps } from './operator-command.ts';
import { exportJson } from './export-json.ts';
import { movedLines, recountDeadlines, recountLines } from './recount-deadlines.ts';

/** UTF-8 takes at most four bytes a character: a larger file cannot hold a text short enough to be a notice. */
const MAX_FILE_BYTES = NOTICE_TEXT_MAX_LENGTH * 4;

/** The CLI has no login of its own: the audit log records that the platform's operator acted, from the command line. */
const CLI_OPERATOR = { actorId: 'operator', channel: 'cli' } as const;

type FileRead = { ok: true; text: string } | { ok: false; message: string };

function readNoticeFile(t: Translate, file: string): FileRead {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { ok: false, message: t('cli.calendar.import.notAFile', { file }) };
    if (stat.size > MAX_FILE_BYTES) return { ok: false, message: t('cli.calendar.import.tooLarge', { file, size: stat.size }) };
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return { ok: false, message: code === 'ENOENT' ? t('cli.calendar.import.notFound', { file }) : t('cli.calendar.import.cannotRead', { file, code }) };
  }
}

/** The refusal in the operator's language: the file and line, what is wrong, and the line as written. */
export function problemLines(t: Translate, file: string, problem: NoticeTextProblem): string[] {
  const params: Params = { ...problem.params };
  for (const [key, day] of Object.entries(params))
    if (/^weekday$|Weekday$/.test(key) && typeof day === 'number') params[key] = t(`calendar.notice.weekday.${day}`);
  const reason = t(`calendar.notice.problem.${problem.code}`, params);
  if (problem.line === null) return [t('cli.calendar.import.refused', { file, reason })];
  return [t('cli.calendar.import.refusedAt', { file, line: problem.line, reason }), t('cli.calendar.import.quote', { quote: problem.quote ?? '' })];
}

/** A festival's name in the reader's language; a name the locale does not know (中秋节、国庆节) as the notice wrote it. */
function festival(t: Translate, name: string): string {
  const key = `calendar.names.${name}`;
  const translated = t(key);
  return translated === key ? name : translated;
}

function shortWeekday(t: Translate, date: string): string {
  return t(`calendar.weekday.${weekday(date)}`);
}

/** What was understood: the provenance, each item's periods and make-up days, the totals. */
export function understoodLines(t: Translate, read: ReadNotice): string[] {
  const { notice, issuedOn, items } = read;
  const lines = [
    issuedOn === null
      ? t('cli.calendar.import.headerUnsigned', { year: notice.year, title: notice.title })
      : t('cli.calendar.import.header', { year: notice.year, title: notice.title, issuedOn }),
  ];
  for (const item of items) {
    const name = festival(t, item.name);
    for (const p of item.periods) {
      const first = { first: p.first, firstDay: shortWeekday(t, p.first) };
      lines.push(
        p.days === 1
          ? t('cli.calendar.import.oneDay', { name, ...first })
          : t('cli.calendar.import.period', { name, ...first, last: p.last, lastDay: shortWeekday(t, p.last), days: p.days }),
      );
    }
    if (item.makeUpDays.length > 0) {
      const days = item.makeUpDays.map((date) => t('cli.calendar.import.makeUpDay', { date, weekday: shortWeekday(t, date) }));
      lines.push(t('cli.calendar.import.makeUp', { days: days.join(t('calendar.deadline.listSeparator')) }));
    }
  }
  lines.push(t('cli.calendar.import.totals', { holidays: notice.holidays.length, workdays: notice.workdays.length }));
  return lines;
}

/** Where the notice stands against the calendar in force. */
interface Standing {
  replaces: 'imported' | 'builtIn' | null;
  /** When the notice it replaces was imported. */
  replacedImportedAt: Date | null;
  /** The days off and make-up days are those of the notice in force for the year: nothing would move. */
  sameDays: boolean;
  /** KAIFANG_CALENDAR_FILE gives the year too, and stays in force over the import. */
  overriddenByFile: boolean;
}

function daysOf(notice: HolidayNotice): string {
  return JSON.stringify([notice.holidays.map((d) => d.date).sort(), notice.workdays.map((d) => d.date).sort()]);
}

function standingOf(app: App, notice: HolidayNotice): Standing {
  const previous = app.calendarSources.imported.find((i) => i.notice.year === notice.year) ?? null;
  const inForce = app.calendar.notices.find((n) => n.year === notice.year);
  return {
    replaces: previous ? 'imported' : OFFICIAL_NOTICES.some((n) => n.year === notice.year) ? 'builtIn' : null,
    replacedImportedAt: previous?.importedAt ?? null,
    sameDays: inForce !== undefined && daysOf(inForce) === daysOf(notice),
    overriddenByFile: app.calendarSources.file.some((n) => n.year === notice.year),
  };
}

function standingLines(t: Translate, year: number, s: Standing, timeZone: string): string[] {
  const lines: string[] = [];
  if (s.replaces === 'imported') lines.push(t('cli.calendar.import.replacesImported', { year, at: formatInstant(s.replacedImportedAt!, timeZone) }));
  else if (s.replaces === 'builtIn') lines.push(t('cli.calendar.import.replacesBuiltIn', { year }));
  else if (!s.overriddenByFile) lines.push(t('cli.calendar.import.isNew', { year }));
  if (s.sameDays) lines.push(t('cli.calendar.import.sameDays', { year }));
  if (s.overriddenByFile) lines.push(t('cli.calendar.import.fileWins', { year }));
  return lines;
}

export async function runCalendarImport(file: string, options: { apply: boolean; json: boolean }, io: CommandIo, deps: OperatorCommandDeps): Promise<number> {
  const { t } = deps;
  const content = readNoticeFile(t, file);
  if (!content.ok) {
    io.err(content.message);
    return EXIT.badValue;
  }
  const parsed = parseHolidayNoticeText(content.text);
  if (!parsed.ok) {
    for (const line of problemLines(t, file, parsed.problem)) io.err(line);
    io.err(t('cli.calendar.import.nothingStored'));
    return EXIT.badValue;
  }
  const read = parsed.value;
  const { notice, issuedOn } = read;
  const key = importedNoticeKey(notice.year);
  return deps.withApp(async (app) => {
    const standing = standingOf(app, notice);
    const now = app.clock.now();
    const imported: ImportedNotice = { notice, issuedOn, importedAt: now };
    // The calendar as it will be once the notice is stored: the same sources, this notice in place of its year's.
    const others = app.calendarSources.imported.filter((i) => i.notice.year !== notice.year);
    const calendar = calendarInForce({ imported: [...others, imported], file: app.calendarSources.file });
    if (options.apply) {
      await app.store.transaction(async (repos) => {
        await createImportedNotices(repos.settings).put(imported);
        const detail: Params = { year: notice.year, title: notice.title, issuedOn: issuedOn ?? '-', holidays: notice.holidays.length, workdays: notice.workdays.length, replaces: standing.replaces ?? '-' };
        await repos.audit.append({ at: now, ...CLI_OPERATOR, action: 'calendar.notice_imported', caseId: null, detail });
      });
    }
    const moved = await recountDeadlines(app, { dryRun: !options.apply, calendar });

    if (options.json) {
      io.out(exportJson({ applied: options.apply, settingKey: key, notice, issuedOn, items: read.items, ...standing, moved }));
      return EXIT.ok;
    }
    for (const line of understoodLines(t, read)) io.out(line);
    for (const line of standingLines(t, notice.year, standing, deps.timeZone)) io.out(line);
    if (!options.apply) {
      if (moved.length === 0) {
        if (!standing.sameDays) io.out(t('cli.calendar.import.movesNone'));
      } else {
        io.out(t('cli.calendar.import.wouldMove', { count: moved.length }));
        for (const line of movedLines(t, moved)) io.out(`  ${line}`);
      }
      io.out(t('cli.calendar.import.dryRun', { year: notice.year }));
      return EXIT.ok;
    }
    io.out(t('cli.calendar.import.stored', { year: notice.year, key }));
    for (const line of recountLines(t, moved, false)) io.out(line);
    io.out(t('cli.calendar.import.restartServe'));
    return EXIT.ok;
  });
}
