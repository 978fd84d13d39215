import { runDeadlineCommand } from '/work/main/src/cli/deadline-command.ts';
import { defaultCalendar } from '/work/main/src/domain/calendar/cn-statutory-holidays.ts';
import { loadTranslator } from '/work/main/src/i18n/load-locales.ts';
const calendar = defaultCalendar(); const translator = loadTranslator();
const io = { out: (l: string) => console.log(l), err: (l: string) => console.log('ERR ' + l) };
for (const [locale, args] of [['zh-CN', ['2026-09-30', '5', '--explain']], ['en', ['--explain', '2026-09-30', '5']], ['zh-CN', ['2026-12-28', '5', '--explain']], ['en', ['2026-12-28','5']], ['en', ['2026-02-30', '5']], ['zh-CN', ['2026-02-03', '0']], ['en', ['2024-06-06', '3', '--explain']]] as const)
  console.log('exit', runDeadlineCommand([...args], io, { calendar, translator, locale }));
