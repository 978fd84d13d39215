// From 1 November, while next year has no holiday notice, the platform's operators hear once a week that deadlines
// reaching into it are provisional, and how to load the notice. In-process, on one store, with a clock the test moves.
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/adapters/memory/create-memory-store.ts';
import { createImportedNotices } from '../src/application/calendar/imported-notices.ts';
import { renderNotification } from '../src/application/commands/render.ts';
import type { Store } from '../src/application/ports/store.ts';
import { PROVISIONAL_YEAR_MESSAGE } from '../src/application/reminders/provisional-year-reminder.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import type { User } from '../src/domain/model.ts';
import { openApp } from '../src/main.ts';
import { createChats } from '../src/run-chats.ts';

/** 10:00 in Shanghai on `day`. */
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

const operator = (id: string, agencyId: string | null, locale: User['locale']): User => ({
  id,
  name: id,
  roles: ['operator'],
  agencyId,
  verified: true,
  dishonest: false,
  locale,
});

async function city(): Promise<Store> {
  const store = createMemoryStore();
  await seedDemo(store);
  // The operator role is the platform's, whichever agency a person is filed under.
  await store.users.upsert(operator('olga', 'bdb', 'zh-CN'));
  await store.users.upsert(operator('oscar', null, 'en'));
  return store;
}

/** A process on `store` whose clock reads `clock.now`. */
async function process(store: Store, clock: { now: Date }) {
  return openApp(loadConfig({}), { store, clock: { now: () => new Date(clock.now.getTime()) } });
}

async function reminders(store: Store) {
  return (await store.outbox.list())
    .filter((m) => m.message === PROVISIONAL_YEAR_MESSAGE)
    .map((m) => ({ userId: m.userId, year: m.params.year, at: m.createdAt.toISOString() }))
    .sort((x, y) => x.at.localeCompare(y.at) || x.userId.localeCompare(y.userId));
}

