// `audit --verify`: is the audit log whole, and do the cases follow from it? Three checks, each catching what the
// others cannot:
//   1. the chain: every entry numbered in turn, linked to the one before, sealed with the audit key (an edit, a forged
//      entry or a rewrite with the chain recomputed fails here: recomputing needs the key);
//   2. the head, kept outside the table (an append-only file by default): entries cut off the end, the whole table
//      emptied, or a table rewritten by someone holding the key no longer agree with it;
//   3. the replay: each case's state and version in the Case table, and its grants, must follow from its entries (a
//      case changed behind the bot's back, a grant nobody approved, an approval whose case is not where it says).
import type { Params } from '../domain/errors.ts';
import { CLOSED_STATE } from '../domain/workflows/closed-state.ts';
import type { WorkflowRegistry } from '../domain/workflows/registry.ts';
import type { Grant } from '../domain/model.ts';
import type { AuditEntry, AuditHeadReading, CaseRecord } from './ports/cases.ts';
import type { Store } from './ports/store.ts';

export type AuditFinding =
  /** Entry `seq` does not carry its seal, or is not linked to the entry before it: altered or forged there. */
  | { kind: 'badEntry'; seq: number }
  /** Numbers from–to are missing inside the table: those entries were removed. */
  | { kind: 'gap'; from: number; to: number }
  /** The head recorded entries up to `to`, the table ends before `from`: entries from–to were cut off the end. */
  | { kind: 'truncated'; from: number; to: number }
  /** The table has keyed entries but there is no head at all. */
  | { kind: 'headMissing' }
  /** Entries from–to of the table were never recorded in the head (a crash between commit and head, or forged rows). */
  | { kind: 'headBehind'; from: number; to: number }
  /** The head recorded another hash for entry `seq`: the table was rewritten from there. */
  | { kind: 'headMismatch'; seq: number }
  /** Lines of the head that are not records. */
  | { kind: 'headUnreadable'; lines: string }
  /** The head the operator gave (from a daily digest) names entry `seq`, past the table's last, `last`. */
  | { kind: 'givenHeadBeyond'; seq: number; last: number }
  /** Entry `seq` does not have the hash the head the operator gave names: rewritten since. */
  | { kind: 'givenHeadMismatch'; seq: number }
  /** The Case table says `state`, `version`; the case's audit entries give `auditState`, `auditVersion`. */
  | { kind: 'caseMismatch'; caseId: string; state: string; version: number; auditState: string; auditVersion: number }
  /** A case in the Case table that no audit entry started. */
  | { kind: 'caseUnaudited'; caseId: string }
  /** Audit entries of a case that the Case table does not have. */
  | { kind: 'caseMissing'; caseId: string }
  /** Entry `seq` says it wrote version `version` of the case, but it is the case's `expected`-th change. */
  | { kind: 'entryVersion'; caseId: string; seq: number; version: number; expected: number }
  /** A grant that no audit entry of its case made. */
  | { kind: 'grantUnbacked'; caseId: string; grantId: string }
  /** Entry `seq` made a grant the Grant table does not have. */
  | { kind: 'grantMissing'; caseId: string; grantId: string; seq: number };

export interface AuditReport {
  /** Entries in the table. */
  entries: number;
  /** Entries 1…legacyThrough were chained before the audit key came into use (0: none). */
  legacyThrough: number;
  /** Empty: the log is whole and the cases follow from it. */
  findings: AuditFinding[];
}

/** A head kept elsewhere, e.g. the number and the start of the hash a daily audit digest gave the supervisors. */
export interface GivenHead {
  seq: number;
  /** The hash, or its first characters. */
  hash: string;
}

export interface AuditVerificationDeps {
  store: Pick<Store, 'audit' | 'cases' | 'grants' | 'auditIntegrity'>;
  workflows: WorkflowRegistry;
  /** Compare with this head too (`audit --verify --head <seq>:<hash>`). */
  givenHead?: GivenHead | null;
}

export async function verifyAudit({ store, workflows, givenHead = null }: AuditVerificationDeps): Promise<AuditReport> {
  const entries = await store.audit.list();
  const cases = await store.cases.list();
  const grants = new Map<string, Grant[]>();
  for (const c of cases) grants.set(c.id, await store.grants.listByCase(c.id));
  // Read last: a line another process is writing for an entry just committed has had the most time to land.
  const head = await store.auditIntegrity.readHead();

  const chain = store.auditIntegrity.checkChain(entries);
  const findings: AuditFinding[] = [];
  if (!chain.ok) {
    findings.push(chain.missingFrom === undefined ? { kind: 'badEntry', seq: chain.seq } : { kind: 'gap', from: chain.missingFrom, to: chain.seq - 1 });
  }
  findings.push(...compareWithHead(entries, head, chain.legacyThrough));
  if (givenHead) findings.push(...compareWithGivenHead(entries, givenHead));
  findings.push(...replayCases(entries, cases, grants, workflows));
  return { entries: entries.length, legacyThrough: chain.legacyThrough, findings };
}

/**
 * The table against its head. Entries up to `legacyThrough` predate the head (nothing recorded them), so they count
 * neither as behind nor as needing a head.
 */
