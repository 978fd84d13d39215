// The operator's side of delivery and deadlines: `kaifang outbox` shows what could not be delivered and `outbox retry`
// sends it again; `kaifang calendar recompute` moves open deadlines when a holiday notice changes, and `console` does it
// at start-up.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { runCli } from './support/run-cli.ts';
import { runInProcess } from './support/cli-in-process.ts';
import { w5Database } from './support/w5-database.ts';

const files = mkdtempSync(join(tmpdir(), 'kaifang-cli-calendar-'));
afterAll(() => rmSync(files, { recursive: true, force: true }));

/** A message for carol about C-0001 whose every delivery failed; the error names a phone number. */
async function parkMessage(databaseUrl: string): Promise<number> {
  const store = await createPrismaStore({ url: databaseUrl });
  try {
    const at = new Date('2026-11-23T02:00:00Z');
    const params = { by: 'Alice 王丽 13812345678', caseId: 'C-0001', workflow: 'W5', state: 'formal_review', dueOn: '2026-11-30', provisional: 0 };
    const m = await store.outbox.enqueue({ userId: 'carol', caseId: 'C-0001', message: 'notify.nudge', params }, at);
    await store.outbox.markFailed(m.id, 'chat API answered 500 for 13812345678', null);
    return m.id;
  } finally {
    await store.close();
  }
}

describe('outbox: a reminder read after its day', () => {
  it('shows a waiting reminder as it will go out, and a sent one as it went out', async () => {
    const env: Record<string, string> = { ...w5Database(), KAIFANG_NOW: '2026-12-03T10:00:00+08:00' };
    const store = await createPrismaStore({ url: env.DATABASE_URL! });
    let parked: number;
    let sent: number;
    try {
      // Both planned on the due day, Monday 30 November: one went out that morning, the other failed and waits.
      const at = new Date('2026-11-30T09:00:00+08:00');
      const params = { caseId: 'C-0001', workflow: 'W5', state: 'formal_review', dueOn: '2026-11-30', provisional: 0, daysLeft: 0 };
      const first = await store.outbox.enqueue({ userId: 'carol', caseId: 'C-0001', message: 'notify.reminder.due_day', params }, at);
      await store.outbox.markSent(first.id, at);
      sent = first.id;
      const second = await store.outbox.enqueue({ userId: 'carol', caseId: 'C-0001', message: 'notify.reminder.due_day', params }, at);
      await store.outbox.markFailed(second.id, 'slack: HTTP 503', null);
      parked = second.id;
    } finally {
      await store.close();
    }
    const view = await runInProcess(['outbox', '--json', '--status', 'parked,sent', '--case', 'C-0001'], env);
    expect(view.status, view.stderr).toBe(0);
    const texts = new Map(JSON.parse(view.stdout).messages.map((m: { id: number; message: string; text: string }) => [m.id, [m.message, m.text]]));
    // Retried now, on Thursday 3 December: three working days late.
    expect(texts.get(parked)).toEqual(['notify.reminder.due_day', expect.stringMatching(/^提醒：事项 C-0001（形式审核中）应于 2026-11-30（含当日）前办结，现已超期 3 个工作日/)]);
    expect(texts.get(sent)).toEqual(['notify.reminder.due_day', expect.stringMatching(/^提醒：今天（2026-11-30）是事项 C-0001（形式审核中）办理期限的最后一天/)]);
  });
});

describe('outbox', () => {
  let env: Record<string, string>;
  let id: number;

  beforeAll(async () => {
    env = w5Database();
    id = await parkMessage(env.DATABASE_URL!);
  });

  it('shows the counts, then a parked message with its last error, masked', () => {
    const view = runCli(['outbox'], { env });
    expect(view.status, view.stderr).toBe(0);
    expect(view.stdout.split('\n')).toEqual([
      '发件箱：待发 0 · 发送中 0 · 已发送 2 · 已搁置 1',
      '',
      `#${id} 已搁置 · Carol 李卡（carol）· 事项 C-0001 · notify.nudge · 已尝试 1 次 · 重新发送：kaifang outbox retry ${id}`,
      '    最近一次错误：chat API answered 500 for 138****5678',
      '    催办：Alice 王丽 138****5678 催促办理事项 C-0001（形式审核中），应于 2026-11-30（含当日）前办结。',
      '',
    ]);
    expect(view.stdout).not.toContain('13812345678');
    const json = runCli(['outbox', '--json', '--status', 'parked'], { env });
    expect(json.stdout).not.toContain('13812345678');
    const parsed = JSON.parse(json.stdout);
    expect(parsed.counts).toEqual({ pending: 0, sending: 0, sent: 2, parked: 1 });
    expect(parsed.messages).toMatchObject([{ id, status: 'parked', userId: 'carol', caseId: 'C-0001', attempts: 1, nextAttemptAt: null }]);
  });

  it('`outbox retry` queues a parked message again, and the dry run lists it for the next round', () => {
    const retry = runCli(['outbox', 'retry', String(id)], { env: { ...env, KAIFANG_LOCALE: 'en' } });
    expect(retry.status, retry.stderr).toBe(0);
    expect(retry.stdout.trim()).toBe(`Message #${id} is queued again; the running bot will try it in the sending window from 2026-11-23 10:00.`);
    const after = JSON.parse(runCli(['outbox', '--json'], { env }).stdout);
    expect(after.counts).toEqual({ pending: 1, sending: 0, sent: 2, parked: 0 });
    expect(after.messages).toMatchObject([{ id, status: 'pending', retrying: true, attempts: 1, nextAttemptAt: '2026-11-23T02:00:00.000Z' }]);
    const dry = runCli(['reminders', '--dry-run', '--at', '2026-11-23 10:05'], { env });
    expect(dry.stdout).toContain(`[1] 发件箱消息 #${id}（notify.nudge，已尝试 1 次）· 事项 C-0001 · 2026-11-23 10:00 起待发 → Carol 李卡（carol）`);
  });

  it('retries only a parked message; a bad id or status is a bad value', () => {
    const again = runCli(['outbox', 'retry', String(id)], { env });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`消息 #${id} 不存在或未处于搁置状态`);
    expect(runCli(['outbox', 'retry', 'abc'], { env }).status).toBe(2);
    expect(runCli(['outbox', '--status', 'lost'], { env }).status).toBe(2);
  });
});

