// The behaviour every Store must show, run against the SQLite store and the in-memory fake alike, so tests written
// against the fake say something about production.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewCase } from '../../src/application/ports/cases.ts';
import type { NewScheduleStep, OutboxMessage } from '../../src/application/ports/delivery.ts';
import type { HandlingMemo } from '../../src/application/ports/evaluation.ts';
import type { Store } from '../../src/application/ports/store.ts';
import { KaifangError } from '../../src/domain/errors.ts';
import type { CatalogEntry, User } from '../../src/domain/model.ts';
import type { Deadline } from '../../src/domain/workflows/workflow.ts';
import { GENESIS_HASH } from '../../src/adapters/audit-hash.ts';

const AT = new Date('2025-03-03T02:00:00.000Z');
const LATER = new Date('2025-03-04T02:00:00.000Z');

/** `AT` plus some minutes. */
function t(minutes: number): Date {
  return new Date(AT.getTime() + minutes * 60_000);
}

function step(caseId: string, rule: NewScheduleStep['rule'], level: number, dueAt: Date, stage = 1): NewScheduleStep {
  return { caseId, stage, rule, level, dueAt };
}

const idsOf = (items: readonly { id: number }[]) => items.map((i) => i.id);

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
  dataType: 'api',
  updateFrequency: 'monthly', sharing: 'unconditional', sharingConditions: null, sharingBasis: null,
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

      it('gives a case without a dataset the one a change names, and keeps it when a change names none', async () => {
        const created = await store.cases.create(newCase({ datasetId: null }), AT, 'u-authority');
        const change = { state: 'review', data: {}, assignee: null, deadline: null };
        expect(await store.cases.update(created.id, 1, { ...change, datasetId: 'DS-0003' }, LATER, 'u-provider')).toMatchObject({ datasetId: 'DS-0003', version: 2 });
        expect(await store.cases.update(created.id, 2, change, LATER, 'u-reviewer')).toMatchObject({ datasetId: 'DS-0003', version: 3 });
        expect(await store.cases.get(created.id)).toMatchObject({ datasetId: 'DS-0003' });
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

      it('keeps the one person a task was reassigned to, and no such property when there is none', async () => {
        const created = await store.cases.create(newCase({ assignee: { agencyId: 'agency-a', role: 'reviewer', userId: 'bob' } }), AT, 'u');
        expect(created.assignee).toEqual({ agencyId: 'agency-a', role: 'reviewer', userId: 'bob' });
        expect((await store.cases.get(created.id))?.assignee).toEqual({ agencyId: 'agency-a', role: 'reviewer', userId: 'bob' });
        expect(await store.cases.list({ assigneeAgencyId: 'agency-a' })).toEqual([created]);

        const moved = await store.cases.update(created.id, 1, { state: 's', data: {}, assignee: { agencyId: 'agency-b', role: 'supervisor' }, deadline: null }, LATER, 'u');
        for (const record of [moved, await store.cases.get(created.id)]) {
          expect(record?.assignee).toEqual({ agencyId: 'agency-b', role: 'supervisor' });
          expect(Object.keys(record!.assignee!).sort()).toEqual(['agencyId', 'role']);
        }
        const plain = await store.cases.create(newCase(), AT, 'u');
        expect(Object.keys(plain.assignee!).sort()).toEqual(['agencyId', 'role']);
      });

      it('sets a recomputed deadline without a new version, and filters cases due before a date', async () => {
        await store.cases.create(newCase({ deadline: deadline('2025-03-10') }), AT, 'u'); // C-0001
        await store.cases.create(newCase({ deadline: deadline('2025-03-05'), assignee: null }), AT, 'u'); // C-0002
        await store.cases.create(newCase({ deadline: null }), AT, 'u'); // C-0003
        const c4 = await store.cases.create(newCase({ deadline: deadline('2025-03-12') }), AT, 'u-creator'); // C-0004
        const updated = await store.cases.update(c4.id, 1, { state: 'reviewing', data: {}, assignee: c4.assignee, deadline: c4.deadline }, LATER, 'u-reviewer');
        const list = async (filter: Parameters<Store['cases']['list']>[0]) => (await store.cases.list(filter)).map((c) => c.id);

        expect(await list({ dueBefore: '2025-03-10' })).toEqual(['C-0002']);
        expect(await list({ dueBefore: '2025-03-11' })).toEqual(['C-0002', 'C-0001']);
        expect(await list({ dueBefore: '2025-03-11', open: true })).toEqual(['C-0001']);
        expect(await list({ dueBefore: '2025-03-05' })).toEqual([]);

        const corrected: Deadline = { startedOn: '2025-03-03', workingDays: 5, dueOn: '2025-03-04', provisional: true };
        expect(await store.cases.setDeadline(c4.id, corrected)).toBe(true);
        expect(await store.cases.get(c4.id)).toEqual({ ...updated!, deadline: corrected });
        expect(await list({})).toEqual(['C-0004', 'C-0002', 'C-0001', 'C-0003']);
        expect(await list({ dueBefore: '2025-03-05' })).toEqual(['C-0004']);
        // The version stayed, so an update made from what the reader saw still goes through.
        expect(await store.cases.update(c4.id, 2, { state: 'approved', data: {}, assignee: null, deadline: corrected }, LATER, 'u')).not.toBeNull();

        expect(await store.cases.setDeadline('C-0404', corrected)).toBe(false);
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
        const waiting = await store.outbox.enqueue({ userId: 'u', caseId: 'C-0001', message: 'before', params: {} }, AT);
        await store.schedule.plan([step('C-0001', 'due_day', 0, t(10))]);
        const [planned] = await store.schedule.listByCase('C-0001');
        await store.preferences.put('u-digest', { digest: true, localeChosen: false });
        await store.settings.put('calendar', 'v1');
        const bobOnSlack = { platform: 'slack' as const, externalId: 'U-BOB', userId: 'bob', linkedAt: AT };
        await store.identities.link(bobOnSlack);
        await store.linkCodes.create({ code: 'BEFORE22', userId: 'carol', expiresAt: LATER, createdAt: AT });
        const shown = { platform: 'slack' as const, caseId: 'C-0001', caseVersion: 1, userId: 'bob', channel: 'D-BOB', messageRef: '1.1', postedAt: AT };
        await store.postedMessages.add(shown);
        const boom = new Error('boom');

        const error = await rejectionOf(
          store.transaction(async (repos) => {
            const c = await repos.cases.create(newCase(), AT, 'u');
            await repos.cases.update('C-0001', 1, { state: 'changed', data: {}, assignee: null, deadline: null }, AT, 'u');
            await repos.datasets.create(ENTRY, 'agency-a', 'pending');
            await repos.grants.create({ caseId: c.id, datasetId: 'DS-0001', userId: 'u', expiresOn: '2026-01-01', agreementRef: 'A-1', grantedAt: AT, kind: 'open', duty: null });
            await repos.audit.append({ at: AT, actorId: 'u', channel: 'cli', action: 'inside', caseId: c.id, detail: {} });
            await repos.outbox.enqueue({ userId: 'u', caseId: c.id, message: 'm', params: {} }, AT);
            await repos.users.upsert(user('u-new'));
            await repos.agencies.upsert({ id: 'agency-new', name: 'N', kind: 'provider', level: 'city' });
            await repos.conversations.put('slack', 'u', { verb: 'apply', target: null, formId: 'f', values: {}, awaiting: 'x', caseVersion: null, updatedAt: AT });
            expect(await repos.cases.setDeadline('C-0001', deadline('2025-04-01'))).toBe(true);
            expect(idsOf(await repos.outbox.claimReady(AT, t(5), 10))).toContain(waiting.id);
            await repos.outbox.markFailed(waiting.id, 'down', null);
            await repos.schedule.plan([step(c.id, 'before_due', 0, t(1)), step('C-0001', 'due_day', 0, t(20))]);
            expect(await repos.schedule.complete(planned!.id, AT)).toBe(true);
            expect(await repos.once.claim('nudge:C-0001', AT)).toBe(true);
            await repos.delegations.put({ userId: 'u', delegateId: 'v', from: '2025-03-01', to: '2025-03-31', createdAt: AT });
            await repos.preferences.put('u-digest', { digest: false, localeChosen: false });
            await repos.preferences.put('u-other', { digest: true, localeChosen: false });
            await repos.settings.put('calendar', 'v2');
            expect(await repos.identities.link({ ...bobOnSlack, userId: 'carol', linkedAt: LATER })).toEqual([bobOnSlack]);
            await repos.identities.link({ platform: 'telegram', externalId: '42', userId: 'bob', linkedAt: AT });
            expect(await repos.linkCodes.redeem('BEFORE22', AT, { platform: 'slack', externalId: 'U-BOB' })).toEqual({ ok: true, userId: 'carol' });
            await repos.linkCodes.create({ code: 'INSIDE22', userId: 'bob', expiresAt: LATER, createdAt: AT });
            expect(await repos.postedMessages.setVersion('slack', 'D-BOB', '1.1', 2)).toBe(true);
            await repos.postedMessages.add({ ...shown, channel: 'D-CAROL', messageRef: '2.2', userId: 'carol' });
            throw boom;
          }),
        );

        expect(error).toBe(boom);
        expect((await store.cases.list()).map((c) => [c.id, c.state, c.version])).toEqual([['C-0001', 'submitted', 1]]);
        expect(await store.datasets.search()).toEqual([]);
        expect(await store.grants.listByUser('u')).toEqual([]);
        expect((await store.audit.list()).map((e) => e.action)).toEqual(['before']);
        expect(await store.outbox.listPending()).toEqual([waiting]);
        expect(await store.users.list()).toEqual([]);
        expect(await store.agencies.list()).toEqual([]);
        expect(await store.conversations.get('slack', 'u')).toBeNull();
        expect((await store.cases.get('C-0001'))?.deadline).toEqual(deadline('2025-03-10'));
        expect(await store.outbox.list()).toEqual([waiting]);
        expect(await store.schedule.listByCase('C-0001')).toEqual([planned]);
        expect(await store.schedule.listByCase('C-0002')).toEqual([]);
        expect(await store.once.isClaimed('nudge:C-0001')).toBe(false);
        expect(await store.delegations.get('u')).toBeNull();
        expect(await store.preferences.listDigestUsers()).toEqual(['u-digest']);
        expect(await store.settings.get('calendar')).toBe('v1');
        expect(await store.identities.list()).toEqual([bobOnSlack]);
        expect(await store.linkCodes.get('INSIDE22')).toBeNull();
        expect(await store.linkCodes.get('BEFORE22')).toMatchObject({ usedAt: null, usedBy: null });
        expect(await store.postedMessages.listByCase('C-0001')).toEqual([shown]);

        // The numbers taken inside were given back.
        expect((await store.cases.create(newCase(), AT, 'u')).id).toBe('C-0002');
        expect((await store.datasets.create(ENTRY, 'agency-a', 'pending')).id).toBe('DS-0001');
        expect((await store.audit.append({ at: AT, actorId: 'u', channel: 'cli', action: 'after', caseId: null, detail: {} })).seq).toBe(2);
        expect(store.auditIntegrity.checkChain(await store.audit.list())).toEqual({ ok: true, legacyThrough: 0 });
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
        expect(first).toEqual({ id: 'DS-0001', code: 'DS-0001', ...ENTRY, nameEn: null, providerAgencyId: 'agency-a', status: 'pending', lastUpdatedOn: null, attributeAssessedOn: null });
        expect(second).toMatchObject({ id: 'DS-0002', code: 'DS-0002', status: 'published' });
        expect(await store.datasets.get('DS-0002')).toEqual(second);
        expect(await store.datasets.findByCode('ds-0001')).toEqual(first);
        expect(await store.datasets.findByCode(' Ds-0002 ')).toEqual(second);
        expect(await store.datasets.findByCode('DS-0404')).toBeNull();
      });

      it('keeps the English name given on creation through updates and status changes', async () => {
        const created = await store.datasets.create(ENTRY, 'agency-a', 'pending', { nameEn: 'Bus stops' });
        expect(created.nameEn).toBe('Bus stops');
        expect((await store.datasets.update(created.id, { ...ENTRY, name: '公交站点' })).nameEn).toBe('Bus stops');
        expect((await store.datasets.setStatus(created.id, 'published')).nameEn).toBe('Bus stops');
        expect(await store.datasets.get(created.id)).toMatchObject({ name: '公交站点', nameEn: 'Bus stops' });
      });

      it('keeps the day of the last update (W13), given on creation or set later, through updates and status changes', async () => {
        const created = await store.datasets.create(ENTRY, 'agency-a', 'published', { lastUpdatedOn: '2026-10-14' });
        expect(created.lastUpdatedOn).toBe('2026-10-14');
        expect(await store.datasets.setLastUpdated(created.id, '2026-11-22')).toEqual({ ...created, lastUpdatedOn: '2026-11-22' });
        expect((await store.datasets.update(created.id, { ...ENTRY, name: 'Renamed' })).lastUpdatedOn).toBe('2026-11-22');
        expect((await store.datasets.setStatus(created.id, 'delisted')).lastUpdatedOn).toBe('2026-11-22');
        expect(await store.datasets.get(created.id)).toMatchObject({ name: 'Renamed', lastUpdatedOn: '2026-11-22' });
        expect((await rejectionOf(store.datasets.setLastUpdated('DS-0404', '2026-11-22'))) as KaifangError).toMatchObject({ code: 'STORE_NOT_FOUND' });
      });

      it('keeps the day its attribute was last set or re-assessed (W2R), apart from the last update', async () => {
        const created = await store.datasets.create(ENTRY, 'agency-a', 'published', { lastUpdatedOn: '2026-10-14', attributeAssessedOn: '2026-10-14' });
        expect(created.attributeAssessedOn).toBe('2026-10-14');
        expect(await store.datasets.setAttributeAssessed(created.id, '2026-11-23')).toEqual({ ...created, attributeAssessedOn: '2026-11-23' });
        expect((await store.datasets.setLastUpdated(created.id, '2026-11-24')).attributeAssessedOn).toBe('2026-11-23');
        expect((await store.datasets.update(created.id, { ...ENTRY, attribute: 'closed' })).attributeAssessedOn).toBe('2026-11-23');
        expect(await store.datasets.get(created.id)).toMatchObject({ lastUpdatedOn: '2026-11-24', attributeAssessedOn: '2026-11-23' });
        expect((await store.datasets.create(ENTRY, 'agency-a', 'pending')).attributeAssessedOn).toBeNull();
        expect((await rejectionOf(store.datasets.setAttributeAssessed('DS-0404', '2026-11-22'))) as KaifangError).toMatchObject({ code: 'STORE_NOT_FOUND' });
      });

      it('updates the entry and the status, and refuses unknown ids', async () => {
        const created = await store.datasets.create(ENTRY, 'agency-a', 'pending');
        const entry: CatalogEntry = { ...ENTRY, name: 'Renamed', attribute: 'unconditional', conditions: null, formats: ['JSON'], dataType: 'dataset', updateFrequency: 'archived' , sharing: 'unconditional', sharingConditions: null, sharingBasis: null};
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

      it('matches each word against the agency name, English name, summary, fields and conditions', async () => {
        await store.agencies.upsert({ id: 'transport', name: '市交通运输局', kind: 'provider', level: 'city' });
        await store.agencies.upsert({ id: 'ecology', name: '市生态环境局', kind: 'provider', level: 'city' });
        const bus = { ...ENTRY, name: '公交线路', summary: '全市公交线路走向', fields: ['线路编号', '站点名称'], conditions: '仅限科研用途' };
        await store.datasets.create(bus, 'transport', 'published', { nameEn: 'Bus routes' }); // DS-0001
        await store.datasets.create({ ...bus, name: '公交刷卡', summary: '刷卡客流', fields: ['刷卡人次'], conditions: '须实名认证' }, 'transport', 'published', {
          nameEn: 'Bus ridership',
        }); // DS-0002
        await store.datasets.create(
          { ...ENTRY, name: '空气质量', summary: '监测站点的小时浓度', fields: ['PM2.5', 'AQI'], attribute: 'unconditional', conditions: null },
          'ecology',
          'published',
          { nameEn: 'Air quality' },
        ); // DS-0003
        await store.datasets.create({ ...ENTRY, name: '无主数据', summary: '-', fields: ['x'], conditions: null }, 'agency-gone', 'published'); // DS-0004
        const codes = async (...words: string[]) => (await store.datasets.search({ status: 'published', words })).map((d) => d.code);

        expect(await codes('交通')).toEqual(['DS-0001', 'DS-0002']); // 市交通运输局
        expect(await codes('生态环境局')).toEqual(['DS-0003']);
        expect(await codes('bus')).toEqual(['DS-0001', 'DS-0002']); // English names
        expect(await codes('QUALITY')).toEqual(['DS-0003']);
        expect(await codes('走向')).toEqual(['DS-0001']); // summary
        expect(await codes('pm2.5')).toEqual(['DS-0003']); // a field
        expect(await codes('实名')).toEqual(['DS-0002']); // conditions
        expect(await codes('交通', 'ridership')).toEqual(['DS-0002']); // AND, each word in a different place
        expect(await codes('站点', 'AQI')).toEqual(['DS-0003']); // 站点 in DS-0003's summary, DS-0001's field
        expect(await codes('交通', 'air')).toEqual([]);
        expect(await codes('火星')).toEqual([]);
        expect(await codes('无主')).toEqual(['DS-0004']); // an agency that is gone hides nothing
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
        await store.agencies.upsert({ id: 'b', name: 'B', kind: 'provider', level: 'city' });
        await store.agencies.upsert({ id: 'a', name: 'A', kind: 'authority', level: 'city' });
        await store.agencies.upsert({ id: 'b', name: 'B2', kind: 'provider', level: 'city' });
        expect(await store.agencies.get('b')).toEqual({ id: 'b', name: 'B2', kind: 'provider', level: 'city' });
        expect(await store.agencies.get('z')).toBeNull();
        expect(await store.agencies.list()).toEqual([
          { id: 'a', name: 'A', kind: 'authority', level: 'city' },
          { id: 'b', name: 'B2', kind: 'provider', level: 'city' },
        ]);
      });

      it('keeps an agency’s level: a national or provincial body whose data the city lists (Z15)', async () => {
        await store.agencies.upsert({ id: 'prov', name: '省交通运输厅', kind: 'provider', level: 'province' });
        await store.agencies.upsert({ id: 'nat', name: '国家统计局', kind: 'provider', level: 'national' });
        expect((await store.agencies.list()).map((a) => [a.id, a.level])).toEqual([
          ['nat', 'national'],
          ['prov', 'province'],
        ]);
      });
    });

    describe('grants', () => {
      it('creates numbered grants and lists them by user and by case', async () => {
        const base = { datasetId: 'DS-0001', expiresOn: '2026-03-03', agreementRef: 'AGR-1', grantedAt: AT, kind: 'open' as const, duty: null };
        const g1 = await store.grants.create({ ...base, caseId: 'C-0001', userId: 'alice' });
        const g2 = await store.grants.create({ ...base, caseId: 'C-0002', userId: 'bob' });
        const g3 = await store.grants.create({ ...base, caseId: 'C-0003', userId: 'alice', grantedAt: LATER });
        expect(g1).toEqual({ id: 'G-0001', ...base, caseId: 'C-0001', userId: 'alice' });
        expect([g2.id, g3.id]).toEqual(['G-0002', 'G-0003']);
        expect(await store.grants.listByUser('alice')).toEqual([g1, g3]);
        expect(await store.grants.listByCase('C-0002')).toEqual([g2]);
        expect(await store.grants.listByUser('nobody')).toEqual([]);
        expect(await store.grants.list()).toEqual([g1, g2, g3]);
        expect(await store.grants.get('g-0002')).toEqual(g2);
        expect(await store.grants.get('G-0404')).toBeNull();
      });

      it('ends one grant after a day (S34), returning it as it was; one already ended by then stays', async () => {
        const base = { datasetId: 'DS-0002', expiresOn: '2027-06-30', agreementRef: 'AGR-1', grantedAt: AT, kind: 'open' as const, duty: null };
        const g1 = await store.grants.create({ ...base, caseId: 'C-0001', userId: 'alice' });
        const g2 = await store.grants.create({ ...base, caseId: 'C-0002', userId: 'bob' });
        expect(await store.grants.endOne('G-0001', '2026-11-22')).toEqual(g1);
        expect(await store.grants.get('G-0001')).toEqual({ ...g1, expiresOn: '2026-11-22' });
        expect(await store.grants.get('G-0002')).toEqual(g2);
        expect(await store.grants.endOne('G-0001', '2026-12-01')).toEqual({ ...g1, expiresOn: '2026-11-22' });
        expect(await store.grants.get('G-0001')).toEqual({ ...g1, expiresOn: '2026-11-22' });
        expect(await store.grants.endOne('G-0404', '2026-11-22')).toBeNull();
      });

      it('ends the grants on a dataset still in force after a day, and returns them as they were', async () => {
        const base = { expiresOn: '2027-06-30', agreementRef: 'AGR-1', grantedAt: AT, kind: 'open' as const, duty: null };
        const g1 = await store.grants.create({ ...base, datasetId: 'DS-0002', caseId: 'C-0001', userId: 'alice' });
        const expired = await store.grants.create({ ...base, datasetId: 'DS-0002', caseId: 'C-0002', userId: 'bob', expiresOn: '2026-01-31' });
        const other = await store.grants.create({ ...base, datasetId: 'DS-0001', caseId: 'C-0003', userId: 'alice' });
        expect(await store.grants.endOnDataset('DS-0002', '2026-11-22')).toEqual([g1]);
        expect(await store.grants.listByCase('C-0001')).toEqual([{ ...g1, expiresOn: '2026-11-22' }]);
        expect(await store.grants.listByCase('C-0002')).toEqual([expired]);
        expect(await store.grants.listByCase('C-0003')).toEqual([other]);
        expect(await store.grants.endOnDataset('DS-0002', '2026-11-22')).toEqual([]);
      });

      it('keeps a sharing grant’s kind and duty, and ending the open grants on a dataset leaves it (Z13)', async () => {
        const base = { datasetId: 'DS-0002', expiresOn: '2027-06-30', grantedAt: AT };
        const open = await store.grants.create({ ...base, caseId: 'C-0001', userId: 'alice', agreementRef: 'AG-C-0001', kind: 'open', duty: null });
        const shared = await store.grants.create({ ...base, caseId: 'C-0002', userId: 'frank', agreementRef: 'SH-C-0002', kind: 'share', duty: '社会救助核查' });
        expect(await store.grants.get(shared.id)).toEqual({ id: 'G-0002', ...base, caseId: 'C-0002', userId: 'frank', agreementRef: 'SH-C-0002', kind: 'share', duty: '社会救助核查' });
        expect(await store.grants.endOnDataset('DS-0002', '2026-11-22')).toEqual([open]);
        expect(await store.grants.get(shared.id)).toEqual(shared);
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
        expect(store.auditIntegrity.checkChain(all)).toEqual({ ok: true, legacyThrough: 0 });
        expect(await store.audit.listByCase('C-0001')).toEqual([a, c]);
        expect(await store.audit.listByCase('C-0404')).toEqual([]);
      });

      it('reads every case’s trail for the evaluation: its workflow, its entries before a moment, lean, without the skipped actions', async () => {
        const c1 = await store.cases.create(newCase({ workflow: 'W5' }), AT, 'u');
        const c2 = await store.cases.create(newCase({ workflow: 'W1' }), AT, 'u');
        const c3 = await store.cases.create(newCase({ workflow: 'W7' }), AT, 'u');
        const append = (caseId: string | null, action: string, at: Date, detail = {}) => store.audit.append({ at, actorId: 'u', channel: 'cli', action, caseId, detail });
        await append(c1.id, 'W5.submit', AT, { state: 'formal_review', version: 1, taskAgency: 'bdb' });
        await append(c2.id, 'W1.submit', AT, { state: 'formal_review', version: 1 });
        await append(null, 'identity.link', AT);
        await append(c1.id, 'reminder.due_day', AT, { level: 0 });
        await append(c1.id, 'W5.approve_formal', LATER, { state: 'provider_review', version: 2, dueOn: '2026-03-16' });
        // An entry of a case the Case table does not have is no case to evaluate.
        await append('C-0404', 'W5.submit', AT, { state: 'formal_review', version: 1 });
        const trails = await store.audit.listCaseTrails({ before: new Date(LATER.getTime() + 1), skip: ['reminder.due_day'] });
        expect(trails).toEqual([
          { caseId: c1.id, workflow: 'W5', entries: [
            { at: AT, action: 'W5.submit', detail: { state: 'formal_review', version: 1, taskAgency: 'bdb' } },
            { at: LATER, action: 'W5.approve_formal', detail: { state: 'provider_review', version: 2, dueOn: '2026-03-16' } },
          ] },
          { caseId: c2.id, workflow: 'W1', entries: [{ at: AT, action: 'W1.submit', detail: { state: 'formal_review', version: 1 } }] },
          { caseId: c3.id, workflow: 'W7', entries: [] },
        ]);
        const earlier = await store.audit.listCaseTrails({ before: LATER, skip: [] });
        expect(earlier[0]!.entries.map((e) => e.action)).toEqual(['W5.submit', 'reminder.due_day']);
      });

      it('reads the trails of some cases only, every entry of them when no moment is given', async () => {
        const [c1, c2, c3] = [
          await store.cases.create(newCase(), AT, 'u'),
          await store.cases.create(newCase({ workflow: 'W1' }), AT, 'u'),
          await store.cases.create(newCase({ workflow: 'W7' }), AT, 'u'),
        ];
        const append = (caseId: string, action: string, at: Date) => store.audit.append({ at, actorId: 'u', channel: 'cli', action, caseId, detail: {} });
        await append(c1.id, 'W5.submit', AT);
        await append(c2.id, 'W1.submit', AT);
        await append(c3.id, 'W7.submit', AT);
        await append(c3.id, 'W7.accept', new Date('2030-01-01T00:00:00Z'));
        const some = await store.audit.listCaseTrails({ before: null, skip: [], caseIds: [c3.id, 'C-0404', c1.id] });
        // In the Case table's order, whatever the order asked in; an id it does not have is no case.
        expect(some.map((tr) => [tr.caseId, tr.entries.map((e) => e.action)])).toEqual([
          [c1.id, ['W5.submit']],
          [c3.id, ['W7.submit', 'W7.accept']],
        ]);
        expect(await store.audit.listCaseTrails({ before: null, skip: [], caseIds: [] })).toEqual([]);
        // As many as there are: no parameter limit on the ids.
        const many = [...Array.from({ length: 40_000 }, (_, i) => `C-x${i}`), c2.id];
        expect((await store.audit.listCaseTrails({ before: null, skip: [], caseIds: many })).map((tr) => tr.caseId)).toEqual([c2.id]);
      });

      it('tells the seq of the last entry, and the cases with an entry after a seq, each once', async () => {
        expect(await store.audit.headSeq()).toBe(0);
        const append = (caseId: string | null) => store.audit.append({ at: AT, actorId: 'u', channel: 'cli', action: 'x', caseId, detail: {} });
        await append('C-0001');
        await append('C-0002');
        await append(null);
        await append('C-0003');
        await append('C-0002');
        expect(await store.audit.headSeq()).toBe(5);
        expect((await store.audit.casesChangedSince(0)).sort()).toEqual(['C-0001', 'C-0002', 'C-0003']);
        expect((await store.audit.casesChangedSince(2)).sort()).toEqual(['C-0002', 'C-0003']);
        expect(await store.audit.casesChangedSince(5)).toEqual([]);
      });

      it('keeps the chain intact under concurrent appends', async () => {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.audit.append({ at: AT, actorId: `u${i}`, channel: 'cli', action: 'x', caseId: null, detail: { i } }),
          ),
        );
        const all = await store.audit.list();
        expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(store.auditIntegrity.checkChain(all)).toEqual({ ok: true, legacyThrough: 0 });
      });

      it('shows a changed entry as a break in the chain', async () => {
        for (const action of ['a', 'b', 'c']) {
          await store.audit.append({ at: AT, actorId: 'u', channel: 'cli', action, caseId: null, detail: {} });
        }
        const all = await store.audit.list();
        all[1] = { ...all[1]!, actorId: 'someone-else' };
        expect(store.auditIntegrity.checkChain(all)).toEqual({ ok: false, legacyThrough: 0, seq: 2 });
      });

      it('records each committed entry in the head, after the commit, and nothing of a transaction rolled back', async () => {
        expect(await store.auditIntegrity.readHead()).toBeNull();
        const first = await store.audit.append({ at: AT, actorId: 'u', channel: 'cli', action: 'alone', caseId: null, detail: {} });
        const boom = new Error('boom');
        let seenInside: number[] | undefined;
        const inside = await store.transaction(async (repos) => {
          const a = await repos.audit.append({ at: AT, actorId: 'u', channel: 'cli', action: 'a', caseId: null, detail: {} });
          const b = await repos.audit.append({ at: AT, actorId: 'u', channel: 'cli', action: 'b', caseId: null, detail: {} });
          // Not yet committed: not yet in the head.
          seenInside = (await store.auditIntegrity.readHead())?.records.map((r) => r.seq);
          return [a, b];
        });
        expect(seenInside).toEqual([first.seq]);
        expect(
          await rejectionOf(
            store.transaction(async (repos) => {
              await repos.audit.append({ at: AT, actorId: 'u', channel: 'cli', action: 'undone', caseId: null, detail: {} });
              throw boom;
            }),
          ),
        ).toBe(boom);
        const head = await store.auditIntegrity.readHead();
        expect(head?.unreadableLines).toEqual([]);
        expect(head?.records.map((r) => [r.seq, r.hash])).toEqual([first, ...inside].map((e) => [e.seq, e.hash]));
        expect(store.auditIntegrity.checkChain(await store.audit.list())).toEqual({ ok: true, legacyThrough: 0 });
      });

      it('offers no way to change or remove entries', () => {
        expect(Object.keys(store.audit).sort()).toEqual(['append', 'casesChangedSince', 'headSeq', 'list', 'listByCase', 'listCaseTrails']);
      });
    });

    describe('handling memo', () => {
      const memo = (throughSeq: number): HandlingMemo => ({
        basis: 'b1',
        throughSeq,
        cases: [
          {
            caseId: 'C-0001',
            workflow: 'W5',
            lastAt: t(30).getTime(),
            handling: {
              closedOn: '2025-03-05',
              tasks: [
                { agencyId: 'bdb', from: '2025-03-03', to: '2025-03-04', dueOn: '2025-03-04', late: false, workingDays: 1 },
                { agencyId: 'transport', from: '2025-03-04', to: '2025-03-05', dueOn: null, late: true, workingDays: 2 },
              ],
              returns: [{ agencyId: 'bdb', on: '2025-03-04' }],
              escalations: [{ agencyId: null, on: '2025-03-05' }],
              open: null,
            },
          },
          {
            caseId: 'C-0002',
            workflow: 'W7',
            lastAt: null,
            handling: { closedOn: null, tasks: [], returns: [], escalations: [], open: { agencyId: 'bdb', from: '2025-03-03', dueOn: null } },
          },
        ],
      });

      it('has none until one is put, then gives back the last put as it was, a copy', async () => {
        expect(await store.handlingMemo.get()).toBeNull();
        const first = memo(3);
        await store.handlingMemo.put(first);
        const read = await store.handlingMemo.get();
        expect(read).toEqual(first);
        read!.cases[0]!.handling.tasks.pop();
        first.cases.pop();
        expect(await store.handlingMemo.get()).toEqual(memo(3));
        await store.handlingMemo.put({ ...memo(7), basis: 'b2', cases: [] });
        expect(await store.handlingMemo.get()).toEqual({ basis: 'b2', throughSeq: 7, cases: [] });
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
          nextAttemptAt: LATER,
          lastError: null,
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

      it('holds a message back until notBefore, though it lists as pending', async () => {
        const m = await store.outbox.enqueue({ userId: 'u', caseId: null, message: 'm', params: {}, notBefore: t(60) }, AT);
        expect(m).toMatchObject({ status: 'pending', createdAt: AT, nextAttemptAt: t(60), attempts: 0, lastError: null });
        expect(idsOf(await store.outbox.listPending())).toEqual([m.id]);
        expect(await store.outbox.claimReady(t(59), t(70), 10)).toEqual([]);
        expect(idsOf(await store.outbox.claimReady(t(60), t(70), 10))).toEqual([m.id]);
      });

      it('claims ready messages under a lease, and claims them again only once the lease has run out', async () => {
        const a = await store.outbox.enqueue({ userId: 'u1', caseId: 'C-0001', message: 'a', params: { n: 1 } }, AT);
        const b = await store.outbox.enqueue({ userId: 'u2', caseId: null, message: 'b', params: {}, notBefore: t(30) }, AT);
        const c = await store.outbox.enqueue({ userId: 'u3', caseId: null, message: 'c', params: {} }, t(1));

        const first = await store.outbox.claimReady(t(10), t(15), 10);
        expect(first).toEqual([
          { ...a, status: 'sending', nextAttemptAt: t(15) },
          { ...c, status: 'sending', nextAttemptAt: t(15) },
        ]);
        expect(await store.outbox.list()).toEqual([b, ...first].sort((x, y) => y.id - x.id));
        // Sending is not pending.
        expect(idsOf(await store.outbox.listPending())).toEqual([b.id]);

        // While the lease holds, nobody else gets them.
        expect(await store.outbox.claimReady(t(14), t(20), 10)).toEqual([]);
        // The dispatcher died: at the lease's end they are up for grabs again, with a new lease.
        const again = await store.outbox.claimReady(t(15), t(35), 10);
        expect(again.map((m) => [m.id, m.status, m.nextAttemptAt, m.attempts])).toEqual([
          [a.id, 'sending', t(35), 0],
          [c.id, 'sending', t(35), 0],
        ]);
        expect(idsOf(await store.outbox.claimReady(t(30), t(40), 10))).toEqual([b.id]);
        expect(await store.outbox.claimReady(t(30), t(40), 10)).toEqual([]);

        await store.outbox.markSent(a.id, t(31));
        expect((await store.outbox.list({ status: ['sent'] }))[0]).toMatchObject({ id: a.id, status: 'sent', attempts: 1, sentAt: t(31) });
        // A sent message is never claimed again.
        expect(idsOf(await store.outbox.claimReady(t(1000), t(1001), 10))).toEqual([b.id, c.id]);
      });

      it('claims at most `limit`, those waiting longest first, handed back in id order', async () => {
        const m1 = await store.outbox.enqueue({ userId: 'u', caseId: null, message: 'm1', params: {}, notBefore: t(20) }, AT);
        const m2 = await store.outbox.enqueue({ userId: 'u', caseId: null, message: 'm2', params: {}, notBefore: t(10) }, AT);
        const m3 = await store.outbox.enqueue({ userId: 'u', caseId: null, message: 'm3', params: {}, notBefore: t(5) }, AT);
        const m4 = await store.outbox.enqueue({ userId: 'u', caseId: null, message: 'm4', params: {} }, AT);
        const m5 = await store.outbox.enqueue({ userId: 'u', caseId: null, message: 'm5', params: {}, notBefore: t(10) }, AT);
        const m6 = await store.outbox.enqueue({ userId: 'u', caseId: null, message: 'm6', params: {}, notBefore: t(31) }, AT);

        expect(await store.outbox.claimReady(t(30), t(40), 0)).toEqual([]);
        expect(idsOf(await store.outbox.claimReady(t(30), t(40), 3))).toEqual([m2.id, m3.id, m4.id]);
        // A lease that ran out competes by its end, like any other wait.
        expect(idsOf(await store.outbox.claimReady(t(40), t(50), 3))).toEqual([m1.id, m5.id, m6.id]);
        expect(idsOf(await store.outbox.claimReady(t(50), t(60), 10))).toEqual([m1.id, m2.id, m3.id, m4.id, m5.id, m6.id]);
      });

      it('never lets two dispatchers claim the same message', async () => {
        const enqueued = [];
        for (let i = 0; i < 12; i++) enqueued.push(await store.outbox.enqueue({ userId: `u${i}`, caseId: null, message: 'm', params: {} }, AT));
        const batches = await Promise.all(Array.from({ length: 5 }, () => store.outbox.claimReady(t(1), t(10), 3)));
        const claimed = batches.flatMap(idsOf).sort((x, y) => x - y);
        expect(claimed).toEqual(idsOf(enqueued));
      });

      it('retries a failed message at retryAt, parks it when there is no retry, and requeues only parked ones', async () => {
        const m = await store.outbox.enqueue({ userId: 'u', caseId: 'C-0001', message: 'm', params: {} }, AT);
        const other = await store.outbox.enqueue({ userId: 'u', caseId: null, message: 'other', params: {} }, AT);
        expect(await store.outbox.requeue(m.id, t(1))).toBe(false); // pending, not parked
        await store.outbox.claimReady(t(1), t(5), 1);

        const retry = await store.outbox.markFailed(m.id, 'timeout', t(40));
        expect(retry).toEqual({ ...m, status: 'pending', attempts: 1, lastError: 'timeout', nextAttemptAt: t(40) });
        expect(await store.outbox.list({ caseId: 'C-0001' })).toEqual([retry]);
        expect(idsOf(await store.outbox.claimReady(t(39), t(45), 10))).toEqual([other.id]);
        await store.outbox.markSent(other.id, t(39));
        expect(idsOf(await store.outbox.claimReady(t(40), t(45), 10))).toEqual([m.id]);

        const parked = await store.outbox.markFailed(m.id, 'blocked by user', null);
        expect(parked).toMatchObject({ status: 'parked', attempts: 2, lastError: 'blocked by user', sentAt: null });
        expect(await store.outbox.list({ caseId: 'C-0001' })).toEqual([parked]);
        expect(await store.outbox.claimReady(t(10_000), t(10_001), 10)).toEqual([]);
        expect(idsOf(await store.outbox.listPending())).toEqual([]);

        expect(await store.outbox.requeue(m.id, t(60))).toBe(true);
        const requeued = { ...parked, status: 'pending', nextAttemptAt: t(60) } satisfies OutboxMessage;
        expect(await store.outbox.list({ caseId: 'C-0001' })).toEqual([requeued]);
        expect(await store.outbox.requeue(m.id, t(61))).toBe(false);
        expect(await store.outbox.requeue(987654, t(61))).toBe(false);
        expect(idsOf(await store.outbox.claimReady(t(59), t(70), 10))).toEqual([]);
        expect(await store.outbox.claimReady(t(60), t(70), 10)).toEqual([{ ...requeued, status: 'sending', nextAttemptAt: t(70) }]);

        const error = await rejectionOf(store.outbox.markFailed(987654, 'x', null));
        expect(error).toMatchObject({ name: 'KaifangError', code: 'STORE_NOT_FOUND' });
      });

      it('lists newest first by status and case, and counts every status', async () => {
        expect(await store.outbox.countByStatus()).toEqual({ pending: 0, sending: 0, sent: 0, parked: 0 });
        const m1 = await store.outbox.enqueue({ userId: 'u', caseId: 'C-0001', message: 'm1', params: {} }, AT);
        const m2 = await store.outbox.enqueue({ userId: 'u', caseId: 'C-0002', message: 'm2', params: {} }, AT);
        const m3 = await store.outbox.enqueue({ userId: 'u', caseId: 'C-0001', message: 'm3', params: {} }, AT);
        const m4 = await store.outbox.enqueue({ userId: 'u', caseId: null, message: 'm4', params: {} }, AT);
        const m5 = await store.outbox.enqueue({ userId: 'u', caseId: 'C-0001', message: 'm5', params: {}, notBefore: t(90) }, AT);
        await store.outbox.claimReady(AT, t(5), 10); // m1…m4 sending
        await store.outbox.markSent(m2.id, t(1));
        await store.outbox.markFailed(m3.id, 'x', null);
        await store.outbox.markFailed(m1.id, 'y', t(9));

        expect(idsOf(await store.outbox.list())).toEqual([m5.id, m4.id, m3.id, m2.id, m1.id]);
        expect(idsOf(await store.outbox.list({}, 2))).toEqual([m5.id, m4.id]);
        expect(idsOf(await store.outbox.list({ status: ['pending', 'parked'] }))).toEqual([m5.id, m3.id, m1.id]);
        expect(idsOf(await store.outbox.list({ status: ['sending'] }))).toEqual([m4.id]);
        expect(idsOf(await store.outbox.list({ status: [] }))).toEqual([]);
        expect(idsOf(await store.outbox.list({ caseId: 'C-0001' }))).toEqual([m5.id, m3.id, m1.id]);
        expect(idsOf(await store.outbox.list({ caseId: 'C-0001', status: ['pending'] }, 1))).toEqual([m5.id]);
        expect(await store.outbox.list({ caseId: 'C-0404' })).toEqual([]);
        expect(await store.outbox.countByStatus()).toEqual({ pending: 2, sending: 1, sent: 1, parked: 1 });
      });
    });

    describe('schedule', () => {
      it('plans each step once: a new key is inserted, a pending step moves, a finished one stays', async () => {
        await store.schedule.plan([
          step('C-0001', 'before_due', 0, t(10)),
          step('C-0001', 'due_day', 0, t(20)),
          step('C-0001', 'escalation', 1, t(30)),
          step('C-0001', 'escalation', 2, t(40)),
        ]);
        const planned = await store.schedule.listByCase('C-0001');
        expect(planned.map((s) => [s.rule, s.level, s.stage, s.dueAt, s.status, s.doneAt])).toEqual([
          ['before_due', 0, 1, t(10), 'pending', null],
          ['due_day', 0, 1, t(20), 'pending', null],
          ['escalation', 1, 1, t(30), 'pending', null],
          ['escalation', 2, 1, t(40), 'pending', null],
        ]);
        expect(new Set(idsOf(planned)).size).toBe(4);
        const [beforeDue, dueDay, escalation1, escalation2] = planned;
        expect(await store.schedule.complete(beforeDue!.id, t(11))).toBe(true);
        expect(await store.schedule.cancelPending('C-0002', t(11))).toBe(0);

        // The deadline was recomputed: the same ladder, planned again with new times, and one more stage.
        await store.schedule.plan([
          step('C-0001', 'before_due', 0, t(15)),
          step('C-0001', 'due_day', 0, t(25)),
          step('C-0001', 'escalation', 1, t(45)),
          step('C-0001', 'escalation', 2, t(40)),
          step('C-0001', 'before_due', 0, t(50), 2),
        ]);
        const replanned = await store.schedule.listByCase('C-0001');
        expect(replanned).toEqual([
          { ...beforeDue!, status: 'done', doneAt: t(11) },
          { ...dueDay!, dueAt: t(25) },
          escalation2,
          { ...escalation1!, dueAt: t(45) },
          { id: expect.any(Number), caseId: 'C-0001', stage: 2, rule: 'before_due', level: 0, dueAt: t(50), status: 'pending', doneAt: null },
        ]);

        expect(await store.schedule.cancelPending('C-0001', t(16))).toBe(4);
        await store.schedule.plan([step('C-0001', 'due_day', 0, t(99)), step('C-0001', 'before_due', 0, t(99), 2)]);
        const cancelled = await store.schedule.listByCase('C-0001');
        expect(cancelled).toHaveLength(5);
        expect(cancelled.map((s) => [s.status, s.dueAt, s.doneAt])).toEqual([
          ['done', t(10), t(11)],
          ['cancelled', t(25), t(16)],
          ['cancelled', t(40), t(16)],
          ['cancelled', t(45), t(16)],
          ['cancelled', t(50), t(16)],
        ]);
        expect(await store.schedule.listDue(t(1000), 100)).toEqual([]);

        // The same new key twice in one call: one step, at the later time.
        await store.schedule.plan([step('C-0009', 'due_day', 0, t(1)), step('C-0009', 'due_day', 0, t(2))]);
        expect((await store.schedule.listByCase('C-0009')).map((s) => [s.rule, s.dueAt, s.status])).toEqual([['due_day', t(2), 'pending']]);
        await store.schedule.plan([]);
      });

      it('lists due steps (dueAt ≤ at, the boundary included) by dueAt then id, at most `limit`', async () => {
        await store.schedule.plan([step('C-A', 'due_day', 0, t(10))]);
        await store.schedule.plan([step('C-B', 'due_day', 0, t(5))]);
        await store.schedule.plan([step('C-C', 'due_day', 0, t(10)), step('C-D', 'due_day', 0, t(20)), step('C-E', 'due_day', 0, t(10))]);
        const [e] = await store.schedule.listByCase('C-E');
        await store.schedule.complete(e!.id, t(1));
        const cases = (steps: { caseId: string }[]) => steps.map((s) => s.caseId);

        expect(cases(await store.schedule.listDue(t(10), 10))).toEqual(['C-B', 'C-A', 'C-C']);
        expect(cases(await store.schedule.listDue(t(10), 2))).toEqual(['C-B', 'C-A']);
        expect(cases(await store.schedule.listDue(new Date(t(10).getTime() - 1), 10))).toEqual(['C-B']);
        expect(cases(await store.schedule.listDue(t(4), 10))).toEqual([]);
        expect(cases(await store.schedule.listDue(t(20), 10))).toEqual(['C-B', 'C-A', 'C-C', 'C-D']);
        expect(await store.schedule.listDue(t(20), 0)).toEqual([]);

        // Strictly after: a step due at `after` is not listed.
        expect(cases(await store.schedule.listPendingAfter(t(5), 10))).toEqual(['C-A', 'C-C', 'C-D']);
        expect(cases(await store.schedule.listPendingAfter(t(5), 1))).toEqual(['C-A']);
        expect(cases(await store.schedule.listPendingAfter(t(4), 10))).toEqual(['C-B', 'C-A', 'C-C', 'C-D']);
        expect(await store.schedule.listPendingAfter(t(20), 10)).toEqual([]);
      });

      it('claims due steps in due order, at most `limit`, each once; a rolled-back claim hands them back', async () => {
        await store.schedule.plan([step('C-A', 'due_day', 0, t(10)), step('C-B', 'due_day', 0, t(5)), step('C-C', 'due_day', 0, t(30))]);
        await store.schedule.plan([step('C-D', 'due_day', 0, t(10))]);
        const cases = (steps: { caseId: string }[]) => steps.map((s) => s.caseId);

        await expect(
          store.transaction(async (repos) => {
            expect(cases(await repos.schedule.claimDue(t(10), 10))).toEqual(['C-B', 'C-A', 'C-D']);
            throw new Error('the messages could not be written');
          }),
        ).rejects.toThrow('the messages could not be written');
        expect(cases(await store.schedule.listDue(t(10), 10))).toEqual(['C-B', 'C-A', 'C-D']);

        const first = await store.schedule.claimDue(t(10), 2);
        expect(first.map((s) => [s.caseId, s.status, s.doneAt])).toEqual([
          ['C-B', 'done', t(10)],
          ['C-A', 'done', t(10)],
        ]);
        expect(cases(await store.schedule.claimDue(t(10), 10))).toEqual(['C-D']);
        expect(await store.schedule.claimDue(t(10), 10)).toEqual([]);
        expect(await store.schedule.claimDue(t(40), 0)).toEqual([]);
        expect((await store.schedule.listByCase('C-A')).map((s) => [s.status, s.doneAt])).toEqual([['done', t(10)]]);
        expect(cases(await store.schedule.listDue(t(40), 10))).toEqual(['C-C']);
      });

      it('completes a step once; cancels the pending steps of one case and says how many', async () => {
        await store.schedule.plan([
          step('C-0001', 'before_due', 0, t(1)),
          step('C-0001', 'due_day', 0, t(2)),
          step('C-0001', 'escalation', 1, t(3)),
          step('C-0002', 'due_day', 0, t(2)),
        ]);
        const [first, second] = await store.schedule.listByCase('C-0001');
        expect(await store.schedule.complete(first!.id, t(5))).toBe(true);
        expect(await store.schedule.complete(first!.id, t(6))).toBe(false);
        expect(await store.schedule.complete(987654, t(6))).toBe(false);

        expect(await store.schedule.cancelPending('C-0001', t(7))).toBe(2);
        expect(await store.schedule.cancelPending('C-0001', t(8))).toBe(0);
        expect(await store.schedule.complete(second!.id, t(9))).toBe(false);
        expect((await store.schedule.listByCase('C-0001')).map((s) => [s.status, s.doneAt])).toEqual([
          ['done', t(5)],
          ['cancelled', t(7)],
          ['cancelled', t(7)],
        ]);
        expect((await store.schedule.listByCase('C-0002')).map((s) => s.status)).toEqual(['pending']);
        expect((await store.schedule.listDue(t(100), 10)).map((s) => s.caseId)).toEqual(['C-0002']);
        expect(await store.schedule.listByCase('C-0404')).toEqual([]);
      });

      it('carries out each due step once when ticks overlap', async () => {
        await store.schedule.plan(Array.from({ length: 6 }, (_, i) => step(`C-${i}`, 'due_day', 0, t(i))));
        const due = await store.schedule.listDue(t(10), 10);
        const results = await Promise.all([...due, ...due].map((s) => store.schedule.complete(s.id, t(11))));
        expect(results.filter(Boolean)).toHaveLength(6);
        expect(await store.schedule.listDue(t(10), 10)).toEqual([]);
      });
    });

    describe('once', () => {
      it('grants a key the first time only', async () => {
        expect(await store.once.isClaimed('nudge:C-0001:2025-03-03')).toBe(false);
        expect(await store.once.claim('nudge:C-0001:2025-03-03', AT)).toBe(true);
        expect(await store.once.claim('nudge:C-0001:2025-03-03', LATER)).toBe(false);
        expect(await store.once.isClaimed('nudge:C-0001:2025-03-03')).toBe(true);
        expect(await store.once.claim('nudge:C-0001:2025-03-04', LATER)).toBe(true);
        const concurrent = await Promise.all(Array.from({ length: 5 }, () => store.once.claim('digest:u:2025-03-03', AT)));
        expect(concurrent.filter(Boolean)).toHaveLength(1);
      });

      it('forgets the keys of a prefix claimed before a time, and no others', async () => {
        await store.once.claim('delivery:slack:T1', AT);
        await store.once.claim('delivery:slack:T2', LATER);
        await store.once.claim('nudge:C-0001:2025-03-03', AT);
        // A prefix is matched as text, not as a pattern.
        await store.once.claim('delivery_slack:T3', AT);
        expect(await store.once.forget('delivery:', new Date(LATER.getTime()))).toBe(1);
        expect(await store.once.isClaimed('delivery:slack:T1')).toBe(false);
        expect(await store.once.isClaimed('delivery:slack:T2')).toBe(true);
        expect(await store.once.isClaimed('nudge:C-0001:2025-03-03')).toBe(true);
        expect(await store.once.isClaimed('delivery_slack:T3')).toBe(true);
        // Forgotten, it can be claimed again.
        expect(await store.once.claim('delivery:slack:T1', LATER)).toBe(true);
      });
    });

    describe('settings', () => {
      it('keeps the last value put under a key, and lists the keys of a prefix in key order', async () => {
        expect(await store.settings.get('calendar.notice.2027')).toBeNull();
        await store.settings.put('calendar.notice.2028', 'b');
        await store.settings.put('calendar.notice.2027', 'a0');
        await store.settings.put('calendar.notice.2027', 'a');
        await store.settings.put('calendar.fingerprint', 'f');
        await store.settings.put('Calendar.Notice.2029', 'c');
        expect(await store.settings.get('calendar.notice.2027')).toBe('a');
        expect(await store.settings.list('calendar.notice.')).toEqual([
          { key: 'calendar.notice.2027', value: 'a' },
          { key: 'calendar.notice.2028', value: 'b' },
        ]);
        expect(await store.settings.list('nothing.')).toEqual([]);
      });
    });

    describe('delegations', () => {
      const alice = { userId: 'alice', delegateId: 'bob', from: '2025-03-10', to: '2025-03-14', createdAt: AT };

      it('keeps one delegation per person, replaced by put and removed by clear', async () => {
        expect(await store.delegations.get('alice')).toBeNull();
        expect(await store.delegations.clear('alice')).toBe(false);
        await store.delegations.put(alice);
        expect(await store.delegations.get('alice')).toEqual(alice);

        const replaced = { ...alice, delegateId: 'erin', from: '2025-04-01', to: '2025-04-02', createdAt: LATER };
        await store.delegations.put(replaced);
        expect(await store.delegations.get('alice')).toEqual(replaced);
        expect(await store.delegations.listActive('2025-03-12')).toEqual([]);

        expect(await store.delegations.clear('alice')).toBe(true);
        expect(await store.delegations.get('alice')).toBeNull();
        expect(await store.delegations.clear('alice')).toBe(false);
      });

      it('lists the delegations in force on a day, both ends included, by user', async () => {
        const carol = { userId: 'carol', delegateId: 'dave', from: '2025-03-01', to: '2025-03-31', createdAt: AT };
        const oneDay = { userId: 'aaron', delegateId: 'dave', from: '2025-03-12', to: '2025-03-12', createdAt: AT };
        await store.delegations.put(carol);
        await store.delegations.put(alice);
        await store.delegations.put(oneDay);
        const active = async (day: string) => (await store.delegations.listActive(day)).map((d) => d.userId);

        expect(await active('2025-02-28')).toEqual([]);
        expect(await active('2025-03-09')).toEqual(['carol']);
        expect(await active('2025-03-10')).toEqual(['alice', 'carol']);
        expect(await active('2025-03-12')).toEqual(['aaron', 'alice', 'carol']);
        expect(await active('2025-03-14')).toEqual(['alice', 'carol']);
        expect(await active('2025-03-15')).toEqual(['carol']);
        expect(await active('2025-04-01')).toEqual([]);
        expect(await store.delegations.listActive('2025-03-10')).toEqual([alice, carol]);
      });
    });

    describe('preferences', () => {
      it('gives the defaults to a user who never chose, and lists digest users by id', async () => {
        expect(await store.preferences.get('u')).toEqual({ digest: false, localeChosen: false });
        expect(await store.preferences.listDigestUsers()).toEqual([]);
        await store.preferences.put('b', { digest: true, localeChosen: false });
        await store.preferences.put('a', { digest: true, localeChosen: false });
        await store.preferences.put('c', { digest: false, localeChosen: false });
        expect(await store.preferences.get('b')).toEqual({ digest: true, localeChosen: false });
        expect(await store.preferences.get('c')).toEqual({ digest: false, localeChosen: false });
        expect(await store.preferences.listDigestUsers()).toEqual(['a', 'b']);

        await store.preferences.put('b', { digest: false, localeChosen: false });
        expect(await store.preferences.listDigestUsers()).toEqual(['a']);
        const returned = await store.preferences.get('nobody');
        returned.digest = true;
        expect(await store.preferences.get('nobody')).toEqual({ digest: false, localeChosen: false });
        await store.preferences.put('l', { digest: false, localeChosen: true });
        expect(await store.preferences.get('l')).toEqual({ digest: false, localeChosen: true });
        expect(await store.preferences.listDigestUsers()).not.toContain('l');
      });
    });

    describe('settings', () => {
      it('keeps one value per key', async () => {
        expect(await store.settings.get('calendar.fingerprint')).toBeNull();
        await store.settings.put('calendar.fingerprint', 'abc');
        await store.settings.put('other', '');
        expect(await store.settings.get('calendar.fingerprint')).toBe('abc');
        await store.settings.put('calendar.fingerprint', 'def');
        expect(await store.settings.get('calendar.fingerprint')).toBe('def');
        expect(await store.settings.get('other')).toBe('');
      });
    });

    describe('chat identities', () => {
      const bobSlack = { platform: 'slack' as const, externalId: 'U-BOB', userId: 'bob', linkedAt: AT };

      it('finds a linked account by its id and by its user, per platform', async () => {
        expect(await store.identities.find('slack', 'U-BOB')).toBeNull();
        expect(await store.identities.link(bobSlack)).toEqual([]);
        const bobTelegram = { platform: 'telegram' as const, externalId: '1001', userId: 'bob', linkedAt: LATER };
        expect(await store.identities.link(bobTelegram)).toEqual([]);

        expect(await store.identities.find('slack', 'U-BOB')).toEqual(bobSlack);
        expect(await store.identities.find('telegram', '1001')).toEqual(bobTelegram);
        expect(await store.identities.find('telegram', 'U-BOB')).toBeNull();
        expect(await store.identities.find('slack', 'u-bob')).toBeNull();
        expect(await store.identities.findByUser('slack', 'bob')).toEqual(bobSlack);
        expect(await store.identities.findByUser('telegram', 'bob')).toEqual(bobTelegram);
        expect(await store.identities.findByUser('slack', 'carol')).toBeNull();

        const found = await store.identities.find('slack', 'U-BOB');
        found!.userId = 'mallory';
        expect(await store.identities.find('slack', 'U-BOB')).toEqual(bobSlack);
      });

      it('re-links an account to another user, and gives a user one account per platform', async () => {
        await store.identities.link(bobSlack);
        await store.identities.link({ platform: 'telegram', externalId: '1001', userId: 'bob', linkedAt: AT });

        // The same Slack account, now for carol: bob has no Slack account left.
        const carolSlack = { ...bobSlack, userId: 'carol', linkedAt: LATER };
        expect(await store.identities.link(carolSlack)).toEqual([bobSlack]);
        expect(await store.identities.find('slack', 'U-BOB')).toEqual(carolSlack);
        expect(await store.identities.findByUser('slack', 'bob')).toBeNull();

        // Carol links a second Slack account: it replaces the first.
        const carolNew = { platform: 'slack' as const, externalId: 'U-CAROL', userId: 'carol', linkedAt: t(5) };
        expect(await store.identities.link(carolNew)).toEqual([carolSlack]);
        expect(await store.identities.find('slack', 'U-BOB')).toBeNull();
        expect(await store.identities.findByUser('slack', 'carol')).toEqual(carolNew);

        // Both at once: U-CAROL goes to bob while bob's Telegram account stays, and dave's Slack link is replaced.
        await store.identities.link({ platform: 'slack', externalId: 'U-DAVE', userId: 'dave', linkedAt: AT });
        const replaced = await store.identities.link({ platform: 'slack', externalId: 'U-CAROL', userId: 'dave', linkedAt: t(6) });
        expect(replaced).toEqual([carolNew, { platform: 'slack', externalId: 'U-DAVE', userId: 'dave', linkedAt: AT }]);
        expect(await store.identities.list()).toEqual([
          { platform: 'telegram', externalId: '1001', userId: 'bob', linkedAt: AT },
          { platform: 'slack', externalId: 'U-CAROL', userId: 'dave', linkedAt: t(6) },
        ]);

        // Linking the same account to the same user again refreshes it.
        expect(await store.identities.link({ platform: 'slack', externalId: 'U-CAROL', userId: 'dave', linkedAt: t(7) })).toEqual([
          { platform: 'slack', externalId: 'U-CAROL', userId: 'dave', linkedAt: t(6) },
        ]);
        expect(await store.identities.find('slack', 'U-CAROL')).toMatchObject({ linkedAt: t(7) });
      });

      it('unlinks an account once, and lists links by user, then platform', async () => {
        await store.identities.link({ platform: 'telegram', externalId: '7', userId: 'carol', linkedAt: AT });
        await store.identities.link(bobSlack);
        await store.identities.link({ platform: 'slack', externalId: 'U-CAROL', userId: 'carol', linkedAt: AT });
        expect((await store.identities.list()).map((i) => `${i.userId}/${i.platform}/${i.externalId}`)).toEqual([
          'bob/slack/U-BOB',
          'carol/slack/U-CAROL',
          'carol/telegram/7',
        ]);
        expect(await store.identities.unlink('slack', 'U-BOB')).toBe(true);
        expect(await store.identities.unlink('slack', 'U-BOB')).toBe(false);
        expect(await store.identities.unlink('telegram', 'U-CAROL')).toBe(false);
        expect(await store.identities.find('slack', 'U-BOB')).toBeNull();
        expect(await store.identities.findByUser('slack', 'bob')).toBeNull();
        expect(await store.identities.list()).toHaveLength(2);
      });
    });

    describe('link codes', () => {
      const code = { code: 'K7M2XQ9P', userId: 'bob', expiresAt: t(60), createdAt: AT };
      const slackBob = { platform: 'slack' as const, externalId: 'U-BOB' };

      it('redeems a code once, before it expires, recording who used it', async () => {
        expect(await store.linkCodes.create(code)).toEqual({ ...code, usedAt: null, usedBy: null });
        expect(await store.linkCodes.get('K7M2XQ9P')).toEqual({ ...code, usedAt: null, usedBy: null });
        expect(await store.linkCodes.redeem('k7m2xq9p', t(1), slackBob)).toEqual({ ok: false, reason: 'unknown' });
        expect(await store.linkCodes.redeem('NOPE2345', t(1), slackBob)).toEqual({ ok: false, reason: 'unknown' });

        expect(await store.linkCodes.redeem('K7M2XQ9P', t(1), slackBob)).toEqual({ ok: true, userId: 'bob' });
        expect(await store.linkCodes.get('K7M2XQ9P')).toEqual({ ...code, usedAt: t(1), usedBy: slackBob });
        expect(await store.linkCodes.redeem('K7M2XQ9P', t(2), { platform: 'telegram', externalId: '99' })).toEqual({ ok: false, reason: 'used' });
        // Used, and since expired too: still `used`, and the first redeemer stays on record.
        expect(await store.linkCodes.redeem('K7M2XQ9P', t(90), slackBob)).toEqual({ ok: false, reason: 'used' });
        expect(await store.linkCodes.get('K7M2XQ9P')).toEqual({ ...code, usedAt: t(1), usedBy: slackBob });
        expect(await store.linkCodes.get('NOPE2345')).toBeNull();
      });

      it('refuses a code from its expiry on, and leaves it unused', async () => {
        await store.linkCodes.create(code);
        expect(await store.linkCodes.redeem('K7M2XQ9P', t(60), slackBob)).toEqual({ ok: false, reason: 'expired' });
        expect(await store.linkCodes.redeem('K7M2XQ9P', t(61), slackBob)).toEqual({ ok: false, reason: 'expired' });
        expect(await store.linkCodes.get('K7M2XQ9P')).toMatchObject({ usedAt: null, usedBy: null });
        await store.linkCodes.create({ ...code, code: 'JUST2TIM' });
        expect(await store.linkCodes.redeem('JUST2TIM', new Date(t(60).getTime() - 1), slackBob)).toEqual({ ok: true, userId: 'bob' });
      });

      it('refuses a second code with the same text', async () => {
        await store.linkCodes.create(code);
        const error = await rejectionOf(store.linkCodes.create({ ...code, userId: 'carol' }));
        expect(error).toBeInstanceOf(KaifangError);
        expect((await store.linkCodes.get('K7M2XQ9P'))?.userId).toBe('bob');
      });

      it('gives a code to exactly one of several redeemers racing for it', async () => {
        await store.linkCodes.create(code);
        const racers = ['U-1', 'U-2', 'U-3', 'U-4'].map((externalId) => ({ platform: 'slack' as const, externalId }));
        const results = await Promise.all(racers.map((by) => store.linkCodes.redeem('K7M2XQ9P', t(1), by)));
        expect(results.filter((r) => r.ok)).toEqual([{ ok: true, userId: 'bob' }]);
        expect(results.filter((r) => !r.ok)).toEqual(Array(3).fill({ ok: false, reason: 'used' }));
        const winner = racers[results.findIndex((r) => r.ok)];
        expect((await store.linkCodes.get('K7M2XQ9P'))?.usedBy).toEqual(winner);
      });

      it('gives a code to one of two transactions racing for it; a rolled-back redeem hands it back', async () => {
        await store.linkCodes.create(code);
        await expect(
          store.transaction(async (repos) => {
            expect(await repos.linkCodes.redeem('K7M2XQ9P', t(1), slackBob)).toEqual({ ok: true, userId: 'bob' });
            throw new Error('the link could not be written');
          }),
        ).rejects.toThrow('the link could not be written');
        expect(await store.linkCodes.get('K7M2XQ9P')).toMatchObject({ usedAt: null });

        const redeemIn = (externalId: string) =>
          store.transaction(async (repos) => {
            const result = await repos.linkCodes.redeem('K7M2XQ9P', t(2), { platform: 'slack', externalId });
            await new Promise((r) => setTimeout(r, 2));
            if (result.ok) await repos.identities.link({ platform: 'slack', externalId, userId: result.userId, linkedAt: t(2) });
            return result;
          });
        const results = await Promise.all([redeemIn('U-A'), redeemIn('U-B')]);
        expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
        expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: 'used' });
        expect(await store.identities.list()).toHaveLength(1);
      });
    });

    describe('posted messages', () => {
      const task = { platform: 'slack' as const, caseId: 'C-0001', caseVersion: 2, userId: 'bob', channel: 'D-BOB', messageRef: '1700000000.000100', postedAt: AT };

      it('finds a message by platform, channel and ref, and lists the copies of a case in posting order', async () => {
        const carolCopy = { ...task, userId: 'carol', channel: 'D-CAROL', messageRef: '1700000000.000200', postedAt: t(1) };
        const telegramCopy = { ...task, platform: 'telegram' as const, userId: 'dave', channel: '555', messageRef: '17', postedAt: AT };
        const other = { ...task, caseId: 'C-0002', messageRef: '1700000000.000300' };
        for (const m of [carolCopy, task, telegramCopy, other]) await store.postedMessages.add(m);

        expect(await store.postedMessages.find('slack', 'D-BOB', '1700000000.000100')).toEqual(task);
        expect(await store.postedMessages.find('telegram', '555', '17')).toEqual(telegramCopy);
        expect(await store.postedMessages.find('slack', 'D-CAROL', '1700000000.000100')).toBeNull();
        expect(await store.postedMessages.find('telegram', 'D-BOB', '1700000000.000100')).toBeNull();

        expect(await store.postedMessages.listByCase('C-0001')).toEqual([task, telegramCopy, carolCopy]);
        expect(await store.postedMessages.listByCase('C-0001', 'slack')).toEqual([task, carolCopy]);
        expect(await store.postedMessages.listByCase('C-0001', 'telegram')).toEqual([telegramCopy]);
        expect(await store.postedMessages.listByCase('C-0002')).toEqual([other]);
        expect(await store.postedMessages.listByCase('C-0404')).toEqual([]);

        const copy = await store.postedMessages.find('slack', 'D-BOB', '1700000000.000100');
        copy!.caseVersion = 99;
        expect(await store.postedMessages.find('slack', 'D-BOB', '1700000000.000100')).toEqual(task);
      });

      it('keeps one row per message: adding it again replaces it', async () => {
        await store.postedMessages.add(task);
        await store.postedMessages.add({ ...task, caseVersion: 3, postedAt: LATER });
        expect(await store.postedMessages.listByCase('C-0001')).toEqual([{ ...task, caseVersion: 3, postedAt: LATER }]);
      });

      it('moves the version a message shows forward only, and forgets a message once', async () => {
        await store.postedMessages.add(task);
        expect(await store.postedMessages.setVersion('slack', 'D-BOB', task.messageRef, 3)).toBe(true);
        expect(await store.postedMessages.setVersion('slack', 'D-BOB', task.messageRef, 3)).toBe(false);
        expect(await store.postedMessages.setVersion('slack', 'D-BOB', task.messageRef, 2)).toBe(false);
        expect((await store.postedMessages.find('slack', 'D-BOB', task.messageRef))?.caseVersion).toBe(3);
        expect(await store.postedMessages.setVersion('slack', 'D-NOBODY', task.messageRef, 5)).toBe(false);
        expect(await store.postedMessages.setVersion('telegram', 'D-BOB', task.messageRef, 5)).toBe(false);

        const raced = await Promise.all([4, 6, 5].map((v) => store.postedMessages.setVersion('slack', 'D-BOB', task.messageRef, v)));
        expect(raced[1]).toBe(true);
        expect((await store.postedMessages.find('slack', 'D-BOB', task.messageRef))?.caseVersion).toBe(6);

        expect(await store.postedMessages.remove('slack', 'D-BOB', task.messageRef)).toBe(true);
        expect(await store.postedMessages.remove('slack', 'D-BOB', task.messageRef)).toBe(false);
        expect(await store.postedMessages.find('slack', 'D-BOB', task.messageRef)).toBeNull();
        expect(await store.postedMessages.listByCase('C-0001')).toEqual([]);
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
