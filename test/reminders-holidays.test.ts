// The tick driven by an injected clock through Spring Festival 2026 and National Day 2026.
// Every message, recipient and send time is asserted: nothing on holidays or at night, make-up days are working days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendar } from '../src/domain/calendar/cn-statutory-holidays.ts';
import { isWithinWorkingHours } from '../src/domain/reminders/working-hours.ts';
import { renderNotification } from '../src/application/commands/render.ts';
import { APPLY, createWorld, shanghai, type World } from './support/reminder-world.ts';

const window = { calendar: defaultCalendar(), hours: { start: '09:00', end: '18:00' }, timeZone: 'Asia/Shanghai' };

type Row = [when: string, to: string, message: string, caseId: string | null, extra?: Record<string, unknown>];

function rows(world: World): Row[] {
  return world.deliveries.map((d) => [shanghai(d.at), d.userId, d.message, d.caseId]);
}

describe('reminders through Spring Festival 2026', () => {
  let world: World;

  beforeAll(async () => {
    // Thursday 12 February 2026, 10:00 in Shanghai: an application nobody acts on.
    world = await createWorld('2026-02-12T10:00:00+08:00');
    await world.say('alice', `apply DS-0001 ${APPLY}`);
    await world.advanceTo('2026-03-06T18:00:00+08:00');
  });
  afterAll(() => world.close());

  it('reminds the reviewer before and on the due day, then escalates level by level, each once', () => {
    // Due 2026-02-26: 5 working days from 12 Feb are 13, 14 (make-up Saturday), 24, 25, 26.
    expect(rows(world)).toEqual([
      ['2026-02-12 10:00', 'alice', 'notify.w5.submitted', 'C-0001'],
      ['2026-02-12 10:00', 'carol', 'notify.w5.assigned', 'C-0001'],
      ['2026-02-25 09:00', 'carol', 'notify.reminder.before_due', 'C-0001'],
      ['2026-02-26 09:00', 'carol', 'notify.reminder.due_day', 'C-0001'],
      // Overdue: the agency's supervisor the next working day, the authority's two working days later (28 Feb is a
      // make-up Saturday, so the second level falls on Monday 2 March).
      ['2026-02-27 09:00', 'dave', 'notify.reminder.escalation', 'C-0001'],
      ['2026-03-02 09:00', 'dave', 'notify.reminder.escalation', 'C-0001'],
    ]);
  });

  it('says what is due, when, and why this person receives it', () => {
    const [before, , esc1, esc2] = world.deliveries.slice(2);
    expect(before!.params).toMatchObject({ caseId: 'C-0001', workflow: 'W5', state: 'formal_review', dueOn: '2026-02-26', daysLeft: 1, why: 'notify.why.assignee' });
    expect(esc1!.params).toMatchObject({ level: 1, overdueDays: 1, why: 'notify.why.agencySupervisor', owner: 'Big Data Bureau' });
    expect(esc2!.params).toMatchObject({ level: 2, overdueDays: 3, why: 'notify.why.authoritySupervisor' });
  });

  it('words a reminder delivered on time as it was planned', async () => {
    const [before, due, esc1] = world.deliveries.slice(2);
    const zh = world.app.translator.for('zh-CN');
    expect(renderNotification(zh, before!.message, before!.params)).toMatch(/^提醒：事项 C-0001（.+）应于 2026-02-26（含当日）前办结，还剩 1 个工作日/);
    expect(renderNotification(zh, due!.message, due!.params)).toMatch(/^提醒：今天（2026-02-26）是事项 C-0001（.+）办理期限的最后一天/);
    expect(renderNotification(zh, esc1!.message, esc1!.params)).toContain('现已超期 1 个工作日');
    // Sent on the day it was planned for, the message is the row as it was queued.
    const queued = await world.store.outbox.list({ caseId: 'C-0001', status: ['sent'] });
    for (const d of [before!, due!, esc1!]) {
      const row = queued.find((m) => m.userId === d.userId && m.message === d.message && m.params.level === d.params.level);
      expect(row?.params).toEqual(d.params);
    }
  });

  it('sends nothing outside working hours or on a holiday', () => {
    for (const d of world.deliveries) expect(isWithinWorkingHours(window, new Date(d.at)), d.at).toBe(true);
  });

  it('records every step in the audit log', async () => {
    const actions = (await world.store.audit.listByCase('C-0001')).map((e) => e.action);
    expect(actions).toEqual(['W5.submit', 'reminder.before_due', 'reminder.due_day', 'reminder.escalation', 'reminder.escalation']);
  });
});

