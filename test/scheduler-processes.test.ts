// Two scheduler processes on one database for a simulated week deliver every step exactly
// once; a process killed in the middle of a tick and started again loses nothing and doubles nothing.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../src/domain/calendar/cn-statutory-holidays.ts';
import { isWithinWorkingHours } from '../src/domain/reminders/working-hours.ts';
import { APPLY, createWorld, seedWorld } from './support/reminder-world.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';
import { runTogether, startWorker } from './support/shared-clock-start.ts';

const WORKER = resolve(import.meta.dirname, 'support', 'scheduler-worker.ts');
const window = { calendar: defaultCalendar(), hours: { start: '09:00', end: '18:00' }, timeZone: 'Asia/Shanghai' };

interface Logged {
  by: string;
  at: string;
  id: number;
  userId: string;
  message: string;
  caseId: string | null;
  level: number;
}

const fileOf = (url: string) => url.slice('file:'.length);

function workerArgs(url: string, from: string, to: string, step: number, log: string, name: string, clock?: string): string[] {
  return ['--import', 'tsx', WORKER, url, from, to, String(step), log, name, ...(clock ? [clock] : [])];
}

function readLog(path: string): Logged[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Logged);
}

const key = (d: Pick<Logged, 'userId' | 'message' | 'caseId' | 'level'>) => `${d.caseId}|${d.message}|${d.level}|${d.userId}`;

const runWorker = (args: string[]) => startWorker(args).done;

/** Cases filed on each working day of the week before, so the simulated week holds every kind of rung. */
async function buildCity(url: string): Promise<void> {
  const world = await createWorld('2026-10-26T09:30:00+08:00', { url });
  const days = ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30'];
  for (const [i, day] of days.entries())
    for (const hour of ['10:00', '15:00']) {
      world.setNow(`${day}T${hour}:00+08:00`);
      const replies = await world.app.handler.handle({ channel: 'console', userId: 'alice', text: `apply DS-000${(i % 2) + 1} ${APPLY}` });
      expect(replies.join('\n')).toMatch(/C-\d{4}/);
    }
  // The provider's review for some: they climb a different ladder (the transport bureau's supervisor at level 1).
  world.setNow('2026-10-30T16:00:00+08:00');
  for (const id of ['C-0001', 'C-0002', 'C-0003']) await world.app.handler.handle({ channel: 'console', userId: 'carol', text: `approve ${id}` });
  await world.close();
}

describe('two scheduler processes on one database', () => {
  it('deliver every step of a simulated week exactly once', async () => {
    const url = tempDatabaseUrl();
    await buildCity(url);
    // The reference: the same week run by one process alone, on a copy of the same database.
    const referenceUrl = tempDatabaseUrl();
    copyFileSync(fileOf(url), fileOf(referenceUrl));
    const from = '2026-11-02T08:00:00+08:00';
    const to = '2026-11-09T08:00:00+08:00';
    const refLog = join(fileOf(referenceUrl), '..', 'deliveries.jsonl');
    const ref = await runWorker(workerArgs(referenceUrl, from, to, 10, refLog, 'solo'));
    expect(ref.code, ref.stderr).toBe(0);
    const expected = readLog(refLog).map(key).sort();
    // Arrivals, reminders, and escalations at both levels all happen in the week.
    expect(new Set(readLog(refLog).map((d) => `${d.message}${d.level || ''}`))).toEqual(
      new Set(['notify.w5.submitted', 'notify.w5.formal_approved', 'notify.w5.assigned', 'notify.reminder.before_due', 'notify.reminder.due_day', 'notify.reminder.escalation1', 'notify.reminder.escalation2']),
    );
    expect(expected.length).toBeGreaterThan(40);

    // Both processes read one clock, as processes on real machines do: the simulated week passes in about 24 s, from
    // the moment both are up (each says so; then the start file gives them the instant), however busy the machine.
    const log = join(fileOf(url), '..', 'deliveries.jsonl');
    const speed = Math.round((7 * 86_400) / 24);
    const startFile = join(fileOf(url), '..', 'start-at');
    const clock = `shared:${startFile}:${speed}`;
    const [a, b] = await runTogether([startWorker(workerArgs(url, from, to, 0, log, 'a', clock)), startWorker(workerArgs(url, from, to, 0, log, 'b', clock))], startFile);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const delivered = readLog(log);
    expect(delivered.map(key).sort()).toEqual(expected);
    // Each outbox message was sent by one process, once.
    expect(new Set(delivered.map((d) => d.id)).size).toBe(delivered.length);
    // Both processes took part, and neither sent anything out of hours.
    expect(new Set(delivered.map((d) => d.by))).toEqual(new Set(['a', 'b']));
    for (const d of delivered) expect(isWithinWorkingHours(window, new Date(d.at)), d.at).toBe(true);

    const db = new Database(fileOf(url), { readonly: true });
    try {
      const steps = db.prepare("SELECT count(*) AS n FROM ScheduleStep WHERE status = 'done'").get() as { n: number };
      const audited = db.prepare("SELECT count(*) AS n FROM AuditEntry WHERE action LIKE 'reminder.%'").get() as { n: number };
      expect(audited.n).toBe(steps.n);
      const unsent = db.prepare("SELECT count(*) AS n FROM OutboxMessage WHERE status <> 'sent'").get() as { n: number };
      expect(unsent.n).toBe(0);
    } finally {
      db.close();
    }
  }, 240_000);
});

