// Read-side use cases: who may see which case, a reviewer's queue, a person's own cases, the operator's export.
import { fail } from '../domain/errors.ts';
import type { Dataset, Grant, LocalDate, User } from '../domain/model.ts';
import type { AuditEntry, CaseRecord } from './ports/cases.ts';
import type { Store } from './ports/store.ts';
import type { Outcome } from './case-service.ts';
import type { WorkflowRegistry } from '../domain/workflows/registry.ts';
import { findAuthority } from './find-authority.ts';

export interface CaseDetail {
  record: CaseRecord;
  dataset: Dataset | null;
  applicant: User | null;
  history: AuditEntry[];
  grants: Grant[];
}

export interface CaseExportRow {
  id: string;
  workflow: string;
  state: string;
  applicant: string;
  dataset: string | null;
  assignee: { agencyId: string; agency: string; role: string } | null;
  dueOn: LocalDate | null;
  provisional: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * An applicant sees only their own cases and the steps they owe themselves (W10: a spot check of their grant); staff
 * see cases their agency owes or provides the data for; the authority's staff and operators see every case (they
 * supervise the platform, S5, S9). A case of a public workflow (W6's demands, `visibility: 'public'`) anyone sees.
 */
export function canSee(actor: User, rec: CaseRecord, dataset: Dataset | null, authorityId: string | null, isPublic = false): boolean {
  if (isPublic) return true;
  if (rec.applicantId === actor.id) return true;
  // The one person a step is assigned to (a task reassigned to them; a grant holder's usage report, W10).
  if (rec.assignee?.userId === actor.id) return true;
  if (actor.roles.includes('operator')) return true;
  const staff = actor.roles.includes('reviewer') || actor.roles.includes('supervisor');
  if (!staff || !actor.agencyId) return false;
  return (
    actor.agencyId === authorityId || actor.agencyId === rec.assignee?.agencyId || actor.agencyId === dataset?.providerAgencyId
  );
}

export function createCaseQueries(store: Pick<Store, 'agencies' | 'audit' | 'cases' | 'datasets' | 'grants' | 'users'>, workflows?: WorkflowRegistry) {
  async function authorityId(): Promise<string | null> {
    return (await findAuthority(store))?.id ?? null;
  }

  const isPublic = (workflow: string): boolean => workflows?.get(workflow)?.visibility === 'public';

  return {
    async detail(actor: User, caseId: string): Promise<Outcome<CaseDetail>> {
      const record = await store.cases.get(caseId.toUpperCase());
      if (!record) return fail('NOT_FOUND', { caseId });
      const dataset = record.datasetId ? await store.datasets.get(record.datasetId) : null;
      if (!canSee(actor, record, dataset, await authorityId(), isPublic(record.workflow))) return fail('NOT_YOURS', { caseId: record.id });
      const [applicant, history, grants] = await Promise.all([
        store.users.get(record.applicantId),
        store.audit.listByCase(record.id),
        store.grants.listByCase(record.id),
      ]);
      return { ok: true, value: { record, dataset, applicant, history, grants } };
    },

    /** The cases of a workflow in one state that everyone may see (W14's listed results are public, T17). */
    async publicIn(workflow: string, state: string): Promise<CaseRecord[]> {
      return (await store.cases.list({ workflow })).filter((c) => c.state === state);
    },

    /** `plans <year>`: the year's W12 cases, the providers' plans and the city's (T7 统一发布: the plan is public). */
    async plansOf(year: number): Promise<CaseRecord[]> {
      return (await store.cases.list({ workflow: 'W12' })).filter((c) => (c.data as { year?: unknown }).year === year);
    },

    /** `requests`: every case of a public workflow (W6's demands, open and finished), newest first; anyone may list them. */
    async publicCases(): Promise<CaseRecord[]> {
      const ids = (workflows?.workflows ?? []).filter((w) => w.visibility === 'public').map((w) => w.id);
      const found = (await Promise.all(ids.map((workflow) => store.cases.list({ workflow })))).flat();
      return found.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
    },

    mine(actor: User): Promise<CaseRecord[]> {
      return store.cases.list({ applicantId: actor.id });
    },

    /** The tasks waiting on the actor's agency for a role the actor holds, soonest deadline first. */
    async queue(actor: User): Promise<CaseRecord[]> {
      if (!actor.agencyId) return [];
      const waiting = await store.cases.list({ assigneeAgencyId: actor.agencyId, open: true });
      const supervisor = actor.roles.includes('supervisor');
      return waiting.filter((c) => c.assignee && (supervisor || actor.roles.includes(c.assignee.role)));
    },

    /** `npx kaifang cases --json`: every case, flat, for exports and scripts. */
    async exportAll(): Promise<CaseExportRow[]> {
      const [cases, agencies, datasets] = await Promise.all([store.cases.list(), store.agencies.list(), store.datasets.search()]);
      const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
      const datasetCode = new Map(datasets.map((d) => [d.id, d.code]));
      return [...cases]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((c) => ({
          id: c.id,
          workflow: c.workflow,
          state: c.state,
          applicant: c.applicantId,
          dataset: c.datasetId ? (datasetCode.get(c.datasetId) ?? c.datasetId) : null,
          assignee: c.assignee
            ? { agencyId: c.assignee.agencyId, agency: agencyName.get(c.assignee.agencyId) ?? c.assignee.agencyId, role: c.assignee.role }
            : null,
          dueOn: c.deadline?.dueOn ?? null,
          provisional: c.deadline?.provisional ?? false,
          version: c.version,
          createdAt: c.createdAt.toISOString(),
          updatedAt: c.updatedAt.toISOString(),
        }));
    },
  };
}

export type CaseQueries = ReturnType<typeof createCaseQueries>;
