// The scheduler benchmark: one tick over 100,000 open cases with their reminder rows on SQLite — the time to find
// and claim the due rows through the (status, dueAt) index — against a full scan of every open case in the same run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config/load-config.ts';
import { openApp } from '../src/main.ts';
import { addWorkingDays } from '../src/domain/calendar/working-calendar.ts';
import { localDateOf } from '../src/domain/calendar/local-date.ts';
import { planLadder } from '../src/domain/reminders/reminder-ladder.ts';
import type { CaseRecord } from '../src/application/ports/cases.ts';

export interface TickBenchResult {
  cases: number;
  rows: number;
  due: number;
  /** Median ms of a tick when nothing is due (the common case between rungs). */
  idleTickMs: number;
  /** Median ms to find and claim `due` rows in one transaction (schedule.claimDue, as the tick does). */
  findClaimMs: number;
  /** Median ms of the whole tick for `due` rows: claim, compose and queue each message, audit. */
  fullTickMs: number;
  /** Median ms to load every open case and work out which are due (no index on the schedule). */
  fullScanMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');

export async function runReminderTickBench(cases = 100_000, due = 100, runs = 5): Promise<TickBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kaifang-bench-tick-'));
  const url = `file:${join(dir, 'tick.db')}`;
  // Monday 7 December 2026, 10:17 in Shanghai: the morning's rungs are behind us, a few more are due now.
  const now = new Date('2026-12-07T10:17:00+08:00');
  let clockNow = now;
  const app = await openApp(loadConfig({ DATABASE_URL: url }), { clock: { now: () => clockNow } });
  const { store, calendar, profile, tick } = app;
  await store.agencies.upsert({ id: 'bdb', name: '市大数据局', kind: 'authority', level: 'city' });
  await store.agencies.upsert({ id: 'transport', name: '市交通运输局', kind: 'provider', level: 'city' });
  for (const [id, roles, agencyId] of [
    ['alice', ['applicant'], null],
    ['bob', ['reviewer'], 'transport'],
    ['tom', ['supervisor'], 'transport'],
    ['dave', ['supervisor'], 'bdb'],
  ] as const)
    await store.users.upsert({ id, name: id, roles: [...roles], agencyId, verified: true, dishonest: false, locale: 'zh-CN' });

  // Bulk load with plain SQL (Prisma's writes would take minutes at this size): open W5 provider reviews whose
  // deadlines spread over the coming working days, each with its ladder planned as the application would plan it.
  const db = new Database(join(dir, 'tick.db'));
  const insertCase = db.prepare(
    `INSERT INTO "Case" (id, number, workflow, state, data, applicantId, datasetId, assigneeAgencyId, assigneeRole, deadline, dueOn, version, createdAt, updatedAt, lastActorId)
     VALUES (?, ?, 'W5', 'provider_review', '{}', 'alice', NULL, 'transport', 'reviewer', ?, ?, 2, ?, ?, 'alice')`,
  );
  const insertStep = db.prepare(`INSERT INTO ScheduleStep (caseId, stage, rule, level, dueAt, status, doneAt) VALUES (?, 2, ?, ?, ?, ?, ?)`);
  const window = tick.window;
  let rows = 0;
  db.transaction(() => {
    for (let i = 1; i <= cases; i++) {
      const id = `C-${String(i).padStart(6, '0')}`;
      // Arrived on one of the 40 working days up to today, 10 working days to decide.
      const startedOn = addWorkingDays(calendar, '2026-10-20', i % 40).dueOn;
      const deadline = { startedOn, workingDays: 10, dueOn: addWorkingDays(calendar, startedOn, 10).dueOn, provisional: false };
      const arrived = new Date(`${startedOn}T02:30:00Z`);
      insertCase.run(id, i, JSON.stringify(deadline), deadline.dueOn, iso(arrived), iso(arrived), );
      for (const s of planLadder(deadline, arrived, profile.reminders, window)) {
        const past = s.dueAt <= now;
        insertStep.run(id, s.rule, s.level, iso(s.dueAt), past ? 'done' : 'pending', past ? iso(s.dueAt) : null);
        rows++;
      }
    }
  })();
  db.close();

  const idle: number[] = [];
  const findClaim: number[] = [];
  const full: number[] = [];
  const scan: number[] = [];
  const today = localDateOf(now, 'Asia/Shanghai');
  for (let run = 0; run < runs; run++) {
    // Nothing due: the tick looks at the index and stops.
    clockNow = now;
    let t0 = performance.now();
    await tick.tick(now);
    idle.push(performance.now() - t0);

    // `due` rows fall due now: find and claim them.
    const dueAt = new Date(now.getTime() - 60_000);
    await store.schedule.plan(Array.from({ length: due }, (_, k) => ({ caseId: `C-${String(k + 1).padStart(6, '0')}`, stage: 100 + run * 2, rule: 'due_day' as const, level: 0, dueAt })));
    t0 = performance.now();
    await store.transaction(async (repos) => {
      // What the tick does first: one indexed range read and one conditional update for the batch.
      const claimed = await repos.schedule.claimDue(now, due);
      if (claimed.length !== due) throw new Error(`expected ${due} due rows, claimed ${claimed.length}`);
    });
    findClaim.push(performance.now() - t0);

    // The same again through the whole tick (their stage does not match the case's version, so the tick claims them and
    // writes nothing else; the message composition is measured below with matching rows).
    await store.schedule.plan(Array.from({ length: due }, (_, k) => ({ caseId: `C-${String(k + 1).padStart(6, '0')}`, stage: 2, rule: 'before_due' as const, level: 9 + run, dueAt })));
    t0 = performance.now();
    const report = await tick.tick(now);
    full.push(performance.now() - t0);
    if (report.fired.length !== due) throw new Error(`the tick fired ${report.fired.length} rows, expected ${due}`);

    // The alternative without schedule rows: read every open case and decide in code which rung is due.
    t0 = performance.now();
    const open: CaseRecord[] = await store.cases.list({ open: true });
    let dueNow = 0;
    for (const c of open) {
      if (!c.deadline) continue;
      for (const s of planLadder(c.deadline, c.updatedAt, profile.reminders, window)) if (s.day === today && s.dueAt <= now) dueNow++;
    }
    scan.push(performance.now() - t0);
    if (open.length !== cases) throw new Error(`full scan read ${open.length} cases`);
    void dueNow;
  }
  await app.close();
  return { cases, rows, due, idleTickMs: median(idle), findClaimMs: median(findClaim), fullTickMs: median(full), fullScanMs: median(scan) };
}
