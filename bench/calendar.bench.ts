// Working-day additions per second, measured in one run on this machine: kaifang's table lookups against a
// day-by-day walk over date-holidays and against chinese-days' findWorkday. Each measurement is bounded by time.
import { performance } from 'node:perf_hooks';
import Holidays from 'date-holidays';
import chineseDays from 'chinese-days';
import { defaultCalendar } from '../src/domain/calendar/cn-statutory-holidays.ts';
import { addWorkingDays } from '../src/domain/calendar/working-calendar.ts';
import { civilFromDays, dayNumberOf, localDateOfDayNumber, weekdayOfDayNumber } from '../src/domain/calendar/day-number.ts';

export interface BenchResult {
  name: string;
  opsPerSec: number;
  note?: string;
}

const SAMPLES = 4096;
const FIRST = dayNumberOf('2024-01-01');
const LAST = dayNumberOf('2026-12-31');
const LAST_OFFICIAL = '2026-12-31';

/** The same varied inputs for every contender: starts across 2024–2026, n = 1…30 (a small LCG, so runs repeat). */
function inputs(): { starts: string[]; ns: number[] } {
  let seed = 20260930;
  const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  const starts: string[] = [];
  const ns: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    starts.push(localDateOfDayNumber(FIRST + (next() % (LAST - FIRST + 1))));
    ns.push(1 + (next() % 30));
  }
  return { starts, ns };
}

/** Calls `op(i)` in batches until `budgetMs` has passed; returns calls per second. */
function measure(op: (i: number) => unknown, budgetMs: number, batch: number): number {
  const sink: unknown[] = [];
  // Warm-up: lets the JIT settle and fills lazy tables before the clock runs.
  for (let i = 0; i < Math.min(batch, 200); i++) sink.push(op(i % SAMPLES));
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (let j = 0; j < batch; j++) sink[j & 7] = op((calls + j) % SAMPLES);
    calls += batch;
    elapsed = performance.now() - started;
  } while (elapsed < budgetMs);
  if (sink.length === 0) throw new Error('unreachable: keeps the results alive');
  return (calls / elapsed) * 1000;
}

/** The obvious implementation: walk day by day, asking date-holidays about each one. Knows no 调休. */
function naiveDateHolidays(): (start: string, n: number) => string {
  const hd = new Holidays('CN', { types: ['public'] });
  return (start, n) => {
    let day = dayNumberOf(start);
    for (let left = n; left > 0; ) {
      day++;
      const wd = weekdayOfDayNumber(day);
      if (wd === 0 || wd === 6) continue;
      const { year, month, day: dom } = civilFromDays(day);
      // Noon in Shanghai (04:00 UTC), so the machine's zone cannot move the date.
      if (hd.isHoliday(new Date(Date.UTC(year, month - 1, dom, 4)))) continue;
      left--;
    }
    return localDateOfDayNumber(day);
  };
}

/** How often a contender's due date equals kaifang's; differences whose due date lies past 2026 are told apart. */
function agreement(ours: (i: number) => string, theirs: (i: number) => string, samples: number, why: string): string {
  let same = 0;
  let pastOfficial = 0;
  for (let i = 0; i < samples; i++) {
    const due = ours(i);
    if (due === theirs(i)) same++;
    else if (due > LAST_OFFICIAL) pastOfficial++;
  }
  const inside = samples - same - pastOfficial;
  return `same due date as kaifang ${same}/${samples}; ${inside} differ within 2024–2026${inside > 0 ? ` (${why})` : ''}${
    pastOfficial > 0 ? `, ${pastOfficial} in 2027 (no notice yet)` : ''
  }`;
}

export async function runCalendarBench(): Promise<BenchResult[]> {
  const { starts, ns } = inputs();
  const calendar = defaultCalendar();
  const start = (i: number) => starts[i] ?? '2026-09-30';
  const n = (i: number) => ns[i] ?? 5;

  const kaifang = (i: number) => addWorkingDays(calendar, start(i), n(i)).dueOn;
  const naive = naiveDateHolidays();
  const naiveOp = (i: number) => naive(start(i), n(i));
  const chinese = (i: number) => chineseDays.findWorkday(n(i), start(i));

  const results: BenchResult[] = [];
  results.push({
    name: 'kaifang addWorkingDays',
    opsPerSec: measure(kaifang, 1500, 10_000),
    note: 'precomputed per-year tables',
  });
  results.push({
    name: 'naive day-by-day loop over date-holidays',
    opsPerSec: measure(naiveOp, 1000, 1),
    note: agreement(kaifang, naiveOp, 200, 'it knows no 调休'),
  });
  results.push({
    name: 'chinese-days findWorkday',
    opsPerSec: measure(chinese, 1500, 100),
    note: agreement(kaifang, chinese, SAMPLES, 'data disagreement'),
  });
  return results;
}
