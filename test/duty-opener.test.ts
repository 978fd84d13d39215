// The opener opens each duty exactly once: run twice, run by two app instances on one SQLite file at the same moment,
// and run again after a restart. The key is claimed in the transaction that creates the case, so whichever instance
// wins the write lock opens it and every other finds the key taken.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/adapters/memory/create-memory-store.ts';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import type { Store } from '../src/application/ports/store.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { PLATFORM_USER_ID } from '../src/domain/model.ts';
import { openApp, type App } from '../src/main.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

// Seeded (published) on Thursday 15 October 2026; the round runs on Friday 20 November, 10:00 in Shanghai: DS-0001
// (monthly) fell due on 15 November, the daily and realtime DS-0002..4 on 22 October. DS-0005 is closed (T12 speaks
// of open data); the daily DS-0006 is the province's, kept at its level (Z15): no duty of the city opens for either.
const SEEDED_ON = '2026-10-15';
const ROUND = new Date('2026-11-20T02:00:00Z');
const KEYS = ['W13:DS-0001:2026-11-15', 'W13:DS-0002:2026-10-22', 'W13:DS-0003:2026-10-22', 'W13:DS-0004:2026-10-22'];

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function appOn(store: Store, at = ROUND): Promise<App> {
  const app = await openApp(loadConfig({ KAIFANG_LOCALE: 'zh-CN' }), { store, clock: { now: () => at } });
  open.push(store);
  return app;
}

async function w13Cases(store: Store) {
  return (await store.cases.list({ workflow: 'W13' })).map((c) => ({ id: c.id, datasetId: c.datasetId, applicantId: c.applicantId }));
}