describe('reminders through National Day 2026', () => {
  let world: World;

  beforeAll(async () => {
    // Monday 28 September 2026, 17:30: an application just before closing time.
    world = await createWorld('2026-09-28T17:30:00+08:00');
    await world.say('alice', `apply DS-0002 ${APPLY}`);
    // Carol passes the formal review on the evening before the holiday.
    await world.advanceTo('2026-09-30T20:00:00+08:00');
    await world.say('carol', 'approve C-0001');
    // Bob lets the provider's review run past its deadline, then approves.
    await world.advanceTo('2026-10-26T10:00:00+08:00');
    await world.say('bob', 'approve C-0001');
    // Alice accepts the agreement the next morning (T15(三)): the grant, and her own reminders cancelled.
    await world.advanceTo('2026-10-27T10:00:00+08:00');
    await world.say('alice', 'accept C-0001');
    await world.advanceTo('2026-10-30T18:00:00+08:00');
  });
  afterAll(() => world.close());

  it('holds the evening decision’s messages over the holiday, counts the make-up Saturday, and escalates', () => {
    // The provider's 10 working days from 30 Sep: 8, 9, 10 (make-up Saturday), 12–16, 19, 20 October → due 20 Oct.
    expect(rows(world)).toEqual([
      ['2026-09-28 17:30', 'alice', 'notify.w5.submitted', 'C-0001'],
      ['2026-09-28 17:30', 'carol', 'notify.w5.assigned', 'C-0001'],
      // Approved at 20:00 on 30 September: delivered when the office reopens after National Day.
      ['2026-10-08 09:00', 'alice', 'notify.w5.formal_approved', 'C-0001'],
      // Both of the provider's reviewers owe the step, so both are told.
      ['2026-10-08 09:00', 'ben', 'notify.w5.assigned', 'C-0001'],
      ['2026-10-08 09:00', 'bob', 'notify.w5.assigned', 'C-0001'],
      ['2026-10-19 09:00', 'ben', 'notify.reminder.before_due', 'C-0001'],
      ['2026-10-19 09:00', 'bob', 'notify.reminder.before_due', 'C-0001'],
      ['2026-10-20 09:00', 'ben', 'notify.reminder.due_day', 'C-0001'],
      ['2026-10-20 09:00', 'bob', 'notify.reminder.due_day', 'C-0001'],
      ['2026-10-21 09:00', 'tom', 'notify.reminder.escalation', 'C-0001'],
      ['2026-10-23 09:00', 'dave', 'notify.reminder.escalation', 'C-0001'],
      ['2026-10-26 10:00', 'alice', 'notify.w5.offered', 'C-0001'],
      ['2026-10-27 10:00', 'alice', 'notify.w5.approved', 'C-0001'],
      // T15(三): the authority is told; so is the provider, whose reviewers opened the access.
      ['2026-10-27 10:00', 'carol', 'notify.w5.granted', 'C-0001'],
      ['2026-10-27 10:00', 'ben', 'notify.w5.granted', 'C-0001'],
      ['2026-10-27 10:00', 'bob', 'notify.w5.granted', 'C-0001'],
    ]);
    for (const d of world.deliveries) expect(isWithinWorkingHours(window, new Date(d.at)), d.at).toBe(true);
  });

  it('cancels the formal review’s reminders once it is decided, the provider’s once approved, the applicant’s once accepted', async () => {
    const steps = await world.store.schedule.listByCase('C-0001');
    expect(steps.filter((s) => s.status === 'pending')).toEqual([]);
    const byStage = new Map<number, string[]>();
    for (const s of steps) byStage.set(s.stage, [...(byStage.get(s.stage) ?? []), `${s.rule}${s.level || ''}:${s.status}`]);
    expect([...byStage.values()]).toEqual([
      ['before_due:cancelled', 'due_day:cancelled', 'escalation1:cancelled', 'escalation2:cancelled'],
      ['before_due:done', 'due_day:done', 'escalation1:done', 'escalation2:done'],
      // The agreement waits on the applicant: reminded every 5 working days, twice, never escalated.
      ['applicant1:cancelled', 'applicant2:cancelled'],
    ]);
  });
});

