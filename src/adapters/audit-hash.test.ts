import { describe, expect, it } from 'vitest';
import type { AuditEntry, NewAuditEntry } from '../application/ports/cases.ts';
import { auditHash, canonicalJson, GENESIS_HASH, sealAuditEntry, verifyAuditChain } from './audit-hash.ts';

function chain(count: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= count; i += 1) {
    const entry: NewAuditEntry = {
      at: new Date(Date.UTC(2025, 2, i)),
      actorId: `u${i}`,
      channel: 'slack',
      action: 'W5.approve',
      caseId: i % 2 === 0 ? null : `C-000${i}`,
      detail: { step: i, note: '同意' },
    };
    entries.push(sealAuditEntry(i, entries.at(-1)?.hash ?? GENESIS_HASH, entry));
  }
  return entries;
}

describe('canonicalJson', () => {
  it('sorts keys at every level, drops undefined and writes dates as ISO text', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"z":1}]},"b":1}');
    expect(canonicalJson({ at: new Date('2025-01-01T00:00:00Z') })).toBe('{"at":"2025-01-01T00:00:00.000Z"}');
  });
});

describe('auditHash', () => {
  it('is sha256 hex, independent of key order, and covers the previous hash and the number', () => {
    const entry: NewAuditEntry = { at: new Date(0), actorId: 'u', channel: 'cli', action: 'x', caseId: null, detail: { a: 1, b: 'two' } };
    const reordered: NewAuditEntry = { ...entry, detail: { b: 'two', a: 1 } };
    const hash = auditHash(GENESIS_HASH, 1, entry);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, 1, reordered)).toBe(hash);
    expect(auditHash('1'.repeat(64), 1, entry)).not.toBe(hash);
    expect(auditHash(GENESIS_HASH, 2, entry)).not.toBe(hash);
  });
});

describe('verifyAuditChain', () => {
  it('accepts an intact chain and an empty one', () => {
    expect(verifyAuditChain(chain(5))).toEqual({ ok: true });
    expect(verifyAuditChain([])).toEqual({ ok: true });
  });

  it.each<[string, (entries: AuditEntry[]) => AuditEntry[], number]>([
    ['an edited detail', (e) => e.map((x) => (x.seq === 3 ? { ...x, detail: { step: 3, note: '驳回' } } : x)), 3],
    ['an edited actor', (e) => e.map((x) => (x.seq === 2 ? { ...x, actorId: 'mallory' } : x)), 2],
    ['an edited time', (e) => e.map((x) => (x.seq === 4 ? { ...x, at: new Date(0) } : x)), 4],
    ['a recomputed hash after an edit', (e) => e.map((x) => (x.seq === 2 ? sealAuditEntry(2, x.prevHash, { ...x, action: 'W5.reject' }) : x)), 3],
    ['a deleted entry', (e) => e.filter((x) => x.seq !== 3), 4],
    ['swapped entries', (e) => [e[0]!, e[2]!, e[1]!, e[3]!, e[4]!], 3],
    ['a forged first entry', (e) => [{ ...e[0]!, prevHash: '1'.repeat(64) }, ...e.slice(1)], 1],
  ])('finds %s', (_, tamper, seq) => {
    expect(verifyAuditChain(tamper(chain(5)))).toEqual({ ok: false, seq });
  });
});
