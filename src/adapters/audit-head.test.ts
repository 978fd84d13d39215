import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../application/ports/cases.ts';
import { createAuditHeadFile, createMemoryAuditHead, formatHeadLine, parseHead } from './audit-head.ts';
import { GENESIS_HASH, sealAuditEntry } from './audit-hash.ts';

const root = mkdtempSync(join(tmpdir(), 'kaifang-head-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const KEY = 'k'.repeat(32);
const AT = new Date('2026-11-23T02:00:00.000Z');

function entries(count: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 1; i <= count; i += 1)
    out.push(sealAuditEntry(KEY, i, out.at(-1)?.hash ?? GENESIS_HASH, { at: AT, actorId: 'u', channel: 'cli', action: 'x', caseId: null, detail: { i } }));
  return out;
}

describe('the head file', () => {
  it('writes one line per entry, number, hash and time, and reads them back', async () => {
    const path = join(root, 'lines.audit-head');
    const head = createAuditHeadFile(path, () => undefined);
    expect(await head.read()).toBeNull();
    const [a, b, c] = entries(3);
    head.record([a!], AT);
    head.record([b!, c!], AT);
    head.record([], AT);
    expect(readFileSync(path, 'utf8')).toBe(`1 ${a!.hash} 2026-11-23T02:00:00.000Z\n2 ${b!.hash} 2026-11-23T02:00:00.000Z\n3 ${c!.hash} 2026-11-23T02:00:00.000Z\n`);
    expect(await head.read()).toEqual({
      records: [a!, b!, c!].map((e) => ({ seq: e.seq, hash: e.hash, at: AT })),
      unreadableLines: [],
    });
  });

  it('appends: two writers on one file keep every line of both', async () => {
    const path = join(root, 'two.audit-head');
    const one = createAuditHeadFile(path, () => undefined);
    const two = createAuditHeadFile(path, () => undefined);
    const all = entries(6);
    all.forEach((e, i) => (i % 2 === 0 ? one : two).record([e]));
    expect((await one.read())?.records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('names the lines that are not records instead of dropping them silently', async () => {
    const path = join(root, 'torn.audit-head');
    const head = createAuditHeadFile(path, () => undefined);
    const [a, b] = entries(2);
    head.record([a!], AT);
    appendFileSync(path, `2 ${b!.hash.slice(0, 20)}\nnonsense\n`);
    head.record([b!], AT);
    const read = await head.read();
    expect(read?.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(read?.unreadableLines).toEqual([2, 3]);
  });

  it('reports a head it cannot write, and does not throw: the commit stands', () => {
    const errors: string[] = [];
    const head = createAuditHeadFile(join(root, 'no-such-folder', 'x.audit-head'), (m) => errors.push(m));
    expect(() => head.record(entries(2))).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/could not record entries 1–2/);
  });
});

describe('parseHead and formatHeadLine', () => {
  it('round-trip, and refuse a number below 1 or a time that is not one', () => {
    const record = { seq: 7, hash: 'a'.repeat(64), at: AT };
    expect(parseHead(`${formatHeadLine(record)}\n`)).toEqual({ records: [record], unreadableLines: [] });
    expect(parseHead(`0 ${'a'.repeat(64)} ${AT.toISOString()}\n7 ${'a'.repeat(64)} yesterday\n`).unreadableLines).toEqual([1, 2]);
    expect(parseHead('')).toEqual({ records: [], unreadableLines: [] });
  });
});

describe('the memory head', () => {
  it('is absent until the first record, then reads like a file', async () => {
    const head = createMemoryAuditHead();
    expect(await head.read()).toBeNull();
    head.record(entries(2), AT);
    expect((await head.read())?.records.map((r) => r.seq)).toEqual([1, 2]);
  });
});