describe('a scheduler process killed in the middle of a tick', () => {
  it('loses nothing and doubles nothing once started again', async () => {
    const url = tempDatabaseUrl();
    // A long outage: 150 tasks whose every rung is overdue when the process comes back, so the first tick is long.
    const world = await createWorld('2026-11-02T10:00:00+08:00', { url, seed: false });
    await seedWorld(world.store);
    for (let i = 0; i < 150; i++) await world.app.handler.handle({ channel: 'console', userId: 'alice', text: `apply DS-0001 ${APPLY}` });
    await world.close();
    const totalSteps = 150 * 4;

    const log = join(fileOf(url), '..', 'deliveries.jsonl');
    const at = '2026-11-20T10:00:00+08:00';
    const child = spawn(process.execPath, workerArgs(url, at, at, 10, log, 'first'), { env: { ...process.env, TZ: 'America/Los_Angeles' } });
    const db = new Database(fileOf(url), { readonly: true });
    const doneSteps = () => (db.prepare("SELECT count(*) AS n FROM ScheduleStep WHERE status = 'done'").get() as { n: number }).n;
    let seen = 0;
    try {
      // Kill it once some rungs are claimed but not all: mid-tick, before anything was sent.
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        seen = doneSteps();
        if (seen > 0) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      const afterKill = doneSteps();
      expect(afterKill).toBeGreaterThan(0);
      expect(afterKill).toBeLessThan(totalSteps);
      // What was claimed is whole: each done rung has its audit line, nothing else does.
      const audited = (db.prepare("SELECT count(*) AS n FROM AuditEntry WHERE action LIKE 'reminder.%'").get() as { n: number }).n;
      expect(audited).toBe(afterKill);
    } finally {
      db.close();
    }

    const again = await runWorker(workerArgs(url, at, '2026-11-20T11:00:00+08:00', 10, log, 'second'));
    expect(again.code, again.stderr).toBe(0);
    const check = new Database(fileOf(url), { readonly: true });
    try {
      const rows = check.prepare('SELECT caseId, stage, rule, level, status FROM ScheduleStep').all() as Array<{ status: string }>;
      expect(rows).toHaveLength(totalSteps);
      expect(rows.every((r) => r.status === 'done')).toBe(true);
      const audited = (check.prepare("SELECT count(*) AS n FROM AuditEntry WHERE action LIKE 'reminder.%'").get() as { n: number }).n;
      expect(audited).toBe(totalSteps);
    } finally {
      check.close();
    }
    const delivered = readLog(log).filter((d) => d.message.startsWith('notify.reminder.'));
    // Per case: dave's two escalations (agency and authority supervisor) once each, and carol's two reminders once:
    // a week late both read "overdue by N working days", and the same words go out once, whichever process fired
    // the second rung. Counted by outbox row.
    expect(delivered).toHaveLength(150 * 3);
    expect(new Set(delivered.map((d) => d.id)).size).toBe(150 * 3);
    expect(delivered.filter((d) => d.message === 'notify.reminder.overdue')).toHaveLength(150);
    expect(new Set(delivered.filter((d) => d.message === 'notify.reminder.overdue').map((d) => d.caseId)).size).toBe(150);
  }, 240_000);
});

// Keeps the worker honest: it refuses to run without its arguments rather than doing something half-configured.
describe('scheduler worker', () => {
  it('prints its usage without arguments', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', WORKER], { encoding: 'utf8' });
    expect(r.status).toBe(64);
  });
});
