// The behaviour every Store must show, run against the SQLite store and the in-memory fake alike, so tests written
// against the fake say something about production.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewCase, Store } from '../application/ports.ts';
import { KaifangError } from '../domain/errors.ts';
import type { CatalogEntry, User } from '../domain/model.ts';
import type { Deadline } from '../domain/workflows/workflow.ts';
import { GENESIS_HASH, verifyAuditChain } from './audit-hash.ts';

const AT = new Date('2025-03-03T02:00:00.000Z');
const LATER = new Date('2025-03-04T02:00:00.000Z');

function deadline(dueOn: string): Deadline {
  return { startedOn: '2025-03-03', workingDays: 5, dueOn, provisional: false };
}

function newCase(overrides: Partial<NewCase> = {}): NewCase {
  return {
    workflow: 'W5',
    state: 'submitted',
    data: { purpose: '研究', items: ['a', 'b'], nested: { n: 1 } },
    applicantId: 'u-applicant',
    datasetId: 'DS-0001',
    assignee: { agencyId: 'agency-a', role: 'reviewer' },
    deadline: deadline('2025-03-10'),
    ...overrides,
  };
}

const ENTRY: CatalogEntry = {
  name: '公交线路站点',
  summary: 'Bus routes and stops of the city',
  fields: ['route_no', 'stop_name', 'longitude'],
  attribute: 'conditional',
  conditions: '仅限科研用途',
  formats: ['CSV', 'API'],
  updateFrequency: 'monthly',
};