describe('reminders on a make-up Saturday', () => {
  it('reminds on 14 February 2026, a make-up working day, and never on the Sunday after', async () => {
    // Wednesday 11 Feb, 1 working day for W1's formal review? W5 gives 5; use a short W5 clock via the due day instead:
    // 5 working days from Monday 9 Feb are 10–13 and 14 (make-up Saturday): the due-day reminder falls on that Saturday.
    const world = await createWorld('2026-02-09T11:00:00+08:00');
    try {
      await world.say('alice', `apply DS-0001 ${APPLY}`);
      await world.advanceTo('2026-02-24T12:00:00+08:00');
      expect(rows(world).slice(2)).toEqual([
        ['2026-02-13 09:00', 'carol', 'notify.reminder.before_due', 'C-0001'],
        ['2026-02-14 09:00', 'carol', 'notify.reminder.due_day', 'C-0001'],
        // The next working day after the make-up Saturday is 24 February, after the whole holiday.
        ['2026-02-24 09:00', 'dave', 'notify.reminder.escalation', 'C-0001'],
      ]);
    } finally {
      await world.close();
    }
  });
});

describe('after an outage', () => {
  it('sends each missed step once, in order, not once per missed tick, and the same words to one person once', async () => {
    const world = await createWorld('2026-11-02T10:00:00+08:00');
    try {
      await world.say('alice', `apply DS-0001 ${APPLY}`);
      // The process is down from Monday 2 November until Friday 13 November 14:00: every rung of the ladder was missed.
      world.setNow('2026-11-13T14:00:00+08:00');
      await world.round();
      await world.advanceTo('2026-11-16T18:00:00+08:00');
      // Due Monday 9 November: on Friday the 13th the task is 4 working days overdue, and the two reminders fired late
      // say so rather than "0 working days left" and "today is the last day" — in the same words, so carol reads
      // them once.
      expect(rows(world).slice(2).map(([when, to, message]) => [when, to, message])).toEqual([
        ['2026-11-13 14:00', 'carol', 'notify.reminder.overdue'],
        ['2026-11-13 14:00', 'dave', 'notify.reminder.escalation'],
        ['2026-11-13 14:00', 'dave', 'notify.reminder.escalation'],
      ]);
      expect(world.deliveries.slice(2).map((d) => d.params.overdueDays)).toEqual([4, 4, 4]);
      expect(world.deliveries.slice(3).map((d) => d.params.level)).toEqual([1, 2]);
    } finally {
      await world.close();
    }
  });

  it('waits for the morning when it comes back at night', async () => {
    const world = await createWorld('2026-11-02T10:00:00+08:00');
    try {
      await world.say('alice', `apply DS-0001 ${APPLY}`);
      world.setNow('2026-11-07T03:00:00+08:00'); // a Saturday night: closed until Monday
      await world.advanceTo('2026-11-09T09:00:00+08:00');
      // The Friday reminder missed over the weekend and Monday's own both say "today is the due day": said once.
      expect(rows(world).slice(2).map(([when, , message]) => [when, message])).toEqual([['2026-11-09 09:00', 'notify.reminder.due_day']]);
    } finally {
      await world.close();
    }
  });
});

describe('a reminder delivered late', () => {
  it('says how the task stands on the day it goes out: overdue by 4 working days, not due today', async () => {
    // Slack answers nothing from Thursday 3 December until Thursday 10 December, 09:00: every attempt fails and waits.
    const down = [new Date('2026-12-03T00:00:00+08:00').getTime(), new Date('2026-12-10T09:00:00+08:00').getTime()];
    const world = await createWorld('2026-11-27T10:00:00+08:00', {
      maxAttempts: 1_000,
      sender: (_, at) => (at.getTime() >= down[0]! && at.getTime() < down[1]! ? { ok: false, error: 'slack: HTTP 503' } : { ok: true }),
    });
    try {
      // Friday 27 November: 5 working days → due Friday 4 December.
      await world.say('alice', `apply DS-0001 ${APPLY}`);
      await world.advanceTo('2026-12-10T12:00:00+08:00');
      const late = rows(world).slice(2);
      expect(late).toEqual([
        ['2026-12-10 09:00', 'carol', 'notify.reminder.overdue', 'C-0001'],
        ['2026-12-10 09:00', 'carol', 'notify.reminder.overdue', 'C-0001'],
        ['2026-12-10 09:00', 'dave', 'notify.reminder.escalation', 'C-0001'],
        ['2026-12-10 09:00', 'dave', 'notify.reminder.escalation', 'C-0001'],
      ]);
      // 7, 8, 9 and 10 December: four working days past the deadline, for the escalations planned at 1 and 3 too.
      expect(world.deliveries.slice(2).map((d) => d.params.overdueDays)).toEqual([4, 4, 4, 4]);
      const zh = world.app.translator.for('zh-CN');
      const en = world.app.translator.for('en');
      for (const d of world.deliveries.slice(2, 4)) {
        const text = renderNotification(zh, d.message, d.params);
        expect(text).toMatch(/^提醒：事项 C-0001（.+）应于 2026-12-04（含当日）前办结，现已超期 4 个工作日，请尽快办理。/);
        expect(text).not.toMatch(/今天|还剩/);
        expect(renderNotification(en, d.message, d.params)).toMatch(/was due by 2026-12-04 \(inclusive\) and is now 4 working day\(s\) overdue/);
      }
      for (const d of world.deliveries.slice(4)) expect(renderNotification(zh, d.message, d.params)).toContain('已于 2026-12-04 到期，现已超期 4 个工作日');
      // The outbox still holds what was planned, retried many times and sent once: the wording was counted at sending.
      const queued = (await world.store.outbox.list({ caseId: 'C-0001' })).filter((m) => m.message.startsWith('notify.reminder.'));
      expect(queued.map((m) => [m.message, m.status, m.params.daysLeft ?? m.params.overdueDays]).sort()).toEqual([
        ['notify.reminder.before_due', 'sent', 1],
        ['notify.reminder.due_day', 'sent', 0],
        ['notify.reminder.escalation', 'sent', 1],
        ['notify.reminder.escalation', 'sent', 3],
      ]);
      for (const m of queued) expect(m.attempts).toBeGreaterThan(1);
    } finally {
      await world.close();
    }
  });
});

