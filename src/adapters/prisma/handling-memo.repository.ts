// The evaluation's memo in one row: every case's handling as flat JSON arrays of numbers (a hundred thousand cases
// parse in a fraction of the time objects with keys and dates as text take), sealed under the audit key so that a
// changed row reads as none and the figures come from the trail again.
import { createHmac } from 'node:crypto';
import type { HandlingMemo, HandlingMemoRepository, MemoCase } from '../../application/ports/evaluation.ts';
import type { HeldTask, OwnedEvent } from '../../domain/evaluation/case-handling.ts';
import { dayNumberOf, localDateOfDayNumber } from '../../domain/calendar/day-number.ts';
import type { LocalDate } from '../../domain/model.ts';
import { sameHex } from '../audit-hash.ts';
import type { PrismaSession } from './prisma-session.ts';

const ROW_ID = 'evaluation';

/**
 * The cases as one stream of numbers, which JSON parses fastest (no array per case): days as day numbers, agencies and
 * workflows as indexes into `names`, -1 for none. Per case, in `ids` order: workflow, lastAt, closedOn; the number of
 * tasks, then six per task (agency, from, to, dueOn, late 0|1, workingDays); the number of returns, then two per
 * return (agency, on); the same for escalations; then 1 and the step held now (agency, from, dueOn), or 0.
 */
interface Encoded {
  names: string[];
  ids: string[];
  data: number[];
}

const NONE = -1;

function encode(cases: readonly MemoCase[]): Encoded {
  const names: string[] = [];
  const indexes = new Map<string, number>();
  const name = (n: string | null) => {
    if (n === null) return NONE;
    let i = indexes.get(n);
    if (i === undefined) indexes.set(n, (i = names.push(n) - 1));
    return i;
  };
  const day = (d: LocalDate | null) => (d === null ? NONE : dayNumberOf(d));
  const data: number[] = [];
  const events = (list: readonly OwnedEvent[]) => {
    data.push(list.length);
    for (const e of list) data.push(name(e.agencyId), day(e.on));
  };
  for (const { workflow, lastAt, handling: h } of cases) {
    data.push(name(workflow), lastAt ?? NONE, day(h.closedOn), h.tasks.length);
    for (const t of h.tasks) data.push(name(t.agencyId), day(t.from), day(t.to), day(t.dueOn), t.late ? 1 : 0, t.workingDays);
    events(h.returns);
    events(h.escalations);
    if (h.open === null) data.push(0);
    else data.push(1, name(h.open.agencyId), day(h.open.from), day(h.open.dueOn));
  }
  return { names, ids: cases.map((c) => c.caseId), data };
}

class Unreadable extends Error {}

/** Reads the memo back: one pass over the stream with a day cache, for it holds every case there is. */
function decode(json: string): MemoCase[] {
  const parsed = JSON.parse(json) as Partial<Encoded> | null;
  const { names, ids, data } = parsed ?? {};
  if (!Array.isArray(names) || !Array.isArray(ids) || !Array.isArray(data)) throw new Unreadable();
  const labels = new Map<number, LocalDate>();
  let at = 0;
  const next = (): number => {
    const v = data[at++];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < NONE) throw new Unreadable();
    return v;
  };
  const whole = () => {
    const v = next();
    if (v === NONE) throw new Unreadable();
    return v;
  };
  const name = (): string => {
    const n = names[whole()];
    if (typeof n !== 'string') throw new Unreadable();
    return n;
  };
  const nameOrNull = () => (data[at] === NONE ? (at++, null) : name());
  const day = (): LocalDate => {
    const v = whole();
    let label = labels.get(v);
    if (label === undefined) labels.set(v, (label = localDateOfDayNumber(v)));
    return label;
  };
  const dayOrNull = () => (data[at] === NONE ? (at++, null) : day());
  const events = (): OwnedEvent[] => {
    const out: OwnedEvent[] = new Array(whole());
    for (let i = 0; i < out.length; i++) out[i] = { agencyId: nameOrNull(), on: day() };
    return out;
  };
  const cases: MemoCase[] = new Array(ids.length);
  for (let c = 0; c < ids.length; c++) {
    const caseId = ids[c];
    if (typeof caseId !== 'string') throw new Unreadable();
    const workflow = name();
    const last = next();
    const closedOn = dayOrNull();
    const tasks: HeldTask[] = new Array(whole());
    for (let i = 0; i < tasks.length; i++) {
      const agencyId = name();
      const from = day();
      const to = day();
      const dueOn = dayOrNull();
      const late = whole();
      if (late > 1) throw new Unreadable();
      tasks[i] = { agencyId, from, to, dueOn, late: late === 1, workingDays: whole() };
    }
    const returns = events();
    const escalations = events();
    const held = whole();
    if (held > 1) throw new Unreadable();
    const open = held === 0 ? null : { agencyId: name(), from: day(), dueOn: dayOrNull() };
    cases[c] = { caseId, workflow, lastAt: last === NONE ? null : last, handling: { closedOn, tasks, returns, escalations, open } };
  }
  if (at !== data.length) throw new Unreadable();
  return cases;
}

function sealOf(key: string, basis: string, throughSeq: number, cases: string): string {
  return createHmac('sha256', key).update(`${basis}\n${throughSeq}\n`).update(cases).digest('hex');
}

export function createHandlingMemoRepository(session: PrismaSession, auditKey: string): HandlingMemoRepository {
  return {
    get: () =>
      session.read('handlingMemo.get', async (db) => {
        const row = await db.evaluationMemo.findUnique({ where: { id: ROW_ID } });
        if (row === null || !sameHex(row.seal, sealOf(auditKey, row.basis, row.throughSeq, row.cases))) return null;
        try {
          return { basis: row.basis, throughSeq: row.throughSeq, cases: decode(row.cases) } satisfies HandlingMemo;
        } catch (error) {
          // Sealed with our key but not in this shape: written by another version; it is computed again.
          if (error instanceof Unreadable || error instanceof SyntaxError) return null;
          throw error;
        }
      }),

    put: (memo) => {
      // Encoded and sealed before the write begins: the write lock is held for the one statement only.
      const cases = JSON.stringify(encode(memo.cases));
      const seal = sealOf(auditKey, memo.basis, memo.throughSeq, cases);
      return session.write('handlingMemo.put', async (db) => {
        // One statement with the text passed once (an upsert through the client carries it twice).
        await db.$executeRawUnsafe(
          `INSERT INTO "EvaluationMemo" ("id", "basis", "throughSeq", "cases", "seal", "savedAt") VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT ("id") DO UPDATE SET "basis" = excluded."basis", "throughSeq" = excluded."throughSeq", "cases" = excluded."cases",
             "seal" = excluded."seal", "savedAt" = excluded."savedAt"`,
          ROW_ID,
          memo.basis,
          memo.throughSeq,
          cases,
          seal,
          new Date(),
        );
      });
    },
  };
}
