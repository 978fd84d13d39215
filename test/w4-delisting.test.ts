// W4 end to end in the console (T10): the provider's officer applies, the authority approves, the dataset leaves the
// catalog, every grant holder and pending applicant is told, and the pending application is closed; the authority
// may also delist at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { openApp, type App } from '../src/main.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

let app: App;
const say = (userId: string, text: string) => app.handler.handle({ channel: 'console', userId, text });
const APPLY = 'title="研究" reason="r" type=api period=2027-06-30 result=report scenario=s commit=是 meets=是';

beforeAll(async () => {
  const url = tempDatabaseUrl();
  app = await openApp(loadConfig({ DATABASE_URL: url }), { store: await createPrismaStore({ url }), clock: { now: () => new Date('2026-11-23T10:00:00+08:00') } });
  await seedDemo(app.store, { locale: 'zh-CN' });
});
afterAll(async () => app?.close());

describe('W4 delisting in the console', () => {
  it('approved: off the catalog, grant holder and pending applicant told, pending application closed', async () => {
    // Alice holds a grant on DS-0002; a second application (by another verified applicant) is pending.
    await say('alice', `apply DS-0002 ${APPLY}`);
    await say('carol', 'approve C-0001');
    await say('bob', 'approve C-0001');
    await say('alice', 'accept C-0001');
    await app.store.users.upsert({ id: 'gina', name: 'Gina 郭', roles: ['applicant'], agencyId: null, verified: true, dishonest: false, locale: 'zh-CN' });
    await say('gina', `apply DS-0002 ${APPLY}`);
    expect((await app.store.cases.get('C-0002'))?.state).toBe('formal_review');
    // A third application, returned for correction, is pending too.
    await app.store.users.upsert({ id: 'hao', name: 'Hao 胡', roles: ['applicant'], agencyId: null, verified: true, dishonest: false, locale: 'zh-CN' });
    await say('hao', `apply DS-0002 ${APPLY}`);
    await say('carol', 'return C-0003 reasons="缺少材料"');
    expect((await app.store.cases.get('C-0003'))?.state).toBe('returned');

    expect(await say('alice', '下架 DS-0002 reason=x')).toEqual([expect.stringMatching(/角色不能办理/)]);
    expect(await say('bob', '下架 DS-0002 政策调整，不宜再开放')).toEqual(['已提交 C-0004（数据下架）。当前环节：待主管部门审核，应于 2026-11-25（含当日）前办结。']);
    expect(await say('bob', 'delist DS-0002 now reason=x')).toEqual([expect.stringMatching(/角色不能办理/)]);
    expect(await say('carol', 'approve C-0004')).toEqual([expect.stringMatching(/C-0004.*已下架/)]);

    expect((await app.store.datasets.get('DS-0002'))?.status).toBe('delisted');
    expect((await say('alice', 'datasets'))[0]).not.toMatch(/DS-0002/);
    const closed = await app.store.cases.get('C-0002');
    expect(closed).toMatchObject({ state: 'closed', assignee: null, deadline: null });
    expect(await app.store.schedule.listByCase('C-0002')).toSatisfy((steps: { status: string }[]) => steps.every((s) => s.status !== 'pending'));
    const told = (await app.store.outbox.list({ caseId: 'C-0004' })).filter((m) => m.message === 'notify.w4.audience').map((m) => m.userId);
    expect(told.sort()).toEqual(['alice', 'gina', 'hao']);
    expect((await app.store.cases.get('C-0003'))?.state).toBe('closed');
    const [status] = await say('gina', 'status C-0002');
    expect(status).toMatch(/已终止（数据已下架或开放属性已调整）/);
    expect(await say('carol', 'approve C-0002')).toEqual([expect.stringMatching(/C-0002/)]);
    expect((await app.store.cases.get('C-0002'))?.state).toBe('closed');
  });

  it('the authority delists at once for quality problems; the provider is told', async () => {
    // Nothing was submitted for anyone to review: the reply says it is done.
    expect(await say('carol', 'delist DS-0001 立即 reason="坐标错误较多"')).toEqual(['已办理 C-0005（数据下架），当前状态：已下架。']);
    expect((await app.store.datasets.get('DS-0001'))?.status).toBe('delisted');
    const toProvider = (await app.store.outbox.list({ caseId: 'C-0005' })).filter((m) => m.message === 'notify.w4.delisted_now').map((m) => m.userId);
    // Every data officer of the provider: bob and grace.
    expect(toProvider.sort()).toEqual(['bob', 'grace']);
  });

  it('closes the other delistings still waiting on a dataset it delists, so none delists it again', async () => {
    expect(await say('bob', 'delist DS-0003 reason="站点迁移"')).toEqual([expect.stringMatching(/权限|角色不能办理/)]);
    // DS-0003 is the ecology bureau's: its officer Frank applies twice, then the authority delists it at once.
    expect((await say('frank', 'delist DS-0003 reason="站点迁移"'))[0]).toMatch(/C-0006/);
    expect((await say('frank', 'delist DS-0003 reason="数据口径调整"'))[0]).toMatch(/C-0007/);
    expect((await say('carol', 'delist DS-0003 now reason="质量问题"'))[0]).toMatch(/C-0008.*已下架/);
    for (const id of ['C-0006', 'C-0007']) expect((await app.store.cases.get(id))?.state).toBe('closed');
    const audience = (await app.store.outbox.list({ caseId: 'C-0008' })).filter((m) => m.message === 'notify.w4.audience').map((m) => m.userId);
    expect(audience).toContain('frank');
    // Approving a closed one changes nothing and tells nobody again.
    const before = (await app.store.outbox.list()).length;
    await say('carol', 'approve C-0006');
    expect((await app.store.cases.get('C-0006'))?.state).toBe('closed');
    expect((await app.store.outbox.list()).length).toBe(before);
  });
});