describe('the daily digest', () => {
  it('gives a reviewer who chose it one morning message listing every pending task by deadline, instead of reminders', async () => {
    const world = await createWorld('2026-11-23T10:00:00+08:00');
    try {
      expect((await world.say('carol', 'digest on')).join('\n')).not.toMatch(/errors\./);
      await world.say('alice', `apply DS-0001 ${APPLY}`);
      await world.advanceTo('2026-11-24T11:00:00+08:00');
      await world.say('alice', `apply DS-0002 ${APPLY}`);
      await world.advanceTo('2026-12-01T12:00:00+08:00');
      const toCarol = world.deliveries.filter((d) => d.userId === 'carol');
      expect(toCarol.map((d) => [shanghai(d.at), d.message])).toEqual([
        ['2026-11-24 09:00', 'notify.digest'],
        ['2026-11-25 09:00', 'notify.digest'],
        ['2026-11-26 09:00', 'notify.digest'],
        ['2026-11-27 09:00', 'notify.digest'],
        ['2026-11-30 09:00', 'notify.digest'],
        ['2026-12-01 09:00', 'notify.digest'],
      ]);
      expect(toCarol[0]!.params.count).toBe(1);
      expect(toCarol[1]!.params.count).toBe(2);
      // Soonest deadline first; overdue tasks say so.
      const lines = String(toCarol.at(-1)!.params.tasks).split('\n');
      expect(lines[0]).toMatch(/^• C-0001 .*OVERDUE by 1 working days: due by 2026-11-30 \(inclusive\)/);
      expect(lines[1]).toMatch(/^• C-0002 /);
      // Escalations still reach the supervisor one by one.
      expect(world.deliveries.filter((d) => d.userId === 'dave').map((d) => d.params.level)).toEqual([1]);
    } finally {
      await world.close();
    }
  });
});

describe('the applicant reminded of an agreement waiting for acceptance', () => {
  it('every 5 working days, twice, in working hours, never escalated; nothing more once accepted', async () => {
    const world = await createWorld('2026-11-23T10:00:00+08:00');
    try {
      await world.say('alice', `apply DS-0002 ${APPLY}`);
      await world.say('carol', 'approve C-0001');
      await world.say('bob', 'approve C-0001');
      // Offered Monday 23 November: 5 working days → Monday 30 November; 5 more → Monday 7 December.
      await world.advanceTo('2026-12-10T18:00:00+08:00');
      const mine = rows(world).filter(([, to, message]) => to === 'alice' && message.startsWith('notify.reminder'));
      expect(mine).toEqual([
        ['2026-11-30 09:00', 'alice', 'notify.reminder.applicant', 'C-0001'],
        ['2026-12-07 09:00', 'alice', 'notify.reminder.applicant', 'C-0001'],
      ]);
      // No escalation: nobody is overdue on the applicant's own step.
      expect(rows(world).some(([, , message]) => message === 'notify.reminder.escalation')).toBe(false);
      const reminder = world.deliveries.find((d) => d.message === 'notify.reminder.applicant')!;
      expect(reminder.params).toMatchObject({ caseId: 'C-0001', state: 'awaiting_acceptance', why: 'notify.why.applicantStep' });
      await world.say('alice', 'accept C-0001');
      expect((await world.store.grants.listByCase('C-0001')).length).toBe(1);
    } finally {
      await world.close();
    }
  });
});
