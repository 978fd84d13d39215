import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, NewAuditEntry } from '../application/ports/cases.ts';
import {
  AUDIT_KEYED_ACTION,
  canonicalJson,
  GENESIS_HASH,
  hasLegacySeal,
  keyedAuditHash,
  keyedMarker,
  legacyAuditHash,
  sealAuditEntry,
  verifyAuditChain,
} from './audit-hash.ts';

const KEY = 'k'.repeat(40);
const OTHER_KEY = 'o'.repeat(40);

function newEntry(i: number): NewAuditEntry {
  return {
    at: new Date(Date.UTC(2025, 2, i)),
    actorId: `u${i}`,
    channel: 'slack',
    action: 'W5.approve',
    caseId: i % 2 === 0 ? null : `C-000${i}`,
    detail: { step: i, note: '同意' },
  };
}

function chain(count: number, key = KEY): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= count; i += 1) entries.push(sealAuditEntry(key, i, entries.at(-1)?.hash ?? GENESIS_HASH, newEntry(i)));
  return entries;
}

/** A chain as the code before the audit key wrote it: plain sha256. */
function legacyChain(count: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= count; i += 1) {
    const prevHash = entries.at(-1)?.hash ?? GENESIS_HASH;
    entries.push({ ...newEntry(i), seq: i, prevHash, hash: legacyAuditHash(prevHash, i, newEntry(i)) });
  }
  return entries;
}

/** Appends entries sealed with `key` to `entries` (the marker first when `withMarker`). */
function extend(entries: AuditEntry[], count: number, key = KEY, withMarker = false): AuditEntry[] {
  const out = [...entries];
  const next = (e: NewAuditEntry) => out.push(sealAuditEntry(key, out.length + 1, out.at(-1)?.hash ?? GENESIS_HASH, e));
  if (withMarker) next(keyedMarker(out.at(-1)!, new Date(Date.UTC(2025, 5, 1))));
  for (let i = 0; i < count; i += 1) next(newEntry(out.length + 1));
  return out;
}

/** What someone without the key can do: recompute the plain sha256 chain from `from` on. */
function rechainWithSha256(entries: AuditEntry[], from: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const e of entries) {
    if (e.seq < from) out.push(e);
    else {
      const prevHash = out.at(-1)?.hash ?? GENESIS_HASH;
      out.push({ ...e, prevHash, hash: legacyAuditHash(prevHash, e.seq, e) });
    }
  }
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every level, drops undefined and writes dates as ISO text', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"z":1}]},"b":1}');
    expect(canonicalJson({ at: new Date('2025-01-01T00:00:00Z') })).toBe('{"at":"2025-01-01T00:00:00.000Z"}');
  });
});

describe('keyedAuditHash', () => {
  const entry: NewAuditEntry = { at: new Date(0), actorId: 'u', channel: 'cli', action: 'x', caseId: null, detail: { a: 1, b: 'two' } };

  it('is HMAC-SHA256 hex under the key over the previous hash and the canonical content', () => {
    const content = '{"action":"x","actorId":"u","at":"1970-01-01T00:00:00.000Z","caseId":null,"channel":"cli","detail":{"a":1,"b":"two"},"seq":1}';
    const expected = createHmac('sha256', KEY).update(GENESIS_HASH + content).digest('hex');
    expect(keyedAuditHash(KEY, GENESIS_HASH, 1, entry)).toBe(expected);
    expect(legacyAuditHash(GENESIS_HASH, 1, entry)).toBe(createHash('sha256').update(GENESIS_HASH + content).digest('hex'));
  });

  it('is independent of key order and covers the key, the previous hash and the number', () => {
    const hash = keyedAuditHash(KEY, GENESIS_HASH, 1, entry);
    expect(keyedAuditHash(KEY, GENESIS_HASH, 1, { ...entry, detail: { b: 'two', a: 1 } })).toBe(hash);
    expect(keyedAuditHash(OTHER_KEY, GENESIS_HASH, 1, entry)).not.toBe(hash);
    expect(keyedAuditHash(KEY, '1'.repeat(64), 1, entry)).not.toBe(hash);
    expect(keyedAuditHash(KEY, GENESIS_HASH, 2, entry)).not.toBe(hash);
    expect(legacyAuditHash(GENESIS_HASH, 1, entry)).not.toBe(hash);
  });
});