export function compareWithHead(entries: readonly AuditEntry[], head: AuditHeadReading | null, legacyThrough: number): AuditFinding[] {
  const lastSeq = entries.at(-1)?.seq ?? 0;
  if (head === null) return lastSeq > legacyThrough ? [{ kind: 'headMissing' }] : [];
  const findings: AuditFinding[] = [];
  if (head.unreadableLines.length > 0) findings.push({ kind: 'headUnreadable', lines: head.unreadableLines.join(', ') });
  const headMax = head.records.reduce((max, r) => Math.max(max, r.seq), 0);
  if (headMax > lastSeq) findings.push({ kind: 'truncated', from: lastSeq + 1, to: headMax });
  const hashes = new Map(entries.map((e) => [e.seq, e.hash]));
  const rewritten = head.records.filter((r) => hashes.has(r.seq) && hashes.get(r.seq) !== r.hash).map((r) => r.seq);
  if (rewritten.length > 0) findings.push({ kind: 'headMismatch', seq: Math.min(...rewritten) });
  const unrecordedFrom = Math.max(headMax, legacyThrough) + 1;
  if (unrecordedFrom <= lastSeq) findings.push({ kind: 'headBehind', from: unrecordedFrom, to: lastSeq });
  return findings;
}

/** The table against a head kept elsewhere: its entry must still be there, with that hash. */
export function compareWithGivenHead(entries: readonly AuditEntry[], given: GivenHead): AuditFinding[] {
  const last = entries.at(-1)?.seq ?? 0;
  if (given.seq > last) return [{ kind: 'givenHeadBeyond', seq: given.seq, last }];
  const entry = entries.find((e) => e.seq === given.seq);
  // An entry missing inside the table is the chain's finding.
  return entry && !entry.hash.startsWith(given.hash.toLowerCase()) ? [{ kind: 'givenHeadMismatch', seq: given.seq }] : [];
}

/** Actions outside the workflows that write a new version of a case. */
const CLOSE_ACTION = 'case.closed';
const REASSIGN_ACTION = 'task.reassign';

/**
 * Does this entry record a new version of its case? Entries written since the audit key carry `version` (and `state`)
 * whenever they do. Older entries do not: then every entry of the case's workflow's own actions (a start or a
 * decision), a closing and a reassignment count, the state being the entry's `state`, `closed` for a closing, and
 * unchanged for a reassignment.
 */
function versionStep(entry: AuditEntry, workflowActions: ReadonlySet<string>): { state: string | null } | null {
  const state = typeof entry.detail.state === 'string' ? entry.detail.state : null;
  if (typeof entry.detail.version === 'number') return { state };
  if (entry.action === CLOSE_ACTION) return { state: CLOSED_STATE };
  if (entry.action === REASSIGN_ACTION) return { state: null };
  if (workflowActions.has(entry.action)) return { state };
  return null;
}

function grantIds(detail: Params): string[] {
  return typeof detail.grant === 'string' ? detail.grant.split(',').filter((id) => id !== '') : [];
}

/**
 * Each case replayed from its entries, in order: the state and version they give must be the Case table's, every
 * grant of the case must have been made by one of them, and every grant one of them made must be there. Entries from
 * before the audit key do not name their grant: such a grant is matched by its agreement and time (the decision that
 * made it wrote the same agreementRef at the same moment), and such an entry's agreement must have its grant.
 */
export function replayCases(
  entries: readonly AuditEntry[],
  cases: readonly CaseRecord[],
  grants: ReadonlyMap<string, readonly Grant[]>,
  workflows: WorkflowRegistry,
): AuditFinding[] {
  const byCase = new Map<string, AuditEntry[]>();
  for (const e of entries) if (e.caseId !== null) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  const findings: AuditFinding[] = [];
  const known = new Set(cases.map((c) => c.id));
  for (const caseId of byCase.keys()) if (!known.has(caseId)) findings.push({ kind: 'caseMissing', caseId });

  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id, 'en', { numeric: true });
  for (const c of [...cases].sort(byId)) {
    const own = byCase.get(c.id) ?? [];
    if (own.length === 0) {
      findings.push({ kind: 'caseUnaudited', caseId: c.id });
      continue;
    }
    const actions = new Set(workflows.get(c.workflow)?.auditActions ?? []);
    let version = 0;
    let state: string | null = null;
    let versionReported = false;
    const changes: AuditEntry[] = [];
    for (const e of own) {
      const step = versionStep(e, actions);
      if (step === null) continue;
      changes.push(e);
      version += 1;
      const claimed = e.detail.version;
      if (typeof claimed === 'number' && claimed !== version) {
        if (!versionReported) findings.push({ kind: 'entryVersion', caseId: c.id, seq: e.seq, version: claimed, expected: version });
        versionReported = true;
        version = claimed;
      }
      if (step.state !== null) state = step.state;
    }
    const auditState = state ?? '?';
    if (auditState !== c.state || version !== c.version)
      findings.push({ kind: 'caseMismatch', caseId: c.id, state: c.state, version: c.version, auditState, auditVersion: version });

    const caseGrants = grants.get(c.id) ?? [];
    const named = new Set(changes.flatMap((e) => grantIds(e.detail)));
    for (const g of caseGrants) {
      const madeBy = named.has(g.id) || changes.some((e) => !('grant' in e.detail) && e.detail.agreementRef === g.agreementRef && e.at.getTime() === g.grantedAt.getTime());
      if (!madeBy) findings.push({ kind: 'grantUnbacked', caseId: c.id, grantId: g.id });
    }
    const present = new Set(caseGrants.map((g) => g.id));
    const agreements = new Set(caseGrants.map((g) => g.agreementRef));
    for (const e of changes) {
      for (const id of grantIds(e.detail)) if (!present.has(id)) findings.push({ kind: 'grantMissing', caseId: c.id, grantId: id, seq: e.seq });
      // An older entry names the agreement only.
      const ref = e.detail.agreementRef;
      if (!('grant' in e.detail) && typeof ref === 'string' && !agreements.has(ref)) findings.push({ kind: 'grantMissing', caseId: c.id, grantId: ref, seq: e.seq });
    }
  }
  return findings;
}