describe('the duty opener', () => {
  it('lists what it would open without opening it, opens it once, and a second round opens nothing', async () => {
    const store = createMemoryStore();
    await seedDemo(store, { today: SEEDED_ON });
    const app = await appOn(store);
    expect((await app.duties.wouldOpen(ROUND)).map((d) => d.key)).toEqual(KEYS);
    // A day before anything fell due: nothing.
    expect(await app.duties.wouldOpen(new Date('2026-10-21T02:00:00Z'))).toEqual([]);
    expect(await store.cases.list()).toEqual([]);

    const first = await app.duties.open(ROUND);
    expect(first.opened.map((o) => [o.duty.key, o.caseId])).toEqual(KEYS.map((k, i) => [k, `C-000${i + 1}`]));
    expect(first.refused).toEqual([]);
    expect((await app.duties.open(ROUND)).opened).toEqual([]);
    expect(await app.duties.wouldOpen(ROUND)).toEqual([]);
    expect(await w13Cases(store)).toHaveLength(4);

    // The applicant is the platform itself, named in the platform's language; no role, no chat account.
    expect(await store.users.get(PLATFORM_USER_ID)).toMatchObject({ name: '开放平台', roles: [], agencyId: null });
    const c1 = await store.cases.get('C-0001');
    expect(c1).toMatchObject({ workflow: 'W13', state: 'update_due', applicantId: PLATFORM_USER_ID, assignee: { agencyId: 'transport', role: 'reviewer' } });
    // 5 working days from Friday 20 November: Friday 27 November; the provider's reviewers are told now.
    expect(c1?.deadline).toMatchObject({ startedOn: '2026-11-20', workingDays: 5, dueOn: '2026-11-27' });
    const told = (await store.outbox.list({})).filter((m) => m.caseId === 'C-0001').map((m) => [m.userId, m.message]);
    expect(told.sort()).toEqual([
      ['bob', 'notify.w13.due'],
      ['grace', 'notify.w13.due'],
    ]);
    // Planned reminders, as any task has.
    expect((await store.schedule.listPendingAfter(ROUND, 100)).filter((s) => s.caseId === 'C-0001').length).toBeGreaterThan(0);
  });

  it('two app instances on one SQLite file racing open each duty once, and a restart opens none again', async () => {
    const url = tempDatabaseUrl();
    const seedStore = await createPrismaStore({ url });
    await seedDemo(seedStore, { today: SEEDED_ON });
    await seedStore.close();

    const [a, b] = await Promise.all([createPrismaStore({ url }), createPrismaStore({ url })]);
    const [appA, appB] = await Promise.all([appOn(a!), appOn(b!)]);
    const [roundA, roundB] = await Promise.all([appA.duties.open(ROUND), appB.duties.open(ROUND)]);
    const opened = [...roundA.opened, ...roundB.opened].map((o) => o.duty.key).sort();
    expect(opened).toEqual(KEYS);
    expect([...roundA.refused, ...roundB.refused]).toEqual([]);
    expect(await w13Cases(a!)).toHaveLength(4);
    expect(new Set((await w13Cases(a!)).map((c) => c.datasetId))).toEqual(new Set(['DS-0001', 'DS-0002', 'DS-0003', 'DS-0004']));

    // Both again at once, then a restarted process later the same day: nothing more.
    const again = await Promise.all([appA.duties.open(ROUND), appB.duties.open(ROUND)]);
    expect(again.flatMap((r) => r.opened)).toEqual([]);
    await Promise.all(open.splice(0).map((s) => s.close()));
    const restarted = await appOn(await createPrismaStore({ url }), new Date('2026-11-20T08:00:00Z'));
    expect((await restarted.duties.open(restarted.clock.now())).opened).toEqual([]);
    expect(await w13Cases(restarted.store)).toHaveLength(4);
  });

  it('an update recorded closes the case; the next duty counts from it and opens once more when due', async () => {
    const store = createMemoryStore();
    await seedDemo(store, { today: SEEDED_ON });
    const app = await appOn(store);
    await app.duties.open(ROUND);
    const say = async (text: string) => (await app.handler.handle({ channel: 'console', userId: 'bob', text })).join('\n');
    // A day that is no date, or one to come, records nothing (an optional field's bad value is never taken for today).
    const before = await store.cases.get('C-0001');
    expect(await say('已更新 DS-0001 更新日期=明天')).toBe('「更新日期」填写有误：数据更新的日期，YYYY-MM-DD；不填即今天');
    expect(await say('updated DS-0001 on=2026-11-21')).toMatch(/更新日期/);
    expect(await store.cases.get('C-0001')).toEqual(before);
    // Anyone but the provider's officers may not; a dataset with no case open says so.
    expect(await (await app.handler.handle({ channel: 'console', userId: 'frank', text: 'updated DS-0001' })).join('\n')).toBe('C-0001 不由贵单位办理，无权处理。');
    expect(await say('updated DS-0001 on=2026-11-18')).toMatch(/^C-0001 /);
    expect(await store.cases.get('C-0001')).toMatchObject({ state: 'updated', assignee: null });
    expect((await store.datasets.get('DS-0001'))?.lastUpdatedOn).toBe('2026-11-18');
    // Typed again, the same update is no new one; an update made since, nobody asked for, is recorded done (below).
    expect(await say('已更新 DS-0001 更新日期=2026-11-18')).toBe('DS-0001 已记录 2026-11-18 的更新，无需重复记录。');
    // A month after the update it falls due again: one new case, under a new key.
    const later = await appOn(store, new Date('2026-12-21T02:00:00Z'));
    const round = await later.duties.open(later.clock.now());
    expect(round.opened.map((o) => o.duty.key)).toContain('W13:DS-0001:2026-12-18');
    expect((await store.cases.list({ workflow: 'W13' })).filter((c) => c.datasetId === 'DS-0001')).toHaveLength(2);

    // Data taken off the catalog owes no update: its open W13 case closes with it (T10 via W9 or W4), and once it is
    // published again its count starts from that day.
    const w13On = async (datasetId: string) => (await store.cases.list({ workflow: 'W13' })).filter((c) => c.datasetId === datasetId).map((c) => c.state);
    expect(await w13On('DS-0002')).toEqual(['update_due']);
    const carol = async (text: string) => (await later.handler.handle({ channel: 'console', userId: 'carol', text })).join('\n');
    expect(await carol('rectify DS-0002 problems="数据断更" delist=yes')).toMatch(/C-\d{4}/);
    expect(await w13On('DS-0002')).toEqual(['closed']);
    const rectification = (await store.cases.list({ workflow: 'W9' }))[0]!;
    await later.handler.handle({ channel: 'console', userId: 'bob', text: `report ${rectification.id} 已恢复更新` });
    await carol(`approve ${rectification.id}`);
    expect(await store.datasets.get('DS-0002')).toMatchObject({ status: 'published', lastUpdatedOn: '2026-12-21' });
    expect(await later.duties.wouldOpen(later.clock.now())).toEqual([]);
  });
});
