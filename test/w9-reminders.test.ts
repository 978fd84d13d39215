// B45 through the live tick: a rectification the provider lets run past its S16 deadline is reported to the
// authority's supervisor the next working day — not to the provider's own, as other overdue tasks are first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, shanghai, type World } from './support/reminder-world.ts';

describe('an overdue rectification (W9, B45)', () => {
  let world: World;

  beforeAll(async () => {
    // Monday 23 November 2026, 10:00: carol opens a task on the transport bureau's DS-0001; nobody reports.
    world = await createWorld('2026-11-23T10:00:00+08:00');
    await world.say('carol', 'rectify DS-0001 problems="Wrong coordinates; no update time"');
    await world.advanceTo('2026-12-11T18:00:00+08:00', 60);
  });
  afterAll(() => world.close());

  it('reminds the provider before and on the due day, then escalates once, to the authority’s supervisor', () => {
    // 10 working days from 23 November: due Monday 7 December.
    expect(world.deliveries.map((d) => [shanghai(d.at), d.userId, d.message])).toEqual([
      ['2026-11-23 10:00', 'ben', 'notify.w9.assigned'],
      ['2026-11-23 10:00', 'bob', 'notify.w9.assigned'],
      ['2026-12-04 09:00', 'ben', 'notify.reminder.before_due'],
      ['2026-12-04 09:00', 'bob', 'notify.reminder.before_due'],
      ['2026-12-07 09:00', 'ben', 'notify.reminder.due_day'],
      ['2026-12-07 09:00', 'bob', 'notify.reminder.due_day'],
      ['2026-12-08 09:00', 'dave', 'notify.reminder.escalation'],
    ]);
    expect(world.deliveries.at(-1)!.params).toMatchObject({ level: 1, overdueDays: 1, why: 'notify.why.authoritySupervisor', owner: 'Transport Bureau', state: 'rectification' });
  });

  it('once reported, the authority’s review climbs the ordinary ladder', async () => {
    world.setNow('2026-12-14T10:00:00+08:00');
    await world.say('bob', 'report C-0001 Coordinates corrected');
    // The review is due in 2 working days (Wednesday 16 December); overdue, its first rung goes to the supervisor of
    // the agency that owes it — the authority itself — and the second to the authority's supervisor.
    await world.advanceTo('2026-12-22T18:00:00+08:00', 60);
    const after = world.deliveries.filter((d) => d.at >= '2026-12-14T02:00:00.000Z').map((d) => [shanghai(d.at), d.userId, d.message, d.params.level ?? null]);
    expect(after).toEqual([
      ['2026-12-14 10:00', 'carol', 'notify.w9.reported', null],
      ['2026-12-15 09:00', 'carol', 'notify.reminder.before_due', null],
      ['2026-12-16 09:00', 'carol', 'notify.reminder.due_day', null],
      ['2026-12-17 09:00', 'dave', 'notify.reminder.escalation', 1],
      ['2026-12-21 09:00', 'dave', 'notify.reminder.escalation', 2],
    ]);
  });
});
