// `kaifang reminders --dry-run` as an operator runs it: what would be sent at a moment and to whom, and
// nothing sent or written, however often it runs.
import { beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { runCli } from './support/run-cli.ts';
import { w5Database } from './support/w5-database.ts';

// C-0001's formal review is due Mon 30 Nov: the reminder one working day before falls on Fri 27 Nov, 09:00.
const BEFORE_DUE = '2026-11-27 09:30';

let env: Record<string, string>;

/** Everything the dry run could touch: the outbox, the case's schedule rows, the audit log. */
async function stored(databaseUrl: string) {
  const store = await createPrismaStore({ url: databaseUrl });
  try {
    return {
      schedule: await store.schedule.listByCase('C-0001'),
      audit: (await store.audit.list()).length,
      digestClaimed: await store.once.isClaimed('digest:carol:2026-11-27'),
    };
  } finally {
    await store.close();
  }
}

beforeAll(() => {
  env = w5Database();
});

describe('reminders --dry-run', () => {
  it('shows the reminder due at that moment: the rung, the recipient and the text in their language', () => {
    const run = runCli(['reminders', '--dry-run', '--at', BEFORE_DUE], { env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      '2026-11-27 09:30（Asia/Shanghai）将发送 1 条消息：',
      '',
      '[1] 到期前提醒 · 事项 C-0001 · 2026-11-27 09:00 起到期 → Carol 李卡（carol）',
      '    提醒：事项 C-0001（形式审核中）应于 2026-11-30（含当日）前办结，还剩 1 个工作日，请及时办理。',
      '    您收到此消息，是因为您是市大数据局的经办人员，该事项由贵单位办理。',
      '',
      '演练：未发送任何消息，未写入任何内容。',
      '',
    ]);
  });

  it('prints JSON for scripts, in the CLI language around the recipient’s text', () => {
    const run = runCli(['reminders', '--dry-run', '--json', `--at=2026-11-27T09:30:00+08:00`], { env: { ...env, KAIFANG_LOCALE: 'en' } });
    expect(run.status, run.stderr).toBe(0);
    const dry = JSON.parse(run.stdout);
    expect(dry).toMatchObject({ at: '2026-11-27T01:30:00.000Z', timeZone: 'Asia/Shanghai', open: true, nextWindow: null, digested: [] });
    expect(dry.messages).toEqual([
      {
        kind: 'reminder',
        dueAt: '2026-11-27T01:00:00.000Z',
        userId: 'carol',
        name: 'Carol 李卡',
        caseId: 'C-0001',
        rule: 'before_due',
        level: 0,
        outboxId: null,
        attempts: null,
        message: 'notify.reminder.before_due',
        text: expect.stringContaining('提醒：事项 C-0001'),
      },
    ]);
  });

  it('sends and writes nothing, however often it runs', async () => {
    const everything = ['outbox', '--json', '--status', 'pending,sending,sent,parked'];
    const outboxBefore = runCli(everything, { env });
    expect(outboxBefore.status, outboxBefore.stderr).toBe(0);
    const before = await stored(env.DATABASE_URL!);
    expect(before.schedule.map((s) => [s.rule, s.level, s.status])).toEqual([
      ['before_due', 0, 'pending'],
      ['due_day', 0, 'pending'],
      ['escalation', 1, 'pending'],
      ['escalation', 2, 'pending'],
    ]);
    for (let i = 0; i < 2; i++) {
      const run = runCli(['reminders', '--dry-run', '--at', BEFORE_DUE], { env });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('→ Carol 李卡（carol）');
    }
    expect(runCli(everything, { env }).stdout).toBe(outboxBefore.stdout);
    expect(await stored(env.DATABASE_URL!)).toEqual(before);
  });

  it('a week later catches up: every missed rung once, oldest first, and the escalation to the supervisor', () => {
    const run = runCli(['reminders', '--dry-run', '--json', '--at', '2026-12-01 09:00'], { env });
    expect(run.status, run.stderr).toBe(0);
    const dry = JSON.parse(run.stdout);
    // Due Monday 30 November: the rungs missed before it read as they will go out on Tuesday, one working day late —
    // the one before the due day and the one on it in the same words, so carol is told once.
    expect(dry.messages.map((m: { rule: string; level: number; userId: string }) => [m.rule, m.level, m.userId])).toEqual([
      ['before_due', 0, 'carol'],
      ['escalation', 1, 'dave'],
    ]);
    expect(dry.messages[1].text).toContain('督办（第 1 级）');
    for (const m of dry.messages.slice(0, 1)) {
      expect(m.message).toBe('notify.reminder.overdue');
      expect(m.text).toMatch(/^提醒：事项 C-0001（.+）应于 2026-11-30（含当日）前办结，现已超期 1 个工作日，请尽快办理。/);
      expect(m.text).not.toMatch(/今天|还剩/);
    }
  });

  it.each([
    ['at night', '2026-11-27 22:00', '2026-11-27 22:00（Asia/Shanghai）', '2026-11-30 09:00'],
    ['on National Day', '2026-10-01T10:00:00+08:00', '2026-10-01 10:00（Asia/Shanghai）', '2026-10-08 09:00'],
  ])('%s says nothing is sent and names the next window', (_, at, shown, next) => {
    const run = runCli(['reminders', '--dry-run', '--at', at], { env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      `${shown}不在发送时段（工作日 09:00–18:00），此时不发送任何消息。下一个发送时段：${next}。`,
      `查看届时将发送的内容：kaifang reminders --dry-run --at "${next}"`,
      '',
    ]);
  });

  it('treats the make-up working Saturday after National Day as a working day', () => {
    const run = runCli(['reminders', '--dry-run', '--json', '--at', '2026-10-10 10:00'], { env });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ open: true, nextWindow: null, messages: [] });
  });

  it('reads an unquoted local time, and defaults to the app clock (KAIFANG_NOW)', () => {
    const unquoted = runCli(['reminders', '--dry-run', '--at', '2026-11-27', '09:30'], { env });
    expect(unquoted.status, unquoted.stderr).toBe(0);
    expect(unquoted.stdout).toContain('2026-11-27 09:30（Asia/Shanghai）将发送 1 条消息');
    const now = runCli(['reminders', '--dry-run'], { env: { ...env, KAIFANG_LOCALE: 'en' } });
    expect(now.status, now.stderr).toBe(0);
    expect(now.stdout.trim()).toBe('2026-11-23 10:00 (Asia/Shanghai): no reminder, escalation, digest or outbox message is due.');
  });

  // The full matrix of bad arguments runs in-process (src/cli/reminders-command.test.ts); here, the exit codes of the bin.
  it('exits 2 on a bad --at and 64 without --dry-run, printing nothing on stdout', () => {
    const bad = runCli(['reminders', '--dry-run', '--at', '2026-02-30 09:00'], { env });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('“2026-02-30 09:00”不是有效时间');
    const send = runCli(['reminders', '--at', BEFORE_DUE], { env: { ...env, KAIFANG_LOCALE: 'en' } });
    expect(send.status).toBe(64);
    expect(send.stdout).toBe('');
    expect(send.stderr).toContain('reminders only has a dry run (--dry-run)');
    expect(send.stderr).toContain('Usage: kaifang reminders --dry-run');
  });
});
