import type { AuditEntry, AuditRepository, CaseTrail, NewAuditEntry } from '../../application/ports/cases.ts';
import type { Params } from '../../domain/errors.ts';
import { GENESIS_HASH, sealAuditEntry, type AuditSealing } from '../audit-hash.ts';
import { jsonRoundTrip } from '../store-rules.ts';
import type { MemorySession } from './memory-state.ts';

function copyEntry(e: AuditEntry): AuditEntry {
  return { ...e, at: new Date(e.at), detail: { ...e.detail } };
}

/** Append-only, like the SQL store: no update or delete. */
export function createMemoryAuditRepository(session: MemorySession, sealing: AuditSealing): AuditRepository {
  return {
    append: async (entry: NewAuditEntry) => {
      const appended = await session.run((state) => {
        const seq = ++state.counters.audit;
        const prevHash = state.audit.at(-1)?.hash ?? GENESIS_HASH;
        const sealed = sealAuditEntry(sealing.key, seq, prevHash, {
          at: new Date(entry.at),
          actorId: entry.actorId,
          channel: entry.channel,
          action: entry.action,
          caseId: entry.caseId,
          // What a JSON column gives back, so the hash is computed over what will be read.
          detail: jsonRoundTrip(entry.detail) as Params,
        });
        state.audit.push(sealed);
        return copyEntry(sealed);
      });
      sealing.appended(appended);
      return appended;
    },

    listByCase: (caseId: string) => session.run((state) => state.audit.filter((e) => e.caseId === caseId).map(copyEntry)),

    list: () => session.run((state) => state.audit.map(copyEntry)),

    listCaseTrails: ({ before, skip, caseIds }) =>
      session.run((state) => {
        const wanted = caseIds === undefined ? null : new Set(caseIds);
        const trails = new Map<string, CaseTrail>();
        for (const { record } of [...state.cases.values()].sort((a, b) => a.number - b.number))
          if (wanted === null || wanted.has(record.id)) trails.set(record.id, { caseId: record.id, workflow: record.workflow, entries: [] });
        for (const e of state.audit) {
          if (e.caseId === null || (before !== null && e.at.getTime() >= before.getTime()) || skip.includes(e.action)) continue;
          trails.get(e.caseId)?.entries.push({ at: new Date(e.at), action: e.action, detail: { ...e.detail } });
        }
        return [...trails.values()];
      }),

    headSeq: () => session.run((state) => state.audit.at(-1)?.seq ?? 0),

    casesChangedSince: (seq: number) =>
      session.run((state) => [...new Set(state.audit.filter((e) => e.seq > seq && e.caseId !== null).map((e) => e.caseId!))]),
  };
}
