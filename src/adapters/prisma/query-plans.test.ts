// The tick's hot reads must stay one index range walked in index order with a LIMIT, whatever the backlog: the SQL
// Prisma actually sends is captured and handed to SQLite's EXPLAIN QUERY PLAN.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repositories } from '../../application/ports/store.ts';
import { createStoreLock } from '../store-lock.ts';
import { applyMigrations } from './apply-migrations.ts';
import { createPrismaRepositories } from './create-prisma-repositories.ts';
import { WORKFLOWS } from '../../domain/workflows/registry.ts';
import { PrismaClient } from './generated/client.ts';
import { createTopLevelSession } from './prisma-session.ts';

const root = mkdtempSync(join(tmpdir(), 'kaifang-plans-'));
const path = join(root, 'kaifang.db');
const AT = new Date('2025-03-03T02:00:00.000Z');
const minutes = (n: number) => new Date(AT.getTime() + n * 60_000);

let client: PrismaClient;
let repos: Repositories;
let captured: { query: string; params: string }[] = [];

beforeAll(async () => {
  await applyMigrations(`file:${path}`);
  const logging = new PrismaClient({
    adapter: new PrismaBetterSQLite3({ url: `file:${path}` }),
    log: [{ emit: 'event', level: 'query' }],
  });
  logging.$on('query', (e) => captured.push({ query: e.query, params: e.params }));
  client = logging;
  repos = createPrismaRepositories(createTopLevelSession(client, createStoreLock(), { exclusiveWrites: true, busyWaitMs: 1_000 }), WORKFLOWS.ids, {
    key: 'k'.repeat(32),
    appended: () => undefined,
  });
  for (let i = 0; i < 40; i++) {
    await repos.outbox.enqueue({ userId: `u${i}`, caseId: `C-${i}`, message: 'm', params: {}, notBefore: minutes(i - 20) }, AT);
  }
  await repos.schedule.plan(Array.from({ length: 40 }, (_, i) => ({ caseId: `C-${i}`, stage: 1, rule: 'due_day' as const, level: 0, dueAt: minutes(i - 20) })));
});

afterAll(async () => {
  await client.$disconnect();
  rmSync(root, { recursive: true, force: true });
});

/** The plan of every statement `work` sent that mentions `table`, one line per statement. */
async function plansOf(table: string, work: () => Promise<unknown>): Promise<string[]> {
  captured = [];
  await work();
  const db = new Database(path, { readonly: true });
  try {
    return captured
      // Through the client the table is quoted with backticks; in the store's own SQL, with double quotes or not at all.
      .filter((q) => /^(SELECT|UPDATE|DELETE)/.test(q.query) && new RegExp(`[\`" ]${table}[\`" ]`).test(q.query))
      .map((q) => {
        const params = JSON.parse(q.params) as unknown[];
        const rows = db.prepare(`EXPLAIN QUERY PLAN ${q.query}`).all(...params) as { detail: string }[];
        return `${q.query.slice(0, 6)}: ${rows.map((r) => r.detail).join(' | ')}`;
      });
  } finally {
    db.close();
  }
}