describe('the provisional-year reminder', () => {
  it('starts on 1 November, comes once a week in working hours, survives a restart without repeating, and stops once the notice is imported', async () => {
    const store = await city();
    const clock = { now: at('2026-10-30') };
    const app = await process(store, clock);
    const remind = (day: string, hour = '10:00') => app.provisionalYearReminder.remind(new Date(`${day}T${hour}:00+08:00`));

    // October: nothing yet. Sunday 1 November: outside working hours, the week's reminder waits for Monday.
    expect(await remind('2026-10-30')).toBeNull();
    expect(await remind('2026-11-01')).toBeNull();
    expect(await remind('2026-11-02', '08:30')).toBeNull();
    expect(await reminders(store)).toEqual([]);

    // Monday 2 November, 10:00: one message to each operator, about 2027.
    expect(await remind('2026-11-02')).toEqual({ kind: 'reminded', year: 2027, week: '2026-11-02', to: ['olga', 'oscar'] });
    const first = [
      { userId: 'olga', year: 2027, at: '2026-11-02T02:00:00.000Z' },
      { userId: 'oscar', year: 2027, at: '2026-11-02T02:00:00.000Z' },
    ];
    expect(await reminders(store)).toEqual(first);

    // The rest of the week: nothing more, in this process or after a restart.
    expect(await remind('2026-11-02', '16:00')).toBeNull();
    expect(await remind('2026-11-06')).toBeNull();
    const restarted = await process(store, clock);
    expect(await restarted.provisionalYearReminder.remind(at('2026-11-05'))).toBeNull();
    expect(await reminders(store)).toEqual(first);

    // The next week, two processes at once: one reminder each, not two.
    const [a, b] = await Promise.all([remind('2026-11-09'), restarted.provisionalYearReminder.remind(at('2026-11-09'))]);
    expect([a, b].filter((r) => r?.kind === 'reminded')).toHaveLength(1);
    expect((await reminders(store)).filter((r) => r.at === '2026-11-09T02:00:00.000Z').map((r) => r.userId)).toEqual(['olga', 'oscar']);

    // An operator imports the notice (another process: the CLI). This process says once it should restart and no
    // longer reminds; a process started after it counts on the notice and has nothing to say.
    await createImportedNotices(store.settings).put({
      notice: { year: 2027, title: '国务院办公厅关于2027年部分节假日安排的通知', holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] },
      issuedOn: null,
      importedAt: at('2026-11-12'),
    });
    expect(await remind('2026-11-16')).toEqual({ kind: 'importedSinceStart', year: 2027 });
    expect(await remind('2026-11-16', '11:00')).toBeNull();
    expect(await remind('2026-11-23')).toBeNull();
    const afterImport = await process(store, clock);
    expect(await afterImport.provisionalYearReminder.remind(at('2026-11-23'))).toBeNull();
    expect(await reminders(store)).toHaveLength(4);
  });

  it('says nothing in a November whose next year is built in', async () => {
    const store = await city();
    const app = await process(store, { now: at('2025-11-03') });
    expect(await app.provisionalYearReminder.remind(at('2025-11-03'))).toBeNull();
    expect(await app.provisionalYearReminder.remind(at('2025-12-01'))).toBeNull();
    expect(await reminders(store)).toEqual([]);
  });

  it('reminds all year of a current year that still has no notice', async () => {
    const store = await city();
    const app = await process(store, { now: at('2027-03-01') });
    expect(await app.provisionalYearReminder.remind(at('2027-03-01'))).toMatchObject({ kind: 'reminded', year: 2027, week: '2027-03-01' });
  });

  it('counts the open deadlines already reaching into the year, and reads in each operator’s language', async () => {
    const store = await city();
    const clock = { now: at('2026-12-28') };
    const app = await process(store, clock);
    const filed = await app.handler.handle({ channel: 'console', userId: 'alice', text: 'apply DS-0002 title=t reason=r type=api period=2027-06-30 result=x scenario=s commit=yes meets=yes' });
    expect(JSON.stringify(filed)).toContain('2027-01-05');
    await app.provisionalYearReminder.remind(at('2026-12-28'));
    const [zh, en] = (await store.outbox.list()).filter((m) => m.message === PROVISIONAL_YEAR_MESSAGE).sort((x, y) => x.userId.localeCompare(y.userId));
    expect(zh?.params).toEqual({ year: 2027, count: 1, why: 'calendar.provisionalYear.why' });
    expect(renderNotification(app.translator.for('zh-CN'), zh!.message, zh!.params)).toBe(
      [
        '2027年的国务院节假日安排尚未载入：跨入2027年的办理期限均为暂定（仅按周末和法定节日推算，未计放假调休和调休上班日），目前已有 1 个未办结事项的期限如此。通知（国务院办公厅关于2027年部分节假日安排的通知）发布后，请将全文保存为文件并载入：`npx kaifang calendar import <文件>` 显示读取结果，加 `--apply` 即载入并重新计算未办结事项的办理期限。',
        '您作为平台运行人员收到此消息；通知载入前每周提醒一次。',
      ].join('\n'),
    );
    expect(renderNotification(app.translator.for('en'), en!.message, en!.params)).toContain('`npx kaifang calendar import <file>` shows what it reads');
  });

  it('runs with every scheduler round of serve and the console, and logs when the notice was imported under it', async () => {
    const store = await city();
    const clock = { now: at('2026-11-02') };
    const app = await process(store, clock);
    const log: string[] = [];
    const chats = await createChats(app, [], (line) => log.push(line));
    const rounds = await chats.start(null);
    try {
      await rounds.runNow();
      await rounds.runNow();
      expect((await reminders(store)).map((r) => r.userId)).toEqual(['olga', 'oscar']);
      await createImportedNotices(store.settings).put({
        notice: { year: 2027, title: 't', holidays: [], workdays: [] },
        issuedOn: null,
        importedAt: clock.now,
      });
      clock.now = at('2026-11-09');
      await rounds.runNow();
      await rounds.runNow();
      expect(log).toEqual(['[kaifang] a holiday notice for 2027 was imported after this process started: restart it so that new deadlines are counted on it']);
      expect(await reminders(store)).toHaveLength(2);
    } finally {
      await chats.stop();
    }
  });
});
