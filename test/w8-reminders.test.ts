// S38 立即核实 through the live tick: a rights complaint the provider does not verify at once climbs fast — the
// provider's own supervisor the first working day it is late, the authority's the next — where an ordinary task waits
// two working days more for the second rung.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, shanghai, type World } from './support/reminder-world.ts';

describe('a rights complaint not verified at once (W8, S38)', () => {
  let world: World;

  beforeAll(async () => {
    // Monday 23 November 2026, 10:00: alice complains about the transport bureau's DS-0001; nobody verifies it.
    world = await createWorld('2026-11-23T10:00:00+08:00');
    await world.say('alice', 'complain DS-0001 kind=privacy text="The stop counts identify single travellers"');
    await world.advanceTo('2026-12-04T18:00:00+08:00', 60);
  });
  afterAll(() => world.close());

  it('is due the next working day, reminded that morning, then escalated a working day apart', () => {
    expect(world.deliveries.map((d) => [shanghai(d.at), d.userId, d.message, d.params.level ?? null])).toEqual([
      ['2026-11-23 10:00', 'alice', 'notify.w8.submitted', null],
      ['2026-11-23 10:00', 'ben', 'notify.w8.assigned', null],
      ['2026-11-23 10:00', 'bob', 'notify.w8.assigned', null],
      // Due Tuesday 24 November: no reminder before (it arrived the day before), one on the morning.
      ['2026-11-24 09:00', 'ben', 'notify.reminder.due_day', null],
      ['2026-11-24 09:00', 'bob', 'notify.reminder.due_day', null],
      ['2026-11-25 09:00', 'tom', 'notify.reminder.escalation', 1],
      ['2026-11-26 09:00', 'dave', 'notify.reminder.escalation', 2],
    ]);
    expect(world.deliveries.at(-1)!.params).toMatchObject({ level: 2, overdueDays: 2, why: 'notify.why.authoritySupervisor', state: 'verification' });
  });
});