describe('query plans on SQLite', () => {
  it('claimReady reads one (status, nextAttemptAt) range per status in index order, and updates by primary key', async () => {
    const plans = await plansOf('OutboxMessage', () => repos.outbox.claimReady(AT, minutes(5), 10));
    // A look without the write lock first (is anything ready?), then the claim itself.
    expect(plans).toEqual([
      expect.stringMatching(/^SELECT: SEARCH \S*OutboxMessage USING (COVERING )?INDEX OutboxMessage_status_nextAttemptAt_id_idx \(status=\? AND nextAttemptAt<\?\)$/),
      expect.stringMatching(/^SELECT: SEARCH \S*OutboxMessage USING (COVERING )?INDEX OutboxMessage_status_nextAttemptAt_id_idx \(status=\? AND nextAttemptAt<\?\)$/),
      expect.stringMatching(/^SELECT: SEARCH \S*OutboxMessage USING (COVERING )?INDEX OutboxMessage_status_nextAttemptAt_id_idx \(status=\? AND nextAttemptAt<\?\)$/),
      expect.stringMatching(/^SELECT: SEARCH \S*OutboxMessage USING (COVERING )?INDEX OutboxMessage_status_nextAttemptAt_id_idx \(status=\? AND nextAttemptAt<\?\)$/),
      expect.stringMatching(/^UPDATE: SEARCH \S*OutboxMessage USING INTEGER PRIMARY KEY \(rowid=\?\)$/),
    ]);
  });

  it('listPending walks the (status, createdAt, id) index', async () => {
    const plans = await plansOf('OutboxMessage', () => repos.outbox.listPending(10));
    expect(plans).toEqual([expect.stringMatching(/^SELECT: SEARCH \S*OutboxMessage USING INDEX OutboxMessage_status_createdAt_id_idx \(status=\?\)$/)]);
  });

  it('listDue and listPendingAfter read one (status, dueAt) range in index order', async () => {
    expect(await plansOf('ScheduleStep', () => repos.schedule.listDue(AT, 10))).toEqual([
      expect.stringMatching(/^SELECT: SEARCH \S*ScheduleStep USING INDEX ScheduleStep_status_dueAt_id_idx \(status=\? AND dueAt<\?\)$/),
    ]);
    expect(await plansOf('ScheduleStep', () => repos.schedule.listPendingAfter(AT, 10))).toEqual([
      expect.stringMatching(/^SELECT: SEARCH \S*ScheduleStep USING INDEX ScheduleStep_status_dueAt_id_idx \(status=\? AND dueAt>\?\)$/),
    ]);
  });

  it('claimDue reads one (status, dueAt) range and claims the batch by primary key', async () => {
    const plans = await plansOf('ScheduleStep', () => repos.schedule.claimDue(AT, 10));
    expect(plans[0]).toMatch(/^SELECT: SEARCH \S*ScheduleStep USING INDEX ScheduleStep_status_dueAt_id_idx \(status=\? AND dueAt<\?\)$/);
    expect(plans.slice(1)).toEqual([expect.stringMatching(/^UPDATE: SEARCH \S*ScheduleStep USING INTEGER PRIMARY KEY \(rowid=\?\)$/)]);
  });

  it('a step is completed, a case cancelled and a ladder re-planned through an index, not a scan', async () => {
    const [due] = await repos.schedule.listDue(AT, 1);
    expect(await plansOf('ScheduleStep', () => repos.schedule.complete(due!.id, AT))).toEqual([
      expect.stringMatching(/^UPDATE: SEARCH \S*ScheduleStep USING INTEGER PRIMARY KEY \(rowid=\?\)$/),
    ]);
    expect(await plansOf('ScheduleStep', () => repos.schedule.cancelPending('C-3', AT))).toEqual([
      expect.stringMatching(/^UPDATE: SEARCH \S*ScheduleStep USING INDEX \S+ \(caseId=\?\)$/),
    ]);
    const replan = await plansOf('ScheduleStep', () =>
      repos.schedule.plan([{ caseId: 'C-4', stage: 1, rule: 'due_day', level: 0, dueAt: minutes(99) }]),
    );
    expect(replan[0]).toMatch(/^SELECT: SEARCH \S*ScheduleStep USING INDEX \S+ \(caseId=\?\)$/);
  });

  it('chat identities are found, linked and unlinked by the primary key or the (platform, userId) unique index', async () => {
    for (let i = 0; i < 20; i++) await repos.identities.link({ platform: 'slack', externalId: `U${i}`, userId: `u${i}`, linkedAt: AT });
    const byKey = /^(SELECT|DELETE): SEARCH \S*ChatIdentity USING INDEX sqlite_autoindex_ChatIdentity_1 \(platform=\? AND externalId=\?\)$/;
    const byUser = /^SELECT: SEARCH \S*ChatIdentity USING INDEX ChatIdentity_platform_userId_key \(platform=\? AND userId=\?\)$/;
    expect(await plansOf('ChatIdentity', () => repos.identities.find('slack', 'U3'))).toEqual([expect.stringMatching(byKey)]);
    expect(await plansOf('ChatIdentity', () => repos.identities.findByUser('slack', 'u3'))).toEqual([expect.stringMatching(byUser)]);
    expect(await plansOf('ChatIdentity', () => repos.identities.unlink('slack', 'U3'))).toEqual([expect.stringMatching(byKey)]);
    // (platform = ? AND (externalId = ? OR userId = ?)): one probe of each index, never a scan.
    const link = await plansOf('ChatIdentity', () => repos.identities.link({ platform: 'slack', externalId: 'U4', userId: 'u5', linkedAt: AT }));
    const both = /^(SELECT|DELETE): MULTI-INDEX OR \| INDEX 1 \| SEARCH \S*ChatIdentity USING INDEX sqlite_autoindex_ChatIdentity_1 \(platform=\? AND externalId=\?\) \| INDEX 2 \| SEARCH \S*ChatIdentity USING INDEX ChatIdentity_platform_userId_key \(platform=\? AND userId=\?\)$/;
    expect(link).toEqual([expect.stringMatching(both), expect.stringMatching(both)]);
  });

  it('a link code is redeemed and read back by its primary key', async () => {
    await repos.linkCodes.create({ code: 'PLAN2345', userId: 'u1', expiresAt: minutes(60), createdAt: AT });
    expect(await plansOf('LinkCode', () => repos.linkCodes.redeem('PLAN2345', AT, { platform: 'slack', externalId: 'U1' }))).toEqual([
      expect.stringMatching(/^UPDATE: SEARCH \S*LinkCode USING INDEX sqlite_autoindex_LinkCode_1 \(code=\?\)$/),
      expect.stringMatching(/^SELECT: SEARCH \S*LinkCode USING INDEX sqlite_autoindex_LinkCode_1 \(code=\?\)$/),
    ]);
  });

  it('posted messages are found by their key and listed by case through the (caseId, platform) index', async () => {
    for (let i = 0; i < 20; i++)
      await repos.postedMessages.add({ platform: 'slack', caseId: `C-${i % 5}`, caseVersion: 1, userId: `u${i}`, channel: `D${i}`, messageRef: `${i}.0`, postedAt: AT });
    const byKey = /^(SELECT|UPDATE): SEARCH \S*PostedMessage USING INDEX sqlite_autoindex_PostedMessage_1 \(platform=\? AND channel=\? AND messageRef=\?\)$/;
    expect(await plansOf('PostedMessage', () => repos.postedMessages.find('slack', 'D3', '3.0'))).toEqual([expect.stringMatching(byKey)]);
    expect(await plansOf('PostedMessage', () => repos.postedMessages.setVersion('slack', 'D3', '3.0', 2))).toEqual([expect.stringMatching(byKey)]);
    expect(await plansOf('PostedMessage', () => repos.postedMessages.listByCase('C-3'))).toEqual([
      expect.stringMatching(/^SELECT: SEARCH \S*PostedMessage USING INDEX PostedMessage_caseId_platform_idx \(caseId=\?\)$/),
    ]);
    expect(await plansOf('PostedMessage', () => repos.postedMessages.listByCase('C-3', 'slack'))).toEqual([
      expect.stringMatching(/^SELECT: SEARCH \S*PostedMessage USING INDEX PostedMessage_caseId_platform_idx \(caseId=\? AND platform=\?\)$/),
    ]);
  });

  it('the evaluation finds the last entry and the cases changed since a seq by the seq, the trails of some cases by the (caseId, seq) index', async () => {
    for (let i = 0; i < 20; i++) await repos.audit.append({ at: AT, actorId: 'u', channel: 'cli', action: 'x', caseId: `C-${i % 4}`, detail: {} });
    // The last entry: the seq (the rowid) walked from its end, one row.
    expect(await plansOf('AuditEntry', () => repos.audit.headSeq())).toEqual(['SELECT: SCAN main.AuditEntry']);
    expect(await plansOf('AuditEntry', () => repos.audit.casesChangedSince(15))).toEqual([
      expect.stringMatching(/^SELECT: SEARCH \S*AuditEntry USING INTEGER PRIMARY KEY \(rowid>\?\)$/),
    ]);
    // Some cases' trails: each id asked probes the (caseId, seq) index and the Case table's id, never a scan.
    const some = () => repos.audit.listCaseTrails({ before: null, skip: [], caseIds: ['C-1', 'C-3'] });
    expect(await plansOf('AuditEntry', some)).toEqual([
      expect.stringMatching(/^SELECT: SEARCH \S*AuditEntry USING INDEX AuditEntry_caseId_seq_idx \(caseId=\?\) \| LIST SUBQUERY 1 \| SCAN json_each VIRTUAL TABLE INDEX 1:/),
    ]);
    expect(await plansOf('Case', some)).toEqual([
      expect.stringMatching(/^SELECT: SEARCH \S*Case USING INDEX sqlite_autoindex_Case_1 \(id=\?\) \| LIST SUBQUERY 1 \| SCAN json_each VIRTUAL TABLE INDEX 1:/),
    ]);
  });
});
