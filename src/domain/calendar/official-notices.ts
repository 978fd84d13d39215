// The State Council's arrangements for 2024–2026. Each period is written as the notice words it ("X月X日至X日放假");
// a day the notice gives alone, "与周末连休" (2024 元旦, 2024 端午), is listed alone and the adjoining weekend stays a
// weekend (the calendar still shows the festival's name on it). Checked day by day against the chinese-days package.
import type { LocalDate } from '../model.ts';
import type { HolidayNotice } from './holiday-notice.ts';
import { addDays } from './local-date.ts';

type Day = { date: LocalDate; name: string };

/** Every day from `first` to `last` inclusive, named `name`. */
function period(first: LocalDate, last: LocalDate, name: string): Day[] {
  const days: Day[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push({ date: d, name });
  return days;
}

function day(date: LocalDate, name: string): Day {
  return { date, name };
}

// https://www.gov.cn/zhengce/content/202310/content_6911527.htm
const NOTICE_2024: HolidayNotice = {
  year: 2024,
  title: '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）',
  holidays: [
    day('2024-01-01', '元旦'),
    ...period('2024-02-10', '2024-02-17', '春节'),
    ...period('2024-04-04', '2024-04-06', '清明节'),
    ...period('2024-05-01', '2024-05-05', '劳动节'),
    day('2024-06-10', '端午节'),
    ...period('2024-09-15', '2024-09-17', '中秋节'),
    ...period('2024-10-01', '2024-10-07', '国庆节'),
  ],
  workdays: [
    day('2024-02-04', '春节'),
    day('2024-02-18', '春节'),
    day('2024-04-07', '清明节'),
    day('2024-04-28', '劳动节'),
    day('2024-05-11', '劳动节'),
    day('2024-09-14', '中秋节'),
    day('2024-09-29', '国庆节'),
    day('2024-10-12', '国庆节'),
  ],
};

// https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm
const NOTICE_2025: HolidayNotice = {
  year: 2025,
  title: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
  holidays: [
    day('2025-01-01', '元旦'),
    ...period('2025-01-28', '2025-02-04', '春节'),
    ...period('2025-04-04', '2025-04-06', '清明节'),
    ...period('2025-05-01', '2025-05-05', '劳动节'),
    ...period('2025-05-31', '2025-06-02', '端午节'),
    // The notice gives one combined period: 国庆节、中秋节 10月1日至8日.
    ...period('2025-10-01', '2025-10-08', '国庆节、中秋节'),
  ],
  workdays: [
    day('2025-01-26', '春节'),
    day('2025-02-08', '春节'),
    day('2025-04-27', '劳动节'),
    day('2025-09-28', '国庆节、中秋节'),
    day('2025-10-11', '国庆节、中秋节'),
  ],
};

// https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm
const NOTICE_2026: HolidayNotice = {
  year: 2026,
  title: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）',
  holidays: [
    ...period('2026-01-01', '2026-01-03', '元旦'),
    ...period('2026-02-15', '2026-02-23', '春节'),
    ...period('2026-04-04', '2026-04-06', '清明节'),
    ...period('2026-05-01', '2026-05-05', '劳动节'),
    ...period('2026-06-19', '2026-06-21', '端午节'),
    ...period('2026-09-25', '2026-09-27', '中秋节'),
    ...period('2026-10-01', '2026-10-07', '国庆节'),
  ],
  workdays: [
    day('2026-01-04', '元旦'),
    day('2026-02-14', '春节'),
    day('2026-02-28', '春节'),
    day('2026-05-09', '劳动节'),
    day('2026-09-20', '国庆节'),
    day('2026-10-10', '国庆节'),
  ],
};

// Frozen all the way down: every calendar in the process shares these objects.
function freezeNotice(notice: HolidayNotice): HolidayNotice {
  for (const entry of [...notice.holidays, ...notice.workdays]) Object.freeze(entry);
  Object.freeze(notice.holidays);
  Object.freeze(notice.workdays);
  return Object.freeze(notice);
}

/** The official notices the platform ships with; later years come from the override file or stay provisional. */
export const OFFICIAL_NOTICES: readonly HolidayNotice[] = Object.freeze([NOTICE_2024, NOTICE_2025, NOTICE_2026].map(freezeNotice));
