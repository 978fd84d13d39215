// Two reviewers of the authority pass the same W5 formal review at the same moment, each through their own app (its
// own Prisma client and SQLite connection) on one database file: exactly one decision lands, the other is told who
// decided first, the case moves one step and the audit log records one approval (ARCHITECTURE.md, step 5).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import type { Outcome } from '../src/application/case-service.ts';
import type { CaseRecord } from '../src/application/ports/cases.ts';
import type { Store } from '../src/application/ports/store.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import type { User } from '../src/domain/model.ts';
import type { W5Input } from '../src/domain/workflows/w5-conditional-application.ts';
import { fixedClock, openApp, type App } from '../src/main.ts';

// Monday 23 November 2026, 10:00 in Shanghai.
const NOW = new Date('2026-11-23T02:00:00Z');
const ROUNDS = 10;

const APPLICATION: W5Input = {
  title: '公交客流研究',
  reason: '优化公交线网',
  type: 'api',
  period: '2027-06-30',
  result: '研究报告',
  scenario: '线网规划',
  commit: true, meets: true,
};

const CARL: User = {
  id: 'carl',
  name: 'Carl 钱凯',
  roles: ['reviewer'],
  agencyId: 'bdb',
  verified: true,
  dishonest: false,
  locale: 'zh-CN',
};

const root = mkdtempSync(join(tmpdir(), 'kaifang-race-'));
const url = `file:${join(root, 'kaifang.db')}`;
let a: App;
let b: App;

async function person(store: Store, id: string): Promise<User> {
  const user = await store.users.get(id);
  if (!user) throw new Error(`no user ${id}`);
  return user;
}

async function applyAsAlice(app: App): Promise<CaseRecord> {
  const started = await app.service.start(await person(app.store, 'alice'), 'W5', APPLICATION, { datasetId: 'DS-0002' }, 'console');
  if (!started.ok) throw new Error(`apply failed: ${started.error}`);
  return started.value;
}

function winnerAndLoser(results: Outcome<CaseRecord>[]) {
  const won = results.filter((r) => r.ok);
  const lost = results.filter((r) => !r.ok);
  return { won, lost };
}

beforeAll(async () => {
  a = await openApp(loadConfig({ DATABASE_URL: url }), { store: await createPrismaStore({ url }), clock: fixedClock(NOW) });
  b = await openApp(loadConfig({ DATABASE_URL: url }), { store: await createPrismaStore({ url }), clock: fixedClock(NOW) });
  await seedDemo(a.store);
  await b.store.users.upsert(CARL);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('two reviewers approve the same case at once', () => {
  it('lets exactly one approval through, round after round', async () => {
    const names = new Map([
      ['carol', 'Carol 李卡'],
      ['carl', CARL.name],
    ]);
    for (let round = 0; round < ROUNDS; round += 1) {
      const created = await applyAsAlice(a);
      expect(created).toMatchObject({ state: 'formal_review', version: 1 });
      const [carol, carl] = await Promise.all([person(a.store, 'carol'), person(b.store, 'carl')]);

      const results = await Promise.all([
        a.service.decide({ userId: carol.id, caseId: created.id, action: 'approve', values: {}, channel: 'console' }),
        b.service.decide({ userId: carl.id, caseId: created.id, action: 'approve', values: {}, channel: 'slack' }),
      ]);

      const { won, lost } = winnerAndLoser(results);
      expect(won, `round ${round}: ${JSON.stringify(results)}`).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const winner = won[0]!.ok ? won[0]!.value : null;
      expect(winner).toMatchObject({ id: created.id, state: 'provider_review', version: 2 });
      const winnerId = winner!.lastActorId!;
      expect(['carol', 'carl']).toContain(winnerId);
      expect(lost[0]).toEqual({
        ok: false,
        error: 'ALREADY_DECIDED',
        params: { caseId: created.id, by: names.get(winnerId), state: 'provider_review', workflow: 'W5' },
      });

      // Both apps read the same, single step forward.
      for (const app of [a, b]) {
        expect(await app.store.cases.get(created.id)).toMatchObject({
          state: 'provider_review',
          version: 2,
          lastActorId: winnerId,
          assignee: { agencyId: 'transport', role: 'reviewer' },
        });
      }
      const history = await b.store.audit.listByCase(created.id);
      expect(history.map((h) => h.action)).toEqual(['W5.submit', 'W5.approve_formal']);
      expect(history[1]?.actorId).toBe(winnerId);
      // The provider was told once, not twice.
      const toBob = (await a.store.outbox.listPending(1000)).filter((m) => m.userId === 'bob' && m.caseId === created.id);
      expect(toBob.map((m) => m.message)).toEqual(['notify.w5.assigned']);
    }
  });

  it('tells the loser in the chat who decided first', async () => {
    const created = await applyAsAlice(a);
    const [fromCarol, fromCarl] = await Promise.all([
      a.handler.handle({ channel: 'console', userId: 'carol', text: `approve ${created.id}` }),
      b.handler.handle({ channel: 'console', userId: 'carl', text: `approve ${created.id}` }),
    ]);
    const stored = await a.store.cases.get(created.id);
    expect(stored).toMatchObject({ state: 'provider_review', version: 2 });
    const winnerIsCarol = stored!.lastActorId === 'carol';
    const [winnerReply, loserReply] = winnerIsCarol ? [fromCarol, fromCarl] : [fromCarl, fromCarol];
    expect(winnerReply!.join('\n')).toMatch(new RegExp(`^${created.id} 已办理，当前状态：`));
    expect(loserReply!.join('\n')).toContain(`已由 ${winnerIsCarol ? 'Carol 李卡' : CARL.name}`);
    expect(loserReply!.join('\n')).toContain(created.id);
    expect((await a.store.audit.listByCase(created.id)).filter((h) => h.action === 'W5.approve_formal')).toHaveLength(1);
  });

  it('refuses a decision made on a version the case has left (a stale button)', async () => {
    const created = await applyAsAlice(a);
    const carol = await person(a.store, 'carol');
    const carl = await person(b.store, 'carl');
    const first = await a.service.decide({ userId: carol.id, caseId: created.id, version: 1, action: 'approve', values: {}, channel: 'console' });
    expect(first).toMatchObject({ ok: true, value: { state: 'provider_review', version: 2 } });

    // Carl answers the message he saw at version 1 (a "return" button): refused as already decided, naming Carol.
    const stale = await b.service.decide({ userId: carl.id, caseId: created.id, version: 1, action: 'return', values: { reasons: '太晚了' }, channel: 'slack' });
    expect(stale).toEqual({
      ok: false,
      error: 'ALREADY_DECIDED',
      params: { caseId: created.id, by: 'Carol 李卡', state: 'provider_review', workflow: 'W5' },
    });
    expect(await b.store.cases.get(created.id)).toMatchObject({ state: 'provider_review', version: 2, lastActorId: 'carol' });
    expect((await b.store.audit.listByCase(created.id)).map((h) => h.action)).toEqual(['W5.submit', 'W5.approve_formal']);
  });
});