function user(id: string, overrides: Partial<User> = {}): User {
  return {
    id,
    name: `Name ${id}`,
    roles: ['applicant'],
    agencyId: null,
    verified: true,
    dishonest: false,
    locale: 'zh-CN',
    ...overrides,
  };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

export function describeStoreContract(name: string, makeStore: () => Promise<Store> | Store): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await makeStore();
    });

    afterEach(async () => {
      await store.close();
    });

    describe('cases', () => {
      it('numbers cases C-0001, C-0002… at version 1, recording who and when', async () => {
        const first = await store.cases.create(newCase(), AT, 'u-applicant');
        const second = await store.cases.create(newCase({ workflow: 'W7', assignee: null, deadline: null }), LATER, 'u-other');
        expect(first).toEqual({
          id: 'C-0001',
          ...newCase(),
          version: 1,
          createdAt: AT,
          updatedAt: AT,
          lastActorId: 'u-applicant',
        });
        expect(second).toMatchObject({ id: 'C-0002', workflow: 'W7', assignee: null, deadline: null, lastActorId: 'u-other' });
        expect(await store.cases.get('C-0001')).toEqual(first);
        expect(await store.cases.get('C-9999')).toBeNull();
      });

      it('keeps case data as JSON keeps it', async () => {
        const created = await store.cases.create(
          newCase({ data: { when: new Date('2025-01-01T00:00:00.000Z'), gone: undefined, list: [1, 'x', null] } }),
          AT,
          'u',
        );
        const expected = { when: '2025-01-01T00:00:00.000Z', list: [1, 'x', null] };
        expect(created.data).toEqual(expected);
        expect((await store.cases.get(created.id))?.data).toEqual(expected);
        const empty = await store.cases.create(newCase({ data: undefined }), AT, 'u');
        expect(empty.data).toBeNull();
      });

      it('hands out copies: changing a returned record changes nothing stored', async () => {
        const created = await store.cases.create(newCase(), AT, 'u');
        (created.data as { nested: { n: number } }).nested.n = 99;
        created.assignee!.agencyId = 'changed';
        expect(await store.cases.get(created.id)).toMatchObject({ data: { nested: { n: 1 } }, assignee: { agencyId: 'agency-a' } });
      });

      it('updates only at the expected version, bumping it and recording the actor', async () => {
        const created = await store.cases.create(newCase(), AT, 'u-applicant');
        const change = { state: 'approved', data: { ok: true }, assignee: null, deadline: null };
        const updated = await store.cases.update(created.id, 1, change, LATER, 'u-reviewer');
        expect(updated).toEqual({
          ...created,
          ...change,
          version: 2,
          updatedAt: LATER,
          lastActorId: 'u-reviewer',
        });

        const stale = await store.cases.update(created.id, 1, { ...change, state: 'rejected' }, LATER, 'u-late');
        expect(stale).toBeNull();
        expect(await store.cases.get(created.id)).toEqual(updated);
        expect(await store.cases.update('C-0404', 1, change, LATER, 'u')).toBeNull();
      });

      it('lists by deadline, soonest first, cases without one last, then by id', async () => {
        await store.cases.create(newCase({ deadline: null, assignee: null }), AT, 'u'); // C-0001
        await store.cases.create(newCase({ deadline: deadline('2025-03-20') }), AT, 'u'); // C-0002
        await store.cases.create(newCase({ deadline: deadline('2025-03-05') }), AT, 'u'); // C-0003
        await store.cases.create(newCase({ deadline: null }), AT, 'u'); // C-0004
        await store.cases.create(newCase({ deadline: deadline('2025-03-20') }), AT, 'u'); // C-0005
        await store.cases.create(newCase({ deadline: deadline('2025-12-01') }), AT, 'u'); // C-0006
        const ids = (await store.cases.list()).map((c) => c.id);
        expect(ids).toEqual(['C-0003', 'C-0002', 'C-0005', 'C-0006', 'C-0001', 'C-0004']);
      });

      it('moves a case in the list when its deadline changes', async () => {
        await store.cases.create(newCase({ deadline: deadline('2025-03-10') }), AT, 'u');
        await store.cases.create(newCase({ deadline: deadline('2025-03-12') }), AT, 'u');
        await store.cases.update('C-0002', 1, { state: 's', data: {}, assignee: null, deadline: deadline('2025-03-04') }, AT, 'u');
        expect((await store.cases.list()).map((c) => c.id)).toEqual(['C-0002', 'C-0001']);
      });

      it('filters by applicant, assignee agency, workflow and openness', async () => {
        await store.cases.create(newCase({ applicantId: 'alice' }), AT, 'u'); // C-0001
        await store.cases.create(newCase({ applicantId: 'bob', assignee: { agencyId: 'agency-b', role: 'reviewer' } }), AT, 'u'); // C-0002
        await store.cases.create(newCase({ applicantId: 'alice', workflow: 'W1', assignee: null, deadline: null }), AT, 'u'); // C-0003
        await store.cases.create(newCase({ applicantId: 'bob', workflow: 'W7' }), AT, 'u'); // C-0004
        const ids = async (filter: Parameters<Store['cases']['list']>[0]) => (await store.cases.list(filter)).map((c) => c.id);

        expect(await ids({ applicantId: 'alice' })).toEqual(['C-0001', 'C-0003']);
        expect(await ids({ assigneeAgencyId: 'agency-a' })).toEqual(['C-0001', 'C-0004']);
        expect(await ids({ workflow: 'W5' })).toEqual(['C-0001', 'C-0002']);
        expect(await ids({ open: true })).toEqual(['C-0001', 'C-0002', 'C-0004']);
        expect(await ids({ open: false })).toEqual(['C-0003']);
        expect(await ids({ applicantId: 'bob', assigneeAgencyId: 'agency-a', open: true })).toEqual(['C-0004']);
        expect(await ids({ applicantId: 'nobody' })).toEqual([]);
        expect(await ids({})).toHaveLength(4);
      });

      it('gives concurrent creates distinct, consecutive ids', async () => {
        const created = await Promise.all(Array.from({ length: 25 }, () => store.cases.create(newCase(), AT, 'u')));
        const ids = created.map((c) => c.id).sort();
        expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => `C-${String(i + 1).padStart(4, '0')}`));
      });
    });

    describe('transaction', () => {
      it('commits everything `work` wrote and returns its result', async () => {
        const result = await store.transaction(async (repos) => {
          const c = await repos.cases.create(newCase(), AT, 'u');
          const d = await repos.datasets.create(ENTRY, 'agency-a', 'pending');
          await repos.audit.append({ at: AT, actorId: 'u', channel: 'cli', action: 'W5.start', caseId: c.id, detail: {} });
          // Reads inside see the transaction's own writes.
          expect(await repos.cases.get(c.id)).toEqual(c);
          return { caseId: c.id, datasetId: d.id };
        });
        expect(result).toEqual({ caseId: 'C-0001', datasetId: 'DS-0001' });
        expect(await store.cases.get('C-0001')).not.toBeNull();
        expect(await store.datasets.get('DS-0001')).not.toBeNull();
        expect(await store.audit.list()).toHaveLength(1);
      });

      it('writes nothing, counters included, when `work` throws, and rethrows the same error', async () => {
        await store.cases.create(newCase(), AT, 'u'); // C-0001 exists before
        await store.audit.append({ at: AT, actorId: 'u', channel: 'cli', action: 'before', caseId: null, detail: {} });
        const boom = new Error('boom');

        const error = await rejectionOf(
          store.transaction(async (repos) => {
            const c = await repos.cases.create(newCase(), AT, 'u');
            await repos.cases.update('C-0001', 1, { state: 'changed', data: {}, assignee: null, deadline: null }, AT, 'u');
            await repos.datasets.create(ENTRY, 'agency-a', 'pending');
            await repos.grants.create({ caseId: c.id, datasetId: 'DS-0001', userId: 'u', expiresOn: '2026-01-01', agreementRef: 'A-1', grantedAt: AT });
            await repos.audit.append({ at: AT, actorId: 'u', channel: 'cli', action: 'inside', caseId: c.id, detail: {} });
            await repos.outbox.enqueue({ userId: 'u', caseId: c.id, message: 'm', params: {} }, AT);
            await repos.users.upsert(user('u-new'));
            await repos.agencies.upsert({ id: 'agency-new', name: 'N', kind: 'provider' });
            await repos.conversations.put('slack', 'u', { verb: 'apply', target: null, formId: 'f', values: {}, awaiting: 'x', caseVersion: null, updatedAt: AT });
            throw boom;
          }),
        );

        expect(error).toBe(boom);
        expect((await store.cases.list()).map((c) => [c.id, c.state, c.version])).toEqual([['C-0001', 'submitted', 1]]);
        expect(await store.datasets.search()).toEqual([]);
        expect(await store.grants.listByUser('u')).toEqual([]);
        expect((await store.audit.list()).map((e) => e.action)).toEqual(['before']);
        expect(await store.outbox.listPending()).toEqual([]);
        expect(await store.users.list()).toEqual([]);
        expect(await store.agencies.list()).toEqual([]);
        expect(await store.conversations.get('slack', 'u')).toBeNull();

        // The numbers taken inside were given back.
        expect((await store.cases.create(newCase(), AT, 'u')).id).toBe('C-0002');
        expect((await store.datasets.create(ENTRY, 'agency-a', 'pending')).id).toBe('DS-0001');
        expect((await store.audit.append({ at: AT, actorId: 'u', channel: 'cli', action: 'after', caseId: null, detail: {} })).seq).toBe(2);
        expect(verifyAuditChain(await store.audit.list())).toEqual({ ok: true });
      });

      it('refuses a top-level call from inside `work` instead of deadlocking', async () => {
        const error = await rejectionOf(store.transaction(async () => store.cases.get('C-0001')));
        expect(error).toBeInstanceOf(KaifangError);
        expect((error as KaifangError).code).toBe('STORE_MISUSE');
      });

      it('retires the repositories of a finished transaction', async () => {
        let kept: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
        await store.transaction(async (repos) => {
          kept = repos;
        });
        const error = await rejectionOf(kept!.cases.get('C-0001'));
        expect(error).toMatchObject({ name: 'KaifangError', code: 'STORE_MISUSE' });
      });

      it('runs transactions one after another, never interleaved', async () => {
        await store.cases.create(newCase(), AT, 'u');
        const results = await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            store.transaction(async (repos) => {
              const current = await repos.cases.get('C-0001');
              await new Promise((r) => setTimeout(r, 2));
              return repos.cases.update('C-0001', current!.version, { state: `s${i}`, data: {}, assignee: null, deadline: null }, AT, `u${i}`);
            }),
          ),
        );
        expect(results.every((r) => r !== null)).toBe(true);
        expect((await store.cases.get('C-0001'))?.version).toBe(6);
      });
    });

    describe('datasets', () => {
      it('numbers datasets DS-0001… with id equal to code, and finds codes in any case', async () => {
        const first = await store.datasets.create(ENTRY, 'agency-a', 'pending');
        const second = await store.datasets.create({ ...ENTRY, name: 'Second' }, 'agency-b', 'published');
        expect(first).toEqual({ id: 'DS-0001', code: 'DS-0001', ...ENTRY, providerAgencyId: 'agency-a', status: 'pending' });
        expect(second).toMatchObject({ id: 'DS-0002', code: 'DS-0002', status: 'published' });
        expect(await store.datasets.get('DS-0002')).toEqual(second);
        expect(await store.datasets.findByCode('ds-0001')).toEqual(first);
        expect(await store.datasets.findByCode(' Ds-0002 ')).toEqual(second);
        expect(await store.datasets.findByCode('DS-0404')).toBeNull();
      });

      it('updates the entry and the status, and refuses unknown ids', async () => {
        const created = await store.datasets.create(ENTRY, 'agency-a', 'pending');
        const entry: CatalogEntry = { ...ENTRY, name: 'Renamed', attribute: 'unconditional', conditions: null, formats: ['JSON'] };
        expect(await store.datasets.update(created.id, entry)).toEqual({ ...created, ...entry });
        expect(await store.datasets.setStatus(created.id, 'published')).toEqual({ ...created, ...entry, status: 'published' });
        expect(await store.datasets.get(created.id)).toEqual({ ...created, ...entry, status: 'published' });

        for (const attempt of [store.datasets.update('DS-0404', entry), store.datasets.setStatus('DS-0404', 'delisted')]) {
          const error = await rejectionOf(attempt);
          expect(error).toBeInstanceOf(KaifangError);
          expect((error as KaifangError).code).toBe('STORE_NOT_FOUND');
        }
      });

      it('searches every word, ignoring case, across code, name, summary and fields, ordered by code', async () => {
        await store.datasets.create(ENTRY, 'agency-a', 'published'); // DS-0001: bus
        await store.datasets.create(
          { ...ENTRY, name: '企业登记信息', summary: 'Company registrations', fields: ['credit_code', 'name'] },
          'agency-b',
          'published',
        ); // DS-0002
        await store.datasets.create({ ...ENTRY, name: 'Bus timetable', summary: 'Timetables', fields: ['trip'] }, 'agency-a', 'pending'); // DS-0003
        const codes = async (query?: Parameters<Store['datasets']['search']>[0]) =>
          (await store.datasets.search(query)).map((d) => d.code);

        expect(await codes()).toEqual(['DS-0001', 'DS-0002', 'DS-0003']);
        expect(await codes({ words: ['BUS'] })).toEqual(['DS-0001', 'DS-0003']);
        expect(await codes({ words: ['bus', 'stop_NAME'] })).toEqual(['DS-0001']);
        expect(await codes({ words: ['公交'] })).toEqual(['DS-0001']);
        expect(await codes({ words: ['ds-0002'] })).toEqual(['DS-0002']);
        expect(await codes({ words: ['company', 'credit'] })).toEqual(['DS-0002']);
        expect(await codes({ words: ['bus', 'company'] })).toEqual([]);
        expect(await codes({ words: ['bus'], status: 'published' })).toEqual(['DS-0001']);
        expect(await codes({ status: 'pending' })).toEqual(['DS-0003']);
        expect(await codes({ words: ['', '  '] })).toEqual(['DS-0001', 'DS-0002', 'DS-0003']);
      });
    });

    describe('users and agencies', () => {
      it('upserts, gets and lists users by id', async () => {
        await store.users.upsert(user('u2'));
        const u1 = await store.users.upsert(user('u1', { roles: ['reviewer', 'supervisor'], agencyId: 'agency-a' }));
        expect(u1).toEqual(user('u1', { roles: ['reviewer', 'supervisor'], agencyId: 'agency-a' }));
        expect(await store.users.get('u1')).toEqual(u1);
        expect(await store.users.get('nobody')).toBeNull();

        await store.users.upsert(user('u2', { name: 'Renamed', dishonest: true }));
        expect(await store.users.get('u2')).toEqual(user('u2', { name: 'Renamed', dishonest: true }));
        expect((await store.users.list()).map((u) => u.id)).toEqual(['u1', 'u2']);
      });

      it('sets the locale, and refuses unknown users', async () => {
        await store.users.upsert(user('u1'));
        await store.users.setLocale('u1', 'en');
        expect((await store.users.get('u1'))?.locale).toBe('en');
        const error = await rejectionOf(store.users.setLocale('nobody', 'en'));
        expect((error as KaifangError).code).toBe('STORE_NOT_FOUND');
      });

      it('lists the users holding a role at an agency', async () => {
        await store.users.upsert(user('r2', { roles: ['reviewer'], agencyId: 'agency-a' }));
        await store.users.upsert(user('r1', { roles: ['supervisor', 'reviewer'], agencyId: 'agency-a' }));
        await store.users.upsert(user('s1', { roles: ['supervisor'], agencyId: 'agency-a' }));
        await store.users.upsert(user('r3', { roles: ['reviewer'], agencyId: 'agency-b' }));
        await store.users.upsert(user('p1'));
        expect((await store.users.listByAgencyRole('agency-a', 'reviewer')).map((u) => u.id)).toEqual(['r1', 'r2']);
        expect((await store.users.listByAgencyRole('agency-a', 'supervisor')).map((u) => u.id)).toEqual(['r1', 's1']);
        expect(await store.users.listByAgencyRole('agency-c', 'reviewer')).toEqual([]);
      });

      it('upserts, gets and lists agencies', async () => {
        await store.agencies.upsert({ id: 'b', name: 'B', kind: 'provider' });
        await store.agencies.upsert({ id: 'a', name: 'A', kind: 'authority' });
        await store.agencies.upsert({ id: 'b', name: 'B2', kind: 'provider' });
        expect(await store.agencies.get('b')).toEqual({ id: 'b', name: 'B2', kind: 'provider' });
        expect(await store.agencies.get('z')).toBeNull();
        expect(await store.agencies.list()).toEqual([
          { id: 'a', name: 'A', kind: 'authority' },
          { id: 'b', name: 'B2', kind: 'provider' },
        ]);
      });
    });

    describe('grants', () => {
      it('creates numbered grants and lists them by user and by case', async () => {
        const base = { datasetId: 'DS-0001', expiresOn: '2026-03-03', agreementRef: 'AGR-1', grantedAt: AT };
        const g1 = await store.grants.create({ ...base, caseId: 'C-0001', userId: 'alice' });
        const g2 = await store.grants.create({ ...base, caseId: 'C-0002', userId: 'bob' });
        const g3 = await store.grants.create({ ...base, caseId: 'C-0003', userId: 'alice', grantedAt: LATER });
        expect(g1).toEqual({ id: 'G-0001', ...base, caseId: 'C-0001', userId: 'alice' });
        expect([g2.id, g3.id]).toEqual(['G-0002', 'G-0003']);
        expect(await store.grants.listByUser('alice')).toEqual([g1, g3]);
        expect(await store.grants.listByCase('C-0002')).toEqual([g2]);
        expect(await store.grants.listByUser('nobody')).toEqual([]);
      });
    });

    describe('audit', () => {
      it('chains entries from the genesis hash, numbered from 1', async () => {
        const a = await store.audit.append({ at: AT, actorId: 'u1', channel: 'slack', action: 'W5.start', caseId: 'C-0001', detail: { n: 1 } });
        const b = await store.audit.append({ at: LATER, actorId: 'u2', channel: 'telegram', action: 'W5.approve', caseId: 'C-0002', detail: {} });
        const c = await store.audit.append({ at: LATER, actorId: 'u3', channel: 'system', action: 'W5.remind', caseId: 'C-0001', detail: { reason: '逾期', days: 3 } });
        expect(a).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, actorId: 'u1', channel: 'slack', detail: { n: 1 } });
        expect(b.prevHash).toBe(a.hash);
        expect(c).toMatchObject({ seq: 3, prevHash: b.hash });
        expect(a.hash).toMatch(/^[0-9a-f]{64}$/);

        const all = await store.audit.list();
        expect(all).toEqual([a, b, c]);
        expect(verifyAuditChain(all)).toEqual({ ok: true });
        expect(await store.audit.listByCase('C-0001')).toEqual([a, c]);
        expect(await store.audit.listByCase('C-0404')).toEqual([]);
      });

      it('keeps the chain intact under concurrent appends', async () => {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.audit.append({ at: AT, actorId: `u${i}`, channel: 'cli', action: 'x', caseId: null, detail: { i } }),
          ),
        );
        const all = await store.audit.list();
        expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(verifyAuditChain(all)).toEqual({ ok: true });
      });

      it('shows a changed entry as a break in the chain', async () => {
        for (const action of ['a', 'b', 'c']) {
          await store.audit.append({ at: AT, actorId: 'u', channel: 'cli', action, caseId: null, detail: {} });
        }
        const all = await store.audit.list();
        all[1] = { ...all[1]!, actorId: 'someone-else' };
        expect(verifyAuditChain(all)).toEqual({ ok: false, seq: 2 });
      });

      it('offers no way to change or remove entries', () => {
        expect(Object.keys(store.audit).sort()).toEqual(['append', 'list', 'listByCase']);
      });
    });

    describe('outbox', () => {
      it('lists pending messages oldest first, with a limit, until marked sent', async () => {
        const m1 = await store.outbox.enqueue({ userId: 'u1', caseId: 'C-0001', message: 'cases.assigned', params: { id: 'C-0001', days: 5 } }, LATER);
        const m2 = await store.outbox.enqueue({ userId: 'u2', caseId: null, message: 'cases.reminder', params: {} }, AT);
        const m3 = await store.outbox.enqueue({ userId: 'u3', caseId: null, message: 'cases.reminder', params: {} }, LATER);
        expect(m1).toEqual({
          id: m1.id,
          userId: 'u1',
          caseId: 'C-0001',
          message: 'cases.assigned',
          params: { id: 'C-0001', days: 5 },
          status: 'pending',
          attempts: 0,
          createdAt: LATER,
          sentAt: null,
        });
        expect(new Set([m1.id, m2.id, m3.id]).size).toBe(3);
        expect((await store.outbox.listPending()).map((m) => m.id)).toEqual([m2.id, m1.id, m3.id]);
        expect((await store.outbox.listPending(2)).map((m) => m.id)).toEqual([m2.id, m1.id]);

        await store.outbox.markSent(m1.id, LATER);
        expect((await store.outbox.listPending()).map((m) => m.id)).toEqual([m2.id, m3.id]);

        const error = await rejectionOf(store.outbox.markSent(987654, LATER));
        expect((error as KaifangError).code).toBe('STORE_NOT_FOUND');
      });
    });

    describe('conversations', () => {
      it('keeps one conversation per channel and user, replaced by put and removed by clear', async () => {
        const conversation = {
          verb: 'apply',
          target: 'DS-0001',
          formId: 'W5',
          values: { purpose: '科研' },
          awaiting: 'period',
          caseVersion: 3,
          updatedAt: AT,
        };
        expect(await store.conversations.get('telegram', 'u1')).toBeNull();
        await store.conversations.put('telegram', 'u1', conversation);
        expect(await store.conversations.get('telegram', 'u1')).toEqual(conversation);
        expect(await store.conversations.get('slack', 'u1')).toBeNull();
        expect(await store.conversations.get('telegram', 'u2')).toBeNull();

        const next = { ...conversation, target: null, values: { purpose: '科研', period: '2025-12-31' }, awaiting: 'confirm', caseVersion: null, updatedAt: LATER };
        await store.conversations.put('telegram', 'u1', next);
        expect(await store.conversations.get('telegram', 'u1')).toEqual(next);

        await store.conversations.clear('telegram', 'u1');
        expect(await store.conversations.get('telegram', 'u1')).toBeNull();
        await store.conversations.clear('telegram', 'u1'); // clearing nothing is fine
      });
    });
  });
}
