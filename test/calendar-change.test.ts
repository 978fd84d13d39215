// When the operator loads a new or corrected holiday notice, every open deadline is counted again; each
// case whose due day moved tells its parties the old and new date, its reminders move with it, the audit log records it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { openApp, type App } from '../src/main.ts';
import { APPLY, createWorld, shanghai, type World } from './support/reminder-world.ts';

const fileOf = (url: string) => url.slice('file:'.length);

describe('a corrected holiday calendar', () => {
  let world: World;
  let corrected: App;
  let moved: Awaited<ReturnType<App['recomputeIfCalendarChanged']>>;

  beforeAll(async () => {
    // Thursday 24 December 2026: 5 working days for the formal review run into 2027, which has no notice yet, so the
    // deadline is provisional: 25, 28, 29, 30, 31 December → due 31 Dec (not provisional); 10 days for a second case.
    world = await createWorld('2026-12-24T10:00:00+08:00');
    expect(await world.app.recomputeIfCalendarChanged()).toEqual([]);
    await world.say('alice', `apply DS-0001 ${APPLY}`);
    await world.say('carol', 'approve C-0001');
    // The provider's 10 working days on the fallback calendar: 25, 28–31 Dec, 4–8 Jan 2027 → 8 January, provisional.
    expect((await world.store.cases.get('C-0001'))!.deadline).toMatchObject({ dueOn: '2027-01-08', provisional: true });
    await world.store.close();

    // The operator loads the (here hypothetical) 2027 notice: New Year's holiday runs to Tuesday 5 January.
    const file = join(fileOf(world.url), '..', 'calendar-2027.txt');
    writeFileSync(file, 'notice 2027 国务院办公厅关于2027年部分节假日安排的通知（测试）\nholiday 2027-01-01..2027-01-05 元旦\n');
    const store = await createPrismaStore({ url: world.url });
    corrected = await openApp(loadConfig({ DATABASE_URL: world.url, KAIFANG_CALENDAR_FILE: file, KAIFANG_LOCALE: 'en' }), {
      store,
      clock: { now: () => new Date('2026-12-28T08:00:00+08:00') },
    });
    moved = await corrected.recomputeIfCalendarChanged();
  });
  afterAll(() => corrected.close());

  it('moves the open deadline to the day the new calendar gives, no longer provisional', async () => {
    expect(moved).toEqual([
      { caseId: 'C-0001', from: expect.objectContaining({ dueOn: '2027-01-08', provisional: true }), to: expect.objectContaining({ dueOn: '2027-01-12', provisional: false }) },
    ]);
    const c = (await corrected.store.cases.get('C-0001'))!;
    expect(c.deadline).toEqual({ startedOn: '2026-12-24', workingDays: 10, dueOn: '2027-01-12', provisional: false });
    // Not a decision: buttons and forms opened on the case stay valid.
    expect(c.version).toBe(2);
  });

  it('tells the applicant and the reviewers the old and the new date, in working hours', async () => {
    const messages = (await corrected.store.outbox.list({ caseId: 'C-0001' })).filter((m) => m.message === 'notify.deadlineMoved');
    expect(messages.map((m) => m.userId).sort()).toEqual(['alice', 'ben', 'bob']);
    for (const m of messages) {
      expect(m.params).toMatchObject({ oldDueOn: '2027-01-08', dueOn: '2027-01-12', provisional: 0 });
      expect(shanghai(m.nextAttemptAt.toISOString())).toBe('2026-12-28 09:00');
    }
  });

  it('moves the pending reminders with the deadline', async () => {
    const pending = (await corrected.store.schedule.listByCase('C-0001')).filter((s) => s.status === 'pending');
    expect(pending.map((s) => [s.rule, s.level, shanghai(s.dueAt.toISOString())])).toEqual([
      ['before_due', 0, '2027-01-11 09:00'],
      ['due_day', 0, '2027-01-12 09:00'],
      ['escalation', 1, '2027-01-13 09:00'],
      ['escalation', 2, '2027-01-15 09:00'],
    ]);
  });

  it('records the change in the audit log, and does nothing on the next start', async () => {
    const entries = (await corrected.store.audit.listByCase('C-0001')).filter((e) => e.action === 'calendar.deadline_moved');
    expect(entries).toEqual([expect.objectContaining({ actorId: 'system', channel: 'system', detail: { from: '2027-01-08', to: '2027-01-12', provisional: 0 } })]);
    expect(await corrected.recomputeIfCalendarChanged()).toBeNull();
  });
});
