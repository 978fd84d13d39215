// The checks of `audit --verify` that do not need a database: the table against its head, and the replay of cases
// against their entries. (The tamper tests under test/ run all of it on SQLite, through the CLI.)
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../adapters/memory/create-memory-store.ts';
import { loadConfig } from '../config/load-config.ts';
import type { Grant } from '../domain/model.ts';
import { WORKFLOWS } from '../domain/workflows/registry.ts';
import { fixedClock, openApp } from '../main.ts';
import { compareWithGivenHead, compareWithHead, replayCases, verifyAudit } from './audit-verification.ts';
import type { AuditEntry, AuditHeadReading, CaseRecord } from './ports/cases.ts';
import { seedDemo } from './seed/seed-demo.ts';

const AT = new Date('2026-11-23T02:00:00.000Z');
const hash = (n: number) => n.toString(16).padStart(64, '0');

function entry(seq: number, action: string, caseId: string | null, detail: AuditEntry['detail'] = {}, at = AT): AuditEntry {
  return { seq, at, actorId: 'u', channel: 'console', action, caseId, detail, prevHash: hash(seq - 1), hash: hash(seq) };
}

function table(count: number): AuditEntry[] {
  return Array.from({ length: count }, (_, i) => entry(i + 1, 'x', null));
}

function head(seqs: number[], hashOf: (seq: number) => string = hash, unreadableLines: number[] = []): AuditHeadReading {
  return { records: seqs.map((seq) => ({ seq, hash: hashOf(seq), at: AT })), unreadableLines };
}

function caseRecord(id: string, workflow: string, state: string, version: number): CaseRecord {
  return { id, workflow, state, version, data: {}, applicantId: 'alice', datasetId: null, assignee: null, deadline: null, createdAt: AT, updatedAt: AT, lastActorId: null };
}

function grant(id: string, caseId: string, agreementRef: string, grantedAt = AT): Grant {
  return { id, caseId, datasetId: 'DS-0002', userId: 'alice', expiresOn: '2027-06-30', agreementRef, grantedAt, kind: 'open', duty: null };
}

