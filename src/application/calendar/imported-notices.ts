// The holiday notices an operator imported with `kaifang calendar import <file> --apply`: one setting per year,
// `calendar.notice.<year>`, its value JSON. What is read back is checked with zod before any deadline is counted on
// it: a hand-edited row fails loudly (STORE_CORRUPT) instead of moving deadlines.
import { z } from 'zod';
import type { HolidayNotice } from '../../domain/calendar/holiday-notice.ts';
import { isLocalDate } from '../../domain/calendar/local-date.ts';
import { KaifangError } from '../../domain/errors.ts';
import type { LocalDate } from '../../domain/model.ts';
import type { SettingRepository } from '../ports/delivery.ts';

export const IMPORTED_NOTICE_PREFIX = 'calendar.notice.';

export function importedNoticeKey(year: number): string {
  return `${IMPORTED_NOTICE_PREFIX}${year}`;
}

/** A notice as imported, with its provenance: the title (and document number) in `notice`, the date it was signed. */
export interface ImportedNotice {
  notice: HolidayNotice;
  /** The date under the notice's signature; null when the text had none. */
  issuedOn: LocalDate | null;
  importedAt: Date;
}

const localDate = z.string().refine(isLocalDate, 'not a YYYY-MM-DD date');
const day = z.strictObject({ date: localDate, name: z.string().min(1).max(40) });

const storedSchema = z
  .strictObject({
    year: z.number().int().min(1).max(9999),
    title: z.string().min(1).max(300),
    issuedOn: localDate.nullable(),
    importedAt: z.iso.datetime(),
    holidays: z.array(day).max(366),
    workdays: z.array(day).max(366),
  })
  .superRefine((v, ctx) => {
    const year = String(v.year).padStart(4, '0');
    const off = new Set<string>();
    for (const { date } of v.holidays) {
      if (!date.startsWith(`${year}-`)) ctx.addIssue({ code: 'custom', message: `holiday ${date} is not in ${v.year}` });
      off.add(date);
    }
    for (const { date } of v.workdays) {
      if (!date.startsWith(`${year}-`)) ctx.addIssue({ code: 'custom', message: `workday ${date} is not in ${v.year}` });
      if (off.has(date)) ctx.addIssue({ code: 'custom', message: `${date} is both a holiday and a workday` });
    }
  });

type Stored = z.infer<typeof storedSchema>;

function toStored({ notice, issuedOn, importedAt }: ImportedNotice): Stored {
  return {
    year: notice.year,
    title: notice.title,
    issuedOn,
    importedAt: importedAt.toISOString(),
    holidays: notice.holidays.map(({ date, name }) => ({ date, name })),
    workdays: notice.workdays.map(({ date, name }) => ({ date, name })),
  };
}

function corrupt(key: string, why: string): KaifangError {
  return new KaifangError(
    'STORE_CORRUPT',
    `Setting ${key} is not a holiday notice as kaifang stores it (${why}). Delete it (DELETE FROM "Setting" WHERE "key" = '${key}') and import the notice again: kaifang calendar import <file> --apply`,
  );
}

function fromStored(key: string, value: string): ImportedNotice {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw corrupt(key, 'not JSON');
  }
  const parsed = storedSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw corrupt(key, issue ? `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}` : 'unreadable');
  }
  if (importedNoticeKey(parsed.data.year) !== key) throw corrupt(key, `it holds the notice for ${parsed.data.year}`);
  const { year, title, issuedOn, importedAt, holidays, workdays } = parsed.data;
  return { notice: { year, title, holidays, workdays }, issuedOn, importedAt: new Date(importedAt) };
}

export interface ImportedNotices {
  /** Every imported notice, by year. */
  list(): Promise<ImportedNotice[]>;
  get(year: number): Promise<ImportedNotice | null>;
  /** Stores the notice for its year, replacing any imported before. */
  put(imported: ImportedNotice): Promise<void>;
}

export function createImportedNotices(settings: SettingRepository): ImportedNotices {
  return {
    async list() {
      const rows = await settings.list(IMPORTED_NOTICE_PREFIX);
      return rows.map((r) => fromStored(r.key, r.value)).sort((a, b) => a.notice.year - b.notice.year);
    },
    async get(year) {
      const key = importedNoticeKey(year);
      const value = await settings.get(key);
      return value === null ? null : fromStored(key, value);
    },
    async put(imported) {
      const stored = storedSchema.parse(toStored(imported));
      await settings.put(importedNoticeKey(stored.year), JSON.stringify(stored));
    },
  };
}