describe('verifyAuditChain', () => {
  it('accepts an intact keyed chain and an empty one', () => {
    expect(verifyAuditChain(chain(5), KEY)).toEqual({ ok: true, legacyThrough: 0 });
    expect(verifyAuditChain([], KEY)).toEqual({ ok: true, legacyThrough: 0 });
  });

  it.each<[string, (entries: AuditEntry[]) => AuditEntry[], { seq: number; missingFrom?: number }]>([
    ['an edited detail', (e) => e.map((x) => (x.seq === 3 ? { ...x, detail: { step: 3, note: '驳回' } } : x)), { seq: 3 }],
    ['an edited actor', (e) => e.map((x) => (x.seq === 2 ? { ...x, actorId: 'mallory' } : x)), { seq: 2 }],
    ['an edited time', (e) => e.map((x) => (x.seq === 4 ? { ...x, at: new Date(0) } : x)), { seq: 4 }],
    ['an edit with the sha256 chain recomputed from it on', (e) => rechainWithSha256(e.map((x) => (x.seq === 2 ? { ...x, action: 'W5.reject' } : x)), 2), { seq: 2 }],
    ['an edit resealed with another key', (e) => e.map((x) => (x.seq === 2 ? sealAuditEntry(OTHER_KEY, 2, x.prevHash, { ...x, action: 'W5.reject' }) : x)), { seq: 2 }],
    ['a forged entry appended with a sha256 seal', (e) => rechainWithSha256([...e, { ...e[4]!, seq: 6, action: 'W5.approve_formal' }], 6), { seq: 6 }],
    ['a deleted entry', (e) => e.filter((x) => x.seq !== 3), { seq: 4, missingFrom: 3 }],
    ['three deleted entries', (e) => e.filter((x) => x.seq < 2 || x.seq > 4), { seq: 5, missingFrom: 2 }],
    ['swapped entries', (e) => [e[0]!, e[2]!, e[1]!, e[3]!, e[4]!], { seq: 3, missingFrom: 2 }],
    ['a forged first entry', (e) => [{ ...e[0]!, prevHash: '1'.repeat(64) }, ...e.slice(1)], { seq: 1 }],
  ])('finds %s', (_, tamper, found) => {
    expect(verifyAuditChain(tamper(chain(5)), KEY)).toEqual({ ok: false, legacyThrough: 0, ...found });
  });

  it('refuses a whole chain sealed with another key, or with no key at all', () => {
    expect(verifyAuditChain(chain(3, OTHER_KEY), KEY)).toEqual({ ok: false, legacyThrough: 0, seq: 1 });
    expect(verifyAuditChain(legacyChain(3), KEY)).toEqual({ ok: false, legacyThrough: 0, seq: 1 });
  });
});

describe('a legacy chain sealed by the keyed marker', () => {
  const upgraded = extend(legacyChain(4), 3, KEY, true);

  it('checks sha256 up to the marker and HMAC from it on, saying how far the legacy part goes', () => {
    expect(upgraded[4]).toMatchObject({ seq: 5, action: AUDIT_KEYED_ACTION, detail: { legacyThrough: 4, legacyHead: upgraded[3]!.hash } });
    expect(verifyAuditChain(upgraded, KEY)).toEqual({ ok: true, legacyThrough: 4 });
  });

  it('tells a first entry sealed without the key from one sealed with it', () => {
    expect(hasLegacySeal(legacyChain(1)[0]!)).toBe(true);
    expect(hasLegacySeal(chain(1)[0]!)).toBe(false);
  });

  it('pins the legacy prefix: rewriting it, even with its sha256 chain recomputed, breaks the marker', () => {
    const rewritten = rechainWithSha256(upgraded.map((x) => (x.seq === 2 ? { ...x, actorId: 'mallory' } : x)), 2).slice(0, 4);
    expect(verifyAuditChain([...rewritten, ...upgraded.slice(4)], KEY)).toEqual({ ok: false, legacyThrough: 4, seq: 5 });
  });

  it('does not take an entry after the marker with a sha256 seal', () => {
    expect(verifyAuditChain(rechainWithSha256(upgraded, 7), KEY)).toEqual({ ok: false, legacyThrough: 4, seq: 7 });
  });

  it('finds a marker removed or renamed: the legacy entries then fail the keyed check', () => {
    expect(verifyAuditChain(upgraded.map((x) => (x.seq === 5 ? { ...x, action: 'x' } : x)), KEY)).toEqual({ ok: false, legacyThrough: 0, seq: 1 });
  });

  it('finds a forged marker: turning a keyed chain into a "legacy" one needs the key', () => {
    const keyed = chain(4);
    const forged = rechainWithSha256(keyed, 1);
    const withFakeMarker = [...forged, sealAuditEntry(OTHER_KEY, 5, forged[3]!.hash, keyedMarker(forged[3]!, new Date(0)))];
    expect(verifyAuditChain(withFakeMarker, KEY)).toEqual({ ok: false, legacyThrough: 4, seq: 5 });
  });
});
