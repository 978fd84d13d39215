// The use cases: load a case, run its state machine, persist the new state with its effects and audit record in one
// transaction. Adapters (console, Slack, Telegram) call these; none of them touches a repository directly.
import { fail, type DomainError, type Params } from '../domain/errors.ts';
import type { Agency, Channel, Dataset, Grant, LocalDate, User } from '../domain/model.ts';
import type { PolicyProfile } from '../domain/policy/policy-profile.ts';
import type { WorkflowRegistry } from '../domain/workflows/registry.ts';
import type { ActionDefinition, CaseSnapshot, Deadline, TargetAgency, Transition, TransitionContext, WorkflowDefinition } from '../domain/workflows/workflow.ts';
import { checkStep, offersButton } from '../domain/workflows/transition-table.ts';
import { APPLICANT_EVENTS } from '../domain/workflows/authorize.ts';
import { isFinished } from '../domain/workflows/closed-state.ts';
import { checkField, parseForm, splitList, type FieldIssue } from '../domain/forms/form.ts';
import { addWorkingDays, countWorkingDays, type WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import { localDateOf } from '../domain/calendar/local-date.ts';
import { KaifangError } from '../domain/errors.ts';
import type { CaseRecord } from './ports/cases.ts';
import type { Clock, Repositories, Store } from './ports/store.ts';
import type { SendingWindow } from '../domain/reminders/working-hours.ts';
import { ladderFor, planApplicantReminders, planLadder } from '../domain/reminders/reminder-ladder.ts';
import { standIn } from './reminders/addressees.ts';
import { findAuthority } from './find-authority.ts';
import { findAgency } from './find-agency.ts';
import { FOLLOW_ACTION } from './follow-action.ts';
import { runBeforeCase, runEffects } from './effects/effect-handlers.ts';
import { resolveRecipients } from './recipients/recipient-resolvers.ts';
import type { CaseChanges } from './chat/case-changes.ts';

export interface CaseServiceDeps {
  store: Pick<Store, 'cases' | 'datasets' | 'users' | 'agencies' | 'grants' | 'delegations' | 'once' | 'transaction'>;
  workflows: WorkflowRegistry;
  calendar: WorkingCalendar;
  profile: PolicyProfile;
  timeZone: string;
  clock: Clock;
  /** Told after each commit, so chats can edit what they posted about the case. */
  changes?: CaseChanges;
}

export type Outcome<T> = { ok: true; value: T } | DomainError;

/** A refusal of a decision; `issues` when the values given do not fill the action's form. */
export type DecisionRefusal = DomainError & { issues?: readonly FieldIssue[] };

/** One decision, as a button press, a modal or a typed command makes it. */
export interface DecisionRequest {
  userId: string;
  caseId: string;
  /** The case version the person saw (a button, a form opened earlier); a newer case refuses with "already decided". */
  version?: number | null;
  /** The action's verb: `approve`, `return`… (the workflow's declaration). */
  action: string;
  /** The action form's fields as typed, unparsed; for a resubmission, any fields of the start form. */
  values: Readonly<Record<string, string>>;
  channel: Channel;
}

/**
 * What a new case is about: a dataset, or an agency as a whole (W3: the authority records a change of law or duties for
 * a provider, whose filing names the dataset later), or nothing (W1's new entry).
 */
export type StartTarget = { datasetId: string } | { agencyId: string } | { grantId: string } | null;

/** May this person take this action on this case now: the case, its workflow and the action. */
export interface ActionCheck {
  record: CaseRecord;
  workflow: WorkflowDefinition;
  action: ActionDefinition;
}

/** Thrown inside a transaction to roll it back when another decision won the race. */
class VersionConflict extends Error {}

export function createCaseService(deps: CaseServiceDeps) {
  const { store, workflows, calendar, profile, timeZone, clock } = deps;
  const window: SendingWindow = { calendar, hours: profile.reminders.workingHours, timeZone };

  const today = (): LocalDate => localDateOf(clock.now(), timeZone);

  const deadlineFrom = (startedOn: LocalDate, workingDays: number): Deadline => {
    const due = addWorkingDays(calendar, startedOn, workingDays);
    return { startedOn, workingDays, dueOn: due.dueOn, provisional: due.provisional };
  };
  const deadlineOn = (startedOn: LocalDate, dueOn: LocalDate, key: string): Deadline => ({
    startedOn,
    workingDays: Math.max(0, countWorkingDays(calendar, startedOn, dueOn)),
    dueOn,
    provisional: false,
    profileDate: key,
  });

  async function authority(): Promise<Agency> {
    const found = await findAuthority(store);
    if (!found) throw new KaifangError('NO_AUTHORITY', 'No authority agency is configured: run `npx kaifang seed --demo` or add one.');
    return found;
  }

  /** What a start or a step names besides the case's dataset: an agency, a grant, datasets by their codes, a linked case. */
  interface ContextExtra {
    agency?: TargetAgency | null;
    grant?: Grant | null;
    datasets?: readonly Dataset[];
    linked?: CaseSnapshot | null;
  }

  async function contextFor(actor: User, dataset: Dataset | null, extra: ContextExtra = {}): Promise<TransitionContext> {
    const day = today();
    const activeGrants = dataset
      ? (await store.grants.listByUser(actor.id)).filter((g) => g.datasetId === dataset.id && g.expiresOn >= day)
      : [];
    const standingInFor: string[] = [];
    for (const d of await store.delegations.listActive(day))
      if (d.userId !== actor.id && (await standIn(store, d.userId, day)) === actor.id) standingInFor.push(d.userId);
    const provider = dataset ? await store.agencies.get(dataset.providerAgencyId) : null;
    return { actor, today: day, profile, dataset, provider, agency: extra.agency ?? null, grant: extra.grant ?? null, datasets: extra.datasets ?? [], linked: extra.linked ?? null, activeGrants, authority: await authority(), standingInFor, clock: deadlineFrom, until: deadlineOn };
  }

  /** The datasets the codes name, each once, in the order named; a code that names none is left for the workflow to refuse. */
  async function datasetsNamed(codes: readonly unknown[]): Promise<Dataset[]> {
    const found: Dataset[] = [];
    for (const code of codes) {
      if (typeof code !== 'string' || code.trim() === '') continue;
      const ds = await store.datasets.findByCode(code.trim());
      if (ds && !found.some((d) => d.id === ds.id)) found.push(ds);
    }
    return found;
  }

  /** The codes a start's input gives in the workflow's `datasetsField` (W14's sources), parsed by its form as a list. */
  function codesOf(wf: WorkflowDefinition, input: unknown): readonly unknown[] {
    if (!wf.datasetsField || typeof input !== 'object' || input === null) return [];
    const given = (input as Record<string, unknown>)[wf.datasetsField];
    return Array.isArray(given) ? given : [];
  }

  /** The effects, in the case's transaction; returns what they report for its audit entry. */
  async function carryOut(repos: Repositories, result: Transition<unknown>, caseRec: CaseRecord, dataset: Dataset | null, at: Date): Promise<Params> {
    return runEffects(result.effects, { repos, caseRec, dataset, at, timeZone, window });
  }

  /** The task's reminder ladder: the old one is cancelled, and a waiting step gets a fresh one for its version. */
  async function replan(repos: Repositories, caseRec: CaseRecord, at: Date): Promise<void> {
    await repos.schedule.cancelPending(caseRec.id, at);
    if (workflows.get(caseRec.workflow)?.awaitingApplicant?.includes(caseRec.state)) {
      // The applicant owes the step, with no statutory clock: reminders on the profile's cadence, no escalation.
      const steps = planApplicantReminders(at, profile.reminders, window);
      await repos.schedule.plan(steps.map((s) => ({ caseId: caseRec.id, stage: caseRec.version, rule: s.rule, level: s.level, dueAt: s.dueAt })));
      return;
    }
    if (!caseRec.assignee || !caseRec.deadline) return;
    // A rung already behind us (a reassigned task that is overdue) is not sounded again for the new stage.
    const steps = planLadder(caseRec.deadline, at, ladderFor(profile.reminders, caseRec.workflow, caseRec.state), window).filter((s) => s.dueAt > at);
    await repos.schedule.plan(steps.map((s) => ({ caseId: caseRec.id, stage: caseRec.version, rule: s.rule, level: s.level, dueAt: s.dueAt })));
  }

  async function datasetOf(id: string | null): Promise<Dataset | null> {
    return id ? store.datasets.get(id) : null;
  }

  /** An agency with the codes of its published data, as a step sees it. */
  async function targetAgency(agency: Agency): Promise<TargetAgency> {
    const published = await store.datasets.search({ status: 'published' });
    return { ...agency, publishedCodes: published.filter((d) => d.providerAgencyId === agency.id).map((d) => d.code) };
  }

  /** A start's target as the workflow sees it: the dataset, or the agency with the codes of its published data. */
  async function targetOf(target: StartTarget): Promise<{ dataset: Dataset | null; agency: TargetAgency | null; grant?: Grant } | DomainError> {
    if (target === null) return { dataset: null, agency: null };
    if ('datasetId' in target) return { dataset: await datasetOf(target.datasetId), agency: null };
    // A grant (W10's spot check, S34's suspension): the case is about its dataset.
    if ('grantId' in target) {
      const grant = await store.grants.get(target.grantId);
      if (!grant) return fail('NOT_FOUND', { caseId: target.grantId.toUpperCase() });
      return { dataset: await datasetOf(grant.datasetId), agency: null, grant };
    }
    const agency = await store.agencies.get(target.agencyId);
    if (!agency) return fail('AGENCY_UNKNOWN', { agency: target.agencyId });
    return { dataset: null, agency: await targetAgency(agency) };
  }

  /** The agency a form's `agencyField` names by id or name (`agency=transport`): null when none is named. */
  async function namedAgency(field: string | undefined, values: Readonly<Record<string, unknown>>): Promise<TargetAgency | null | DomainError> {
    const typed = field ? values[field] : undefined;
    if (typeof typed !== 'string' || typed.trim() === '') return null;
    const agency = await findAgency(store, typed);
    return agency ? targetAgency(agency) : fail('AGENCY_UNKNOWN', { agency: typed }, field);
  }

  /** The case a start form's `caseField` names by its id (`demand=C-0001`); null when none is named or none has that id. */
  async function namedCase(field: string | undefined, values: Readonly<Record<string, unknown>>): Promise<CaseSnapshot | null> {
    const typed = field ? values[field] : undefined;
    if (typeof typed !== 'string' || typed.trim() === '') return null;
    return ((await store.cases.get(typed.trim().toUpperCase())) as CaseSnapshot | null) ?? null;
  }

  /**
   * The context of a step on the case: its dataset, or for a case with none the dataset the action's form names; an
   * agency the action's form names (W6's routing); a resubmission that names the workflow's datasets again (W14's
   * sources) has them as `ctx.datasets`.
   */
  async function stepContext(actor: User, rec: CaseRecord, wf: WorkflowDefinition, action: ActionDefinition, values: Readonly<Record<string, string>>, ctx: TransitionContext): Promise<TransitionContext | DomainError> {
    if (action.agencyField) {
      const agency = await namedAgency(action.agencyField, values);
      if (agency !== null && 'ok' in agency) return agency;
      if (agency !== null) ctx = { ...ctx, agency };
    }
    const named = action.form === null && wf.datasetsField ? (values[wf.datasetsField] ?? '') : '';
    if (named.trim() !== '') return { ...ctx, datasets: await datasetsNamed(splitList(named)) };
    if (rec.datasetId !== null || !action.datasetField) return ctx;
    const code = values[action.datasetField]?.trim() ?? '';
    return code === '' ? ctx : { ...(await contextFor(actor, await store.datasets.findByCode(code))), agency: ctx.agency };
  }

  /** Who decided the case last, for "already decided by …". */
  async function alreadyDecided(caseId: string): Promise<DomainError> {
    const current = await store.cases.get(caseId);
    const by = current?.lastActorId ? await store.users.get(current.lastActorId) : null;
    return fail('ALREADY_DECIDED', {
      caseId,
      by: by?.name ?? current?.lastActorId ?? '?',
      state: current?.state ?? '?',
      workflow: current?.workflow ?? '?',
    });
  }

  /** A refusal as the person should read it: a step that is gone names who took it, a reassigned one who holds it. */
  async function explain(refusal: DomainError, rec: CaseRecord, wf: WorkflowDefinition, actor: User, eventType: string): Promise<DomainError> {
    // A step a supervisor handed to one colleague (转办) is still there, just not this person's: name who has it.
    if (refusal.error === 'ASSIGNED_TO_OTHER') {
      const holder = await store.users.get(String(refusal.params?.user ?? ''));
      return fail('ASSIGNED_TO_OTHER', { caseId: rec.id, user: holder?.name ?? String(refusal.params?.user ?? '?') });
    }
    // Refused because the step is no longer there to decide: say who took it, not "not your task".
    const decision = !APPLICANT_EVENTS.has(eventType);
    if (decision && rec.lastActorId && rec.lastActorId !== actor.id && (refusal.error === 'NOT_YOUR_TASK' || refusal.error === 'INVALID_TRANSITION')) {
      const last = await store.users.get(rec.lastActorId);
      const colleague = last?.agencyId !== null && last?.agencyId === actor.agencyId;
      if (colleague || isFinished(wf.terminalStates, rec.state)) return alreadyDecided(rec.id);
    }
    return refusal;
  }

  async function person(userId: string): Promise<User | DomainError> {
    return (await store.users.get(userId)) ?? fail('USER_UNKNOWN', { user: userId });
  }

  /** The context of a step on a case: its dataset, and the grant it is about (W10's `grantOf`) as it stands now. */
  async function caseContext(actor: User, wf: WorkflowDefinition, rec: CaseRecord): Promise<TransitionContext> {
    const grantId = wf.grantOf?.(rec.data) ?? null;
    return contextFor(actor, await datasetOf(rec.datasetId), { grant: grantId ? await store.grants.get(grantId) : null });
  }

  /** The checks of `check`, for a person already loaded. */
  async function checkFor(actor: User, caseId: string, verb: string, version?: number | null): Promise<Outcome<ActionCheck & { ctx: TransitionContext }>> {
    const rec = await store.cases.get(caseId);
    if (!rec) return fail('NOT_FOUND', { caseId });
    if (version !== undefined && version !== null && version !== rec.version) return alreadyDecided(caseId);
    const wf = workflows.require(rec.workflow);
    const ctx = await caseContext(actor, wf, rec);
    const action = wf.actions.find((a) => a.verb === verb);
    if (!action)
      return explain(fail('INVALID_TRANSITION', { caseId: rec.id, workflow: wf.id, state: rec.state, event: verb }), rec, wf, actor, verb);
    const refused = checkStep(wf.id, wf.table, rec as CaseSnapshot, action.event, ctx);
    if (refused) return explain(refused, rec, wf, actor, action.event);
    return { ok: true, value: { record: rec, workflow: wf, action, ctx } };
  }

  /** The action's values parsed by its form, or the issues; a resubmission checks each field against the start form. */
  function parseValues(wf: WorkflowDefinition, action: ActionDefinition, values: Readonly<Record<string, string>>): { ok: true; value: unknown } | DecisionRefusal {
    if (action.form === null) {
      const issues: FieldIssue[] = [];
      const given: Record<string, string> = {};
      for (const [name, raw] of Object.entries(values)) {
        if (!Object.hasOwn(wf.form.fields, name)) return fail('INVALID_INPUT', { field: name }, name);
        const issue = checkField(wf.form, name, raw);
        if (issue) issues.push({ ...issue, code: 'invalid' });
        else given[name] = raw;
      }
      return issues.length ? { ...fail('INVALID_INPUT', { field: issues.map((i) => i.field).join(', ') }), issues } : { ok: true, value: given };
    }
    const parsed = parseForm(action.form, values);
    if (!parsed.ok) return { ...fail('INVALID_INPUT', { field: parsed.issues.map((i) => i.field).join(', ') }), issues: parsed.issues };
    return { ok: true, value: parsed.value };
  }

  type PreparedStart = { wf: WorkflowDefinition; dataset: Dataset | null; result: Transition<unknown> };

  /** The workflow's start, read and decided before any transaction opens. */
  async function prepareStart(actor: User, workflowId: string, input: unknown, target: StartTarget): Promise<Outcome<PreparedStart>> {
    const wf = workflows.require(workflowId);
    const on = await targetOf(target);
    if ('error' in on) return on;
    const { dataset } = on;
    // A start form may name an agency (`request … agency=transport`) or another case (`submit … demand=C-0001`).
    const values = (input ?? {}) as Readonly<Record<string, unknown>>;
    const named = await namedAgency(wf.starts.find((s) => s.agencyField)?.agencyField, values);
    if (named !== null && 'ok' in named) return named;
    const agency = on.agency ?? named;
    const linked = await namedCase(wf.starts.find((s) => s.caseField)?.caseField, values);
    const result = wf.start(input, await contextFor(actor, dataset, { agency, grant: on.grant ?? null, datasets: await datasetsNamed(codesOf(wf, input)), linked }));
    if (!result.ok) return result;
    return { ok: true, value: { wf, dataset, result } };
  }

  /** The new case, its effects, its reminder ladder and its audit entry, in the transaction given. */
  async function writeStart(repos: Repositories, actor: User, { wf, dataset, result }: PreparedStart, channel: Channel, at: Date, applicantId: string = actor.id): Promise<CaseRecord> {
    const ds = await runBeforeCase(result.effects, repos, dataset);
    const rec = await repos.cases.create(
      { workflow: wf.id, state: result.state, data: result.data, applicantId, datasetId: ds?.id ?? null, assignee: result.assignee, deadline: result.deadline },
      at,
      actor.id,
    );
    const reported = await carryOut(repos, result, rec, ds, at);
    await replan(repos, rec, at);
    await repos.audit.append({ at, actorId: actor.id, channel, action: result.action, caseId: rec.id, detail: auditDetail(result, rec, reported) });
    return rec;
  }

  return {
    today,
    now: () => clock.now(),
    deadlineFrom,
    window,
    replan,
    alreadyDecided,
    workflows,
    recipientsOf: (repos: Repositories, to: Parameters<typeof resolveRecipients>[0], caseRec: CaseRecord, at: Date) =>
      resolveRecipients(to, { repos, caseRec, at, timeZone }),
    /** Tell the chats a case changed (a use case outside this service wrote it). */
    changed: (caseId: string) => deps.changes?.emit(caseId),

    /**
     * The eligibility checks a workflow makes before anyone fills its form (so nobody types seven fields in vain);
     * `datasetCodes`: the codes typed after a verb that names datasets (W14's sources), seen as `ctx.datasets`.
     */
    async canStart(actor: User, workflowId: string, target: StartTarget, datasetCodes: readonly string[] = []): Promise<DomainError | null> {
      const wf = workflows.require(workflowId);
      const on = await targetOf(target);
      if ('error' in on) return on;
      if (!wf.eligible) return null;
      return wf.eligible(await contextFor(actor, on.dataset, { agency: on.agency, grant: on.grant ?? null, datasets: await datasetsNamed(datasetCodes) }));
    },

    async start(actor: User, workflowId: string, input: unknown, target: StartTarget, channel: Channel): Promise<Outcome<CaseRecord>> {
      const prepared = await prepareStart(actor, workflowId, input, target);
      if (!prepared.ok) return prepared;
      const at = clock.now();
      const created = await store.transaction((repos) => writeStart(repos, actor, prepared.value, channel, at));
      deps.changes?.emit(created.id);
      return { ok: true, value: created };
    },

    /**
     * A case the platform opens by itself (a duty), at most once for `key`: the key is claimed in the same transaction
     * that creates the case, so two processes, a retry or a restart open it once. Null when the key was claimed before
     * (the case exists already); a refusal of the workflow's start leaves the key free. `applicantId`: the person the
     * case is for, when not the platform (W10: the grant holder who owes the report); the platform still acts.
     */
    async openOnce(key: string, actor: User, workflowId: string, input: unknown, target: StartTarget, applicantId?: string): Promise<Outcome<CaseRecord | null>> {
      const prepared = await prepareStart(actor, workflowId, input, target);
      if (!prepared.ok) return prepared;
      const at = clock.now();
      const created = await store.transaction(async (repos) => ((await repos.once.claim(key, at)) ? writeStart(repos, actor, prepared.value, 'system', at, applicantId) : null));
      if (created) deps.changes?.emit(created.id);
      return { ok: true, value: created };
    },

    /** The open case of a workflow with this action on the dataset (`updated DS-0001`); null: none, or more than one. */
    async openCaseFor(datasetId: string, verb: string): Promise<CaseRecord | null> {
      const open = (await store.cases.list({ open: true })).filter((c) => c.datasetId === datasetId && workflows.action(c.workflow, verb)?.byDataset === true);
      return open.length === 1 ? open[0]! : null;
    },

    /**
     * The open case the agency owes that a `byAgency` action takes (`plan items=…`: W12's plan the platform asked it
     * for); null: none, or more than one.
     */
    async openCaseForAgency(agencyId: string, verb: string): Promise<CaseRecord | null> {
      const takes = (c: CaseRecord) => {
        const action = workflows.action(c.workflow, verb);
        return action?.byAgency === true && workflows.require(c.workflow).table[c.state]?.[action.event] !== undefined;
      };
      const open = (await store.cases.list({ open: true, assigneeAgencyId: agencyId })).filter(takes);
      return open.length === 1 ? open[0]! : null;
    },

    /**
     * `follow C-0001`: anyone may follow a public case (a W6 demand) to be told its outcome. Kept in the audit log (who,
     * when, through which channel), not in the case: a follow writes no new version, so nobody's buttons go stale.
     * Following twice changes nothing; the applicant is told anyway.
     */
    async follow(userId: string, caseId: string, channel: Channel): Promise<Outcome<{ record: CaseRecord; outcome: 'followed' | 'already' | 'applicant' }>> {
      const actor = await person(userId);
      if (!('id' in actor)) return actor;
      const record = await store.cases.get(caseId.toUpperCase());
      if (!record) return fail('NOT_FOUND', { caseId });
      const wf = workflows.get(record.workflow);
      if (wf?.visibility !== 'public') return fail('NOT_FOLLOWABLE', { caseId: record.id });
      if (isFinished(wf.terminalStates, record.state)) return fail('NOT_OPEN', { caseId: record.id });
      if (record.applicantId === actor.id) return { ok: true, value: { record, outcome: 'applicant' } };
      const at = clock.now();
      const outcome = await store.transaction(async (repos) => {
        const followed = (await repos.audit.listByCase(record.id)).some((e) => e.action === FOLLOW_ACTION && e.actorId === actor.id);
        if (followed) return 'already' as const;
        await repos.audit.append({ at, actorId: actor.id, channel, action: FOLLOW_ACTION, caseId: record.id, detail: {} });
        return 'followed' as const;
      });
      return { ok: true, value: { record, outcome } };
    },

    /**
     * May the person take this action on the case now (it waits on them, in a state that accepts it)? Asks for no
     * values: a chat asks this before showing the action's form. `version`: the case version they saw.
     */
    async check(request: { userId: string; caseId: string; action: string; version?: number | null }): Promise<Outcome<ActionCheck>> {
      const actor = await person(request.userId);
      if (!('id' in actor)) return actor;
      const checked = await checkFor(actor, request.caseId, request.action, request.version);
      if (!checked.ok) return checked;
      const { record, workflow, action } = checked.value;
      return { ok: true, value: { record, workflow, action } };
    },

    /**
     * The actions the person may take on the case now, in the workflow's order (a chat's buttons); a step another
     * action's button stands for (`button: false`) is left out, though its verb works when typed.
     */
    async availableActions(actor: User, rec: CaseRecord): Promise<ActionDefinition[]> {
      const wf = workflows.get(rec.workflow);
      if (!wf) return [];
      const ctx = await caseContext(actor, wf, rec);
      return wf.actions.filter((a) => offersButton(wf.table, rec.state, a.event) && checkStep(wf.id, wf.table, rec as CaseSnapshot, a.event, ctx) === null);
    },

    /**
     * One decision. Of two decisions racing on the same version exactly one is written; the other is told who decided
     * first.
     */
    async decide(request: DecisionRequest): Promise<{ ok: true; value: CaseRecord } | DecisionRefusal> {
      const actor = await person(request.userId);
      if (!('id' in actor)) return actor;
      const checked = await checkFor(actor, request.caseId, request.action, request.version);
      if (!checked.ok) return checked;
      const { record: rec, workflow: wf, action } = checked.value;
      const values = parseValues(wf, action, request.values);
      if (!values.ok) return values;
      const ctx = await stepContext(actor, rec, wf, action, request.values, checked.value.ctx);
      if ('ok' in ctx) return ctx;
      const event = action.toEvent(values.value);
      const result = wf.transition(rec as CaseSnapshot, event, ctx);
      if (!result.ok) return explain(result, rec, wf, actor, action.event);
      const at = clock.now();
      const dataset = ctx.dataset;
      try {
        const updated = await store.transaction(async (repos) => {
          const next = await repos.cases.update(
            rec.id,
            rec.version,
            {
              state: result.state,
              data: result.data,
              assignee: result.assignee,
              deadline: result.deadline,
              // A case without a dataset learns it once (W3's filing names the dataset of an agency's trigger).
              ...(result.datasetId !== undefined && rec.datasetId === null ? { datasetId: result.datasetId } : {}),
            },
            at,
            actor.id,
          );
          if (!next) throw new VersionConflict();
          const reported = await carryOut(repos, result, next, dataset, at);
          await replan(repos, next, at);
          await repos.audit.append({
            at,
            actorId: actor.id,
            channel: request.channel,
            action: result.action,
            caseId: rec.id,
            detail: auditDetail(result, next, reported),
          });
          return next;
        });
        deps.changes?.emit(updated.id);
        return { ok: true, value: updated };
      } catch (e) {
        if (e instanceof VersionConflict) return alreadyDecided(rec.id);
        throw e;
      }
    },
  };
}

/**
 * The audit entry of a start or a decision: the workflow's own detail, what the effects did (`grant`: the grants it
 * made), and the state and version the case was written with, last so nothing overrides them. `audit --verify`
 * replays these against the Case and Grant tables.
 */
/**
 * What the entry records beside the workflow's own detail: the deadline set, who owes the step now (`taskAgency`,
 * `taskRole`: the evaluation counts an agency's handling time and lateness from these, T22, S37) and the state and
 * version written (the replay of `audit --verify`).
 */
function auditDetail(t: Transition<unknown>, written: CaseRecord, reported: Params): Params {
  const task: Params = written.assignee ? { taskAgency: written.assignee.agencyId, taskRole: written.assignee.role } : {};
  return { ...(t.deadline ? { dueOn: t.deadline.dueOn } : {}), ...(t.detail ?? {}), ...reported, ...task, state: written.state, version: written.version };
}

export type CaseService = ReturnType<typeof createCaseService>;