describe('calendar recompute', () => {
  // A (hypothetical) corrected 2026 notice with a local holiday on Wed 25 Nov: C-0001's five working days from Mon 23
  // Nov now end on Tue 1 Dec instead of Mon 30 Nov.
  const corrected = join(files, 'corrected-2026.txt');
  writeFileSync(corrected, 'notice 2026 假设的更正通知\nholiday 2026-11-25 地方假日\n');

  describe('on a database whose deadlines were counted on the built-in calendar', () => {
    let env: Record<string, string>;
    let withFile: Record<string, string>;

    beforeAll(() => {
      env = w5Database();
      withFile = { ...env, KAIFANG_CALENDAR_FILE: corrected };
    });

    it('--dry-run prints each moved case old → new and changes nothing', () => {
      const dry = runCli(['calendar', 'recompute', '--dry-run'], { env: withFile });
      expect(dry.status, dry.stderr).toBe(0);
      expect(dry.stdout.split('\n')).toEqual(['C-0001  2026-11-30 → 2026-12-01', '演练：1 个事项的办理期限将按现行节假日安排调整，未做任何更改。', '']);
      const cases = JSON.parse(runCli(['cases', '--json'], { env }).stdout);
      expect(cases[0].dueOn).toBe('2026-11-30');
    });

    it('without --dry-run moves the deadline, tells the parties and records it', async () => {
      const real = runCli(['calendar', 'recompute'], { env: { ...withFile, KAIFANG_LOCALE: 'en' } });
      expect(real.status, real.stderr).toBe(0);
      expect(real.stdout.split('\n')).toEqual([
        'C-0001  2026-11-30 → 2026-12-01',
        '1 deadline(s) moved: the parties will be told in working hours, and the audit log records it.',
        '',
      ]);
      const store = await createPrismaStore({ url: env.DATABASE_URL! });
      try {
        expect((await store.cases.get('C-0001'))?.deadline?.dueOn).toBe('2026-12-01');
        expect((await store.audit.list()).map((e) => e.action)).toContain('calendar.deadline_moved');
        const told = await store.outbox.list({ status: ['pending'] });
        expect(told.map((m) => [m.userId, m.message]).sort()).toEqual([
          ['alice', 'notify.deadlineMoved'],
          ['carol', 'notify.deadlineMoved'],
        ]);
      } finally {
        await store.close();
      }
    });

    it('is done once: the next start does not recount, and a second recompute finds nothing to move', () => {
      const start = runCli(['console'], { env: withFile, input: 'as alice\n' });
      expect(start.status, start.stderr).toBe(0);
      expect(start.stdout).not.toContain('节假日安排已更新');
      const twice = runCli(['calendar', 'recompute', '--dry-run'], { env: withFile });
      expect(twice.stdout.trim()).toBe('全部未办结事项的办理期限与现行节假日安排一致，无需调整。');
    });
  });

  it('`console` recounts at start-up when the holiday file changed since the last start, and says so', () => {
    const env = w5Database();
    const start = runCli(['console'], { env: { ...env, KAIFANG_CALENDAR_FILE: corrected }, input: 'as alice\nmine\n' });
    expect(start.status, start.stderr).toBe(0);
    const lines = start.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['节假日安排已更新：1 个未办结事项的办理期限已重新计算，相关当事人将收到通知。', '  C-0001  2026-11-30 → 2026-12-01']);
    // The parties hear of it at the first delivery round.
    expect(start.stdout).toMatch(/✉ 致 Alice 王丽（alice）：因节假日安排调整，事项 C-0001（形式审核中）的办理期限由 2026-11-30 调整为 2026-12-01（含当日）前。/);
  });

  it('refuses an unknown sub-command with the usage', () => {
    const run = runCli(['calendar', 'reload'], { env: { KAIFANG_LOCALE: 'en', DATABASE_URL: 'file:/nonexistent/never-opened.db' } });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain('Unknown calendar sub-command: reload');
    expect(run.stderr).toContain('Usage: kaifang calendar recompute [--dry-run]');
  });
});