describe('compareWithHead', () => {
  it('finds nothing when the head recorded every entry as it is', () => {
    expect(compareWithHead(table(3), head([1, 2, 3]), 0)).toEqual([]);
    // The order of lines does not matter (several processes append to one head).
    expect(compareWithHead(table(3), head([2, 1, 3]), 0)).toEqual([]);
  });

  it('needs no head for an empty table, nor for entries that predate the key', () => {
    expect(compareWithHead([], null, 0)).toEqual([]);
    expect(compareWithHead(table(4), null, 4)).toEqual([]);
  });

  it('names a missing head when the table has keyed entries', () => {
    expect(compareWithHead(table(2), null, 0)).toEqual([{ kind: 'headMissing' }]);
    expect(compareWithHead(table(5), null, 4)).toEqual([{ kind: 'headMissing' }]);
  });

  it('names the range cut off the end, up to the highest number the head saw', () => {
    expect(compareWithHead(table(7), head([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 0)).toEqual([{ kind: 'truncated', from: 8, to: 10 }]);
    expect(compareWithHead([], head([1, 2, 3]), 0)).toEqual([{ kind: 'truncated', from: 1, to: 3 }]);
  });

  it('names the first entry whose hash the head recorded otherwise', () => {
    const rewritten = (seq: number) => (seq >= 3 ? hash(seq + 100) : hash(seq));
    expect(compareWithHead(table(5), head([1, 2, 3, 4, 5], rewritten), 0)).toEqual([{ kind: 'headMismatch', seq: 3 }]);
  });

  it('names entries the head never recorded, after what it did and after the legacy part', () => {
    expect(compareWithHead(table(6), head([1, 2, 3, 4]), 0)).toEqual([{ kind: 'headBehind', from: 5, to: 6 }]);
    expect(compareWithHead(table(6), head([]), 3)).toEqual([{ kind: 'headBehind', from: 4, to: 6 }]);
    expect(compareWithHead(table(6), head([4, 5, 6]), 3)).toEqual([]);
  });

  it('names lines that are not records', () => {
    expect(compareWithHead(table(2), head([1, 2], hash, [3, 5]), 0)).toEqual([{ kind: 'headUnreadable', lines: '3, 5' }]);
  });
});

describe('compareWithGivenHead', () => {
  it('accepts the entry still there with that hash or its start, and names one cut off or rewritten', () => {
    expect(compareWithGivenHead(table(5), { seq: 3, hash: hash(3).slice(0, 16) })).toEqual([]);
    expect(compareWithGivenHead(table(5), { seq: 5, hash: hash(5).toUpperCase() })).toEqual([]);
    expect(compareWithGivenHead(table(2), { seq: 5, hash: hash(5) })).toEqual([{ kind: 'givenHeadBeyond', seq: 5, last: 2 }]);
    expect(compareWithGivenHead(table(5), { seq: 4, hash: 'f'.repeat(16) })).toEqual([{ kind: 'givenHeadMismatch', seq: 4 }]);
  });
});

describe('replayCases', () => {
  const replay = (entries: AuditEntry[], cases: CaseRecord[], grants: Record<string, Grant[]> = {}) =>
    replayCases(entries, cases, new Map(Object.entries(grants)), WORKFLOWS);

  const w5Approved = [
    entry(1, 'W5.submit', 'C-0001', { state: 'formal_review', version: 1 }),
    entry(2, 'task.nudge', 'C-0001', { to: 'carol' }),
    entry(3, 'W5.approve_formal', 'C-0001', { state: 'provider_review', version: 2 }),
    entry(4, 'reminder.due_day', 'C-0001', { level: 0, stage: 2, to: 'bob' }),
    entry(5, 'W5.approve_provider', 'C-0001', { agreementRef: 'AG-C-0001', grant: 'G-0001', state: 'approved', version: 3 }),
  ];

  it('finds nothing when state, version and grants follow from the entries; reminders and nudges change nothing', () => {
    expect(replay(w5Approved, [caseRecord('C-0001', 'W5', 'approved', 3)], { 'C-0001': [grant('G-0001', 'C-0001', 'AG-C-0001')] })).toEqual([]);
  });

  it('counts entries from before the key, which carry no version: decisions, closings and reassignments', () => {
    const legacy = [
      entry(1, 'W5.submit', 'C-0001', { state: 'formal_review' }),
      entry(2, 'task.reassign', 'C-0001', { to: 'carol' }),
      entry(3, 'calendar.deadline_moved', 'C-0001', { from: '2026-11-30', to: '2026-12-01', provisional: 0 }),
      entry(4, 'case.closed', 'C-0001', { by: 'C-0002', reason: '下架' }),
      entry(5, 'W4.delist_now', 'C-0002', { state: 'delisted', datasetId: 'DS-0002', reason: '下架' }),
    ];
    expect(replay(legacy, [caseRecord('C-0001', 'W5', 'closed', 3), caseRecord('C-0002', 'W4', 'delisted', 1)])).toEqual([]);
  });

  it('matches a grant from before the key by its agreement and time', () => {
    const legacy = [
      entry(1, 'W5.submit', 'C-0001', { state: 'formal_review' }),
      entry(2, 'W5.approve_formal', 'C-0001', { state: 'provider_review' }),
      entry(3, 'W5.approve_provider', 'C-0001', { agreementRef: 'AG-C-0001', state: 'approved' }),
    ];
    const approved = caseRecord('C-0001', 'W5', 'approved', 3);
    expect(replay(legacy, [approved], { 'C-0001': [grant('G-0001', 'C-0001', 'AG-C-0001')] })).toEqual([]);
    // Another time: not the grant that decision made.
    expect(replay(legacy, [approved], { 'C-0001': [grant('G-0001', 'C-0001', 'AG-C-0001', new Date(0))] })).toEqual([
      { kind: 'grantUnbacked', caseId: 'C-0001', grantId: 'G-0001' },
    ]);
    // No grant at all for the agreement it recorded.
    expect(replay(legacy, [approved])).toEqual([{ kind: 'grantMissing', caseId: 'C-0001', grantId: 'AG-C-0001', seq: 3 }]);
  });

  it('names a case whose state or version the Case table has otherwise', () => {
    expect(replay(w5Approved.slice(0, 3), [caseRecord('C-0001', 'W5', 'approved', 2)])).toEqual([
      { kind: 'caseMismatch', caseId: 'C-0001', state: 'approved', version: 2, auditState: 'provider_review', auditVersion: 2 },
    ]);
    expect(replay(w5Approved.slice(0, 3), [caseRecord('C-0001', 'W5', 'provider_review', 5)])).toEqual([
      { kind: 'caseMismatch', caseId: 'C-0001', state: 'provider_review', version: 5, auditState: 'provider_review', auditVersion: 2 },
    ]);
  });

  it('names an approval whose case is not in the state it claims (a forged decision)', () => {
    const forged = [...w5Approved.slice(0, 1), entry(2, 'W5.approve_formal', 'C-0001', { state: 'provider_review', version: 2 })];
    expect(replay(forged, [caseRecord('C-0001', 'W5', 'formal_review', 1)])).toEqual([
      { kind: 'caseMismatch', caseId: 'C-0001', state: 'formal_review', version: 1, auditState: 'provider_review', auditVersion: 2 },
    ]);
  });

  it('names an entry whose version is out of turn', () => {
    const skipped = [w5Approved[0]!, w5Approved[4]!];
    expect(replay(skipped, [caseRecord('C-0001', 'W5', 'approved', 3)], { 'C-0001': [grant('G-0001', 'C-0001', 'AG-C-0001')] })).toEqual([
      { kind: 'entryVersion', caseId: 'C-0001', seq: 5, version: 3, expected: 2 },
    ]);
  });

  it('names a grant no entry made, and a grant an entry made that is gone', () => {
    const approved = caseRecord('C-0001', 'W5', 'approved', 3);
    expect(replay(w5Approved, [approved], { 'C-0001': [grant('G-0001', 'C-0001', 'AG-C-0001'), grant('G-0002', 'C-0001', 'AG-X')] })).toEqual([
      { kind: 'grantUnbacked', caseId: 'C-0001', grantId: 'G-0002' },
    ]);
    expect(replay(w5Approved, [approved])).toEqual([{ kind: 'grantMissing', caseId: 'C-0001', grantId: 'G-0001', seq: 5 }]);
  });

  it('names a case without entries, and entries of a case that is not there', () => {
    expect(replay(w5Approved.slice(0, 1), [caseRecord('C-0002', 'W7', 'handling', 1)])).toEqual([
      { kind: 'caseMissing', caseId: 'C-0001' },
      { kind: 'caseUnaudited', caseId: 'C-0002' },
    ]);
  });
});

describe('verifyAudit on the memory store', () => {
  it('finds a real W5 run through the application whole, grant included', async () => {
    const store = createMemoryStore();
    const app = await openApp(loadConfig({}), { store, clock: fixedClock(AT) });
    await seedDemo(store);
    const say = (userId: string, text: string) => app.handler.handle({ channel: 'console', userId, text });
    await say('alice', 'apply DS-0002 title=t reason=r type=api period=2027-06-30 result=x scenario=s commit=yes meets=yes');
    await say('alice', 'nudge C-0001');
    await say('carol', 'approve C-0001');
    await say('bob', 'approve C-0001');
    // The offer grants nothing, and the replay agrees.
    expect(await store.grants.listByCase('C-0001')).toEqual([]);
    expect(await verifyAudit({ store, workflows: app.workflows })).toEqual({ entries: 4, legacyThrough: 0, findings: [] });
    await say('alice', 'accept C-0001');
    expect((await store.grants.listByCase('C-0001')).map((g) => g.id)).toEqual(['G-0001']);
    expect((await store.audit.list()).map((e) => e.action)).toEqual(['W5.submit', 'task.nudge', 'W5.approve_formal', 'W5.approve_provider', 'W5.accept']);
    expect(await verifyAudit({ store, workflows: app.workflows })).toEqual({ entries: 5, legacyThrough: 0, findings: [] });
  });
});
