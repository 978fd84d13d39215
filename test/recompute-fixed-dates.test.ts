// A new holiday calendar counts every open working-day deadline again; a date the profile sets (W12's 30 April) is no
// count of working days, so it stays where it is while a working-day deadline beside it moves.
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/adapters/memory/create-memory-store.ts';
import { recomputeDeadlines } from '../src/application/reminders/recompute-deadlines.ts';
import { createCalendar } from '../src/domain/calendar/working-calendar.ts';
import { PROFILES } from '../src/domain/policy/profiles.ts';

describe('recounting deadlines after a calendar change', () => {
  it('moves a working-day deadline and leaves a fixed date', async () => {
    const store = createMemoryStore();
    const at = new Date('2026-03-02T02:00:00Z');
    const base = { data: {}, applicantId: 'platform', datasetId: null, assignee: { agencyId: 'transport', role: 'reviewer' as const } };
    // Both counted on a calendar with a holiday on 3 March that the new one no longer has.
    await store.cases.create({ ...base, workflow: 'W12', state: 'filing', deadline: { startedOn: '2026-03-02', workingDays: 42, dueOn: '2026-04-30', provisional: false, profileDate: 'W12.filing_due' } }, at, 'platform');
    await store.cases.create({ ...base, workflow: 'W12', state: 'review', deadline: { startedOn: '2026-03-02', workingDays: 5, dueOn: '2026-03-10', provisional: false } }, at, 'platform');
    const calendar = createCalendar({ notices: [] });
    const window = { calendar, hours: PROFILES.taian!.reminders.workingHours, timeZone: 'Asia/Shanghai' };
    const moved = await recomputeDeadlines({ store, calendar, profile: PROFILES.taian!, window, timeZone: 'Asia/Shanghai' }, at);
    expect(moved.map((m) => [m.caseId, m.from.dueOn, m.to.dueOn])).toEqual([['C-0002', '2026-03-10', '2026-03-09']]);
    expect((await store.cases.get('C-0001'))!.deadline).toEqual({ startedOn: '2026-03-02', workingDays: 42, dueOn: '2026-04-30', provisional: false, profileDate: 'W12.filing_due' });
  });
});
