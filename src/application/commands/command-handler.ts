// One parser and one handler set for every chat: adapters hand in { channel, userId, text } and send back the replies.
// Forms are asked one field at a time; the half-filled form is stored, so a restart loses nothing. Which verbs exist,
// what they act on and which form they ask comes from the workflow registry: no workflow is named here.
import { stripControls } from '../../domain/text/strip-controls.ts';
import { checkField, missingFields, parseForm, type FieldIssue, type FormDefinition } from '../../domain/forms/form.ts';
import type { Channel, Dataset, User } from '../../domain/model.ts';
import type { ActionDefinition, StartTargetKind, WorkflowDefinition } from '../../domain/workflows/workflow.ts';
import { maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';
import { KaifangError } from '../../domain/errors.ts';
import type { TaskService } from '../task-service.ts';
import type { Translate } from '../../i18n/translator.ts';
import type { CaseRecord } from '../ports/cases.ts';
import type { Conversation } from '../ports/chat.ts';
import type { Store } from '../ports/store.ts';
import type { DecisionRefusal, StartTarget } from '../case-service.ts';
import { findAgency } from '../find-agency.ts';
import { isFieldKey, tokenize, type Token } from './tokenize.ts';
import { createVerbTable, READ_ONLY_VERBS, type VerbTable } from './verbs.ts';
import { dueByText, errorText, stateName, workflowName } from './render.ts';
import { CASE_ID, DATASET_CODE, GRANT_ID } from './targets.ts';
import { createFormText, optionLabel, valueText } from './form-text.ts';
import { createReadReplies, type ReadRepliesDeps } from './read-replies.ts';
import { createTaskReplies } from './task-replies.ts';
import { createStatsReplies } from './stats-replies.ts';
import type { StatisticsService } from '../evaluation/statistics-service.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface IncomingMessage {
  channel: Channel;
  userId: string;
  text: string;
  /**
   * Every form, a new case's too, is shown whole for a yes before anything is filed (a chat typed on a phone, where
   * a summary to check is worth a tap). Decisions are always confirmed.
   */
  confirmEveryForm?: boolean;
}

/** What an open form waits for, for a chat that offers buttons for it. */
export type AwaitedAnswer =
  /** A field: its choices as buttons (a single choice's options; a yes for a confirmation); none for typed text. */
  | { kind: 'field'; field: string; choices: { value: string; label: string }[] }
  /** The summary's yes or no; a field may still be changed by typing `field=value`. */
  | { kind: 'confirmation' };

export type CommandHandlerDeps = Omit<ReadRepliesDeps, 'verbs' | 'store'> & {
  store: Pick<Store, 'agencies' | 'conversations' | 'datasets' | 'delegations' | 'preferences' | 'users'>;
  tasks: TaskService;
  statistics: StatisticsService;
  vocabulary: Vocabulary;
  /** A form left unfinished this long is dropped, and the person told when they next write (KAIFANG_FORM_EXPIRY_HOURS). */
  formExpiryHours: number;
};

/** What a conversation waits for once a decision form is filled: the person's yes or no to its summary. */
const CONFIRMATION = '@confirm';


/** What a form verb is: the start of a workflow, or an action on a case. */
type FormVerb =
  | {
      kind: 'start';
      verb: string;
      workflow: WorkflowDefinition;
      target: StartTargetKind;
      rest: string | null;
      flags: readonly string[];
      showsConditions: boolean;
      form: FormDefinition<any>;
    }
  | { kind: 'action'; verb: string };

/**
 * What a start's target (as a conversation keeps it) names: a dataset code a dataset; for a verb that also takes an
 * agency, anything else is the id of the agency `prepare` found (agency ids are words, never dataset codes).
 */
function startTarget(kind: StartTargetKind, target: string | null): StartTarget {
  // A verb that names datasets (`result DS-0001 DS-0003 …`) keeps them in its form's field, not as the case's target.
  if (target === null || kind === 'none' || kind === 'datasets') return null;
  if (kind === 'grant') return { grantId: target };
  return kind === 'datasetOrAgency' && !DATASET_CODE.test(target) ? { agencyId: target } : { datasetId: target };
}

export function createCommandHandler(deps: CommandHandlerDeps) {
  const { store, service, queries, translator, vocabulary } = deps;
  const workflows = service.workflows;
  const verbs: VerbTable = createVerbTable(workflows, vocabulary);

  const { fieldByKey, choiceCode, fieldLabel, issueText, hintOf, position, ask } = createFormText(translator);
  const { help, datasets, dataset, results, plans, listCases, status, why } = createReadReplies({ ...deps, verbs });
  const people = createTaskReplies(deps);
  const stats = createStatsReplies(deps);

  /** Every form the workflows declare, by id: a stored conversation and a modal name their form by it. */
  const forms = new Map<string, FormDefinition<any>>();
  for (const wf of workflows.workflows)
    for (const form of [wf.form, ...wf.actions.flatMap((a) => (a.form ? [a.form] : []))]) {
      const known = forms.get(form.id);
      if (known && known !== form) throw new KaifangError('REGISTRY_INVALID', `Two different forms have the id "${form.id}".`);
      forms.set(form.id, form);
    }

  function formVerb(verb: string): FormVerb | null {
    const starting = workflows.starting(verb);
    if (starting)
      return {
        kind: 'start',
        verb,
        workflow: starting.workflow,
        target: starting.start.target,
        rest: starting.start.rest,
        flags: starting.start.flags ?? [],
        showsConditions: starting.start.showsConditions ?? false,
        form: starting.workflow.form,
      };
    return workflows.actionVerbs.includes(verb) ? { kind: 'action', verb } : null;
  }

  /** The workflow whose `verb`, typed with a dataset's code and no case open, starts a case instead (`startsWhenNone`). */
  function startingAction(verb: string): { workflow: WorkflowDefinition; action: ActionDefinition } | null {
    for (const workflow of workflows.workflows) {
      const action = workflows.action(workflow.id, verb);
      if (action?.byDataset && action.startsWhenNone) return { workflow, action };
    }
    return null;
  }

  /** A filled action whose target is a dataset, not a case: it starts a case (`startingAction`). */
  const startsOnDataset = (verb: string, target: string | null) => target !== null && DATASET_CODE.test(target) && startingAction(verb) !== null;

  /** A yes typed in any language is the form's yes, a choice's label its code: the form itself knows only `yes` and codes. */
  function normalized(form: FormDefinition<any>, name: string, raw: string): string {
    const kind = form.fields[name]?.kind;
    if ((kind === 'confirm' || kind === 'flag') && vocabulary.has('yes', raw)) return 'yes';
    return choiceCode(form, name, raw);
  }

  /** The fields as the reader may type them: each by its label, and where a label cannot be typed as a key, its name too. */
  const fieldKeys = (t: Translate, form: FormDefinition<any>): string =>
    form.order
      .map((name) => {
        const label = fieldLabel(t, form, name);
        return isFieldKey(label) ? label : t('commands.fieldAndKey', { label, key: name });
      })
      .join(t('commands.listSeparator'));

  const usage = (t: Translate, verb: string) => [t('commands.usage', { usage: t(`commands.help.${verb}`) })];

  /** What a word typed after the target sets a start form's flag field to: yes for a flag, an option for a choice. */
  function flagValue(form: FormDefinition<any>, name: string, word: string): string | null {
    const f = form.fields[name];
    if (f?.kind === 'choice') return (f.options ?? []).find((option) => vocabulary.optionWords(name, option).has(word)) ?? null;
    return vocabulary.flagWords(name).has(word) ? 'yes' : null;
  }

  /** A filled decision form as the person will confirm it: the action, the case and every value given. */
  function summaryOf(t: Translate, form: FormDefinition<any>, conv: Pick<Conversation, 'verb' | 'target' | 'values'>): string {
    const given = form.order.filter((name) => (conv.values[name] ?? '') !== '');
    const starting = formVerb(conv.verb)?.kind === 'start';
    return t(starting ? 'commands.confirmStart' : 'commands.confirmDecision', {
      action: starting ? t(`forms.${form.id}._title`) : t(`chat.button.${conv.verb}`),
      // A new case has no id yet: what it is about (a dataset) when there is one.
      caseId: starting ? (conv.target ? ` ${conv.target}` : '') : (conv.target ?? ''),
      fields:
        given.map((name) => `  ${t('commands.confirmField', { label: fieldLabel(t, form, name), value: valueText(t, form, name, conv.values[name]!) })}`).join('\n') ||
        t('commands.confirmNoFields'),
    });
  }

  /** What an open conversation still waits for, said again. */
  function waitingFor(t: Translate, conv: Conversation): string {
    const form = forms.get(conv.formId);
    if (!form) return t('commands.unknown', { word: conv.verb });
    if (conv.awaiting === CONFIRMATION) return summaryOf(t, form, conv);
    return ask(t, form, conv.awaiting, position(form, conv.values));
  }

  /** The forms a verb fills, each with the workflows it fills it in: a start verb's one, an action's per workflow. */
  function formsOfVerb(verb: string): { form: FormDefinition<any>; workflows: WorkflowDefinition[] }[] {
    const spec = formVerb(verb);
    if (!spec) return [];
    if (spec.kind === 'start') return [{ form: spec.form, workflows: [spec.workflow] }];
    const byForm = new Map<string, { form: FormDefinition<any>; workflows: WorkflowDefinition[] }>();
    for (const wf of workflows.workflows) {
      const form = workflows.action(wf.id, verb)?.form;
      if (!form || form.order.length === 0) continue;
      const group = byForm.get(form.id) ?? { form, workflows: [] };
      group.workflows.push(wf);
      byForm.set(form.id, group);
    }
    return [...byForm.values()];
  }

  /**
   * `help <verb>`: its line, then for a verb that fills a form every field (label, key, required or not, hint) and an
   * example line; an action whose forms differ by workflow lists each with the workflows it is for. A resubmission
   * names the forms whose fields it takes.
   */
  function helpOf(t: Translate, verb: string): string[] {
    const lines = [t(`commands.help.${verb}`)];
    const groups = formsOfVerb(verb);
    for (const { form, workflows: used } of groups) {
      lines.push(
        groups.length > 1
          ? t('commands.helpFieldsFor', { workflows: used.map((w) => workflowName(t, w.id)).join(t('commands.listSeparator')) })
          : t('commands.helpFields'),
      );
      for (const name of form.order) {
        const f = form.fields[name]!;
        const need = t(f.optional ? 'commands.helpFieldOptional' : f.askIf ? 'commands.helpFieldSometimes' : 'commands.helpFieldRequired');
        lines.push(t('commands.helpField', { label: fieldLabel(t, form, name), key: name, need, hint: hintOf(t, form, name) }));
      }
    }
    const resubmitted = workflows.workflows.filter((wf) => workflows.action(wf.id, verb)?.form === null);
    if (resubmitted.length > 0 && formVerb(verb)?.kind === 'action')
      lines.push(t('commands.helpResubmitFields', { verbs: resubmitted.flatMap((wf) => wf.starts.map((s) => `help ${s.verb}`)).join(t('commands.listSeparator')) }));
    if (formVerb(verb)) lines.push(t('commands.helpExample'), ...exampleLines(t, verb).map((line) => `  ${line}`));
    return [lines.join('\n')];
  }

  /** A verb's example lines as its help shows them, each one a whole command that works as typed. */
  const exampleLines = (t: Translate, verb: string): string[] => t(`commands.examples.${verb}`).split('\n');

  /** A word that is no command: said so, with the nearest commands when there are any (never run in its place). */
  function unknownCommand(t: Translate, word: string): string[] {
    const nearest = verbs.nearest(word);
    if (nearest.length === 0) return [t('commands.unknown', { word })];
    return [t('commands.unknownNearest', { word, nearest: nearest.join(t('commands.listSeparator')) })];
  }

  /** An agency typed that none is: said with the providers there are, by name and id. */
  async function unknownAgency(t: Translate, typed: string): Promise<string> {
    const providers = (await store.agencies.list()).filter((a) => a.kind === 'provider');
    const known = providers.map((a) => t('commands.agencyNameAndId', { name: a.name, id: a.id })).join(t('commands.listSeparator'));
    return t('commands.unknownAgency', { agency: typed, agencies: known || '—' });
  }

  /** "the publication of DS-0002", "reject C-0001": which unfinished form expired. */
  function formName(t: Translate, conv: Conversation): string {
    return `${t(`forms.${conv.formId}._title`)}${conv.target ? ` ${conv.target}` : ''}`;
  }
  // ---------- forms ----------

  /** Runs a completed form, or asks for the next missing field. */
  async function advance(
    user: User,
    t: Translate,
    channel: Channel,
    conv: Omit<Conversation, 'awaiting' | 'updatedAt'>,
    notes: string[],
    options: { confirmDecision?: boolean; confirmStart?: boolean } = {},
  ): Promise<string[]> {
    const form = forms.get(conv.formId);
    if (!form) {
      await store.conversations.clear(channel, user.id);
      return [t('commands.unknown')];
    }
    const missing = missingFields(form, conv.values);
    if (missing.length > 0) {
      const awaiting = missing[0]!;
      await store.conversations.put(channel, user.id, { ...conv, awaiting, updatedAt: service.now() });
      return [...notes, ask(t, form, awaiting, position(form, conv.values))];
    }
    // A decision filled in answer after answer is shown whole and confirmed before anything is decided.
    if (options.confirmDecision && formVerb(conv.verb)?.kind === 'action' && !startsOnDataset(conv.verb, conv.target)) {
      // Decided by someone else meanwhile: said now, not after a confirmation that could change nothing.
      const checked = await service.check({ userId: user.id, caseId: conv.target ?? '', action: conv.verb, ...(conv.caseVersion !== null ? { version: conv.caseVersion } : {}) });
      if (!checked.ok) {
        await store.conversations.clear(channel, user.id);
        return [...notes, errorText(t, checked)];
      }
      await store.conversations.put(channel, user.id, { ...conv, awaiting: CONFIRMATION, updatedAt: service.now() });
      return [...notes, summaryOf(t, form, conv)];
    }
    if (options.confirmStart && formVerb(conv.verb)?.kind === 'start') {
      await store.conversations.put(channel, user.id, { ...conv, awaiting: CONFIRMATION, updatedAt: service.now() });
      return [...notes, summaryOf(t, form, conv)];
    }
    return finish(user, t, channel, form, conv, notes);
  }

  /** The filled form run: a new case or a decision. */
  async function finish(user: User, t: Translate, channel: Channel, form: FormDefinition<any>, conv: Omit<Conversation, 'awaiting' | 'updatedAt'>, notes: string[]): Promise<string[]> {
    await store.conversations.clear(channel, user.id);
    const done = await runForm(user, t, channel, { verb: conv.verb, formId: conv.formId, target: conv.target, caseVersion: conv.caseVersion, values: conv.values });
    if (done.ok) return [...notes, done.reply];
    if (done.issues) return [...notes, ...done.issues.map((i) => issueText(t, form, i))];
    return [...notes, done.reply];
  }

  type Ran = { ok: true; reply: string; caseId: string | null } | { ok: false; reply: string; refusal: DecisionRefusal | null; issues: readonly FieldIssue[] | null };

  /** A completed form becomes a new case or a decision. */
  async function runForm(user: User, t: Translate, channel: Channel, filled: FilledForm): Promise<Ran> {
    const spec = formVerb(filled.verb);
    if (spec?.kind === 'start') {
      const parsed = parseForm(spec.form, filled.values);
      if (!parsed.ok) return { ok: false, reply: parsed.issues.map((i) => issueText(t, spec.form, i)).join('\n'), refusal: null, issues: parsed.issues };
      const result = await service.start(user, spec.workflow.id, parsed.value, startTarget(spec.target, filled.target), channel);
      if (!result.ok) return { ok: false, reply: errorText(t, result, spec.form), refusal: result, issues: null };
      return { ok: true, reply: startedText(t, result.value), caseId: result.value.id };
    }
    const starting = startsOnDataset(filled.verb, filled.target) ? startingAction(filled.verb) : null;
    if (starting) {
      const form = starting.action.form ?? starting.workflow.form;
      const parsed = parseForm(form, filled.values);
      if (!parsed.ok) return { ok: false, reply: parsed.issues.map((i) => issueText(t, form, i)).join('\n'), refusal: null, issues: parsed.issues };
      const result = await service.start(user, starting.workflow.id, parsed.value, { datasetId: filled.target! }, channel);
      if (!result.ok) return { ok: false, reply: errorText(t, result, form), refusal: result, issues: null };
      return { ok: true, reply: startedText(t, result.value), caseId: result.value.id };
    }
    const result = await service.decide({
      userId: user.id,
      caseId: filled.target ?? '',
      version: filled.caseVersion,
      action: filled.verb,
      values: filled.values,
      channel,
    });
    if (!result.ok) return { ok: false, reply: errorText(t, result, forms.get(filled.formId)), refusal: result, issues: result.issues ?? null };
    return { ok: true, reply: decidedText(t, result.value), caseId: result.value.id };
  }

  /** 已提交 with the step's deadline; a start that is already done (the authority's own delisting) says so instead. */
  function startedText(t: Translate, c: CaseRecord): string {
    const names = { caseId: c.id, workflow: workflowName(t, c.workflow), state: stateName(t, c.workflow, c.state) };
    return c.deadline ? t('commands.started', { ...names, dueBy: dueByText(t, c.deadline) }) : t('commands.startedDone', names);
  }

  function decidedText(t: Translate, c: CaseRecord): string {
    return c.deadline
      ? t('commands.decidedWithDue', { caseId: c.id, state: stateName(t, c.workflow, c.state), dueBy: dueByText(t, c.deadline) })
      : t('commands.decided', { caseId: c.id, state: stateName(t, c.workflow, c.state) });
  }

  type Prepared =
    | {
        ok: true;
        form: FormDefinition<any>;
        /** An action that asks nothing: the fields given replace the start form's (a resubmission). */
        resubmission: boolean;
        target: string | null;
        caseVersion: number | null;
        values: Record<string, string>;
        notes: string[];
        /** Read before the first question (a conditional dataset's open conditions). */
        intro: string[];
      }
    | { ok: false; replies: string[] };

  /** May `user` fill `verb`'s form on the target named in `tokens`, and which fields did they already give? */
  async function prepare(user: User, t: Translate, spec: FormVerb, tokens: Token[], expectedVersion?: number): Promise<Prepared> {
    const positional = tokens.filter((x) => x.key === null).map((x) => x.text);
    const named = tokens.filter((x) => x.key !== null);
    let target: string | null = null;
    let caseVersion: number | null = null;
    let form: FormDefinition<any>;
    let rest: string | null;
    let resubmission = false;
    const values: Record<string, string> = {};
    // What the person reads before the first question: a conditional dataset's open conditions.
    const intro: string[] = [];

    // `result DS-0001 DS-0003 …`: the codes typed after a verb that names datasets, for the workflow's datasetsField.
    const codes: string[] = [];
    if (spec.kind === 'start' && spec.target === 'datasets') {
      while (positional[0] !== undefined && DATASET_CODE.test(positional[0])) codes.push(positional.shift()!.toUpperCase());
      for (const code of codes)
        if (!(await store.datasets.findByCode(code))) return { ok: false, replies: [errorText(t, { ok: false, error: 'NOT_FOUND', params: { caseId: code } })] };
    }

    if (spec.kind === 'start') {
      form = spec.form;
      rest = spec.rest;
      const first = spec.target === 'none' || spec.target === 'datasets' ? undefined : positional.shift();
      if (spec.target !== 'none' && spec.target !== 'datasets' && !first) return { ok: false, replies: usage(t, spec.verb) };
      if (first !== undefined && spec.target === 'grant') {
        // `spotcheck G-0001 …`: a grant, by its id; the case is about its dataset.
        if (!GRANT_ID.test(first)) return { ok: false, replies: usage(t, spec.verb) };
        target = first.toUpperCase();
      } else if (first !== undefined && spec.target === 'datasetOrAgency' && !DATASET_CODE.test(first)) {
        // `trigger 市交通运输局 …`: an agency by its id or its name (in quotes when it has spaces).
        const agency = await findAgency(store, first);
        if (!agency) return { ok: false, replies: [await unknownAgency(t, first)] };
        target = agency.id;
      } else if (first !== undefined) {
        if (!DATASET_CODE.test(first)) return { ok: false, replies: usage(t, spec.verb) };
        const ds: Dataset | null = await store.datasets.findByCode(first);
        if (!ds) return { ok: false, replies: [errorText(t, { ok: false, error: 'NOT_FOUND', params: { caseId: first.toUpperCase() } })] };
        target = ds.id;
        // T14(三), Z19 应公布开放条件: an applicant sees the conditions they must meet before filling anything.
        if (spec.showsConditions && ds.attribute === 'conditional' && ds.conditions) intro.push(t('commands.datasetConditions', { datasetCode: ds.code, conditions: ds.conditions }));
      }
      // `delist DS-0002 now …`: a flag word right after the target switches its field on; `object DS-0001 建议 …`: a
      // choice's word chooses that option.
      for (const flag of spec.flags) {
        const chosen = positional[0] === undefined ? null : flagValue(spec.form, flag, positional[0].toLowerCase());
        if (chosen !== null) {
          positional.shift();
          values[flag] = chosen;
        }
      }
      const refusal = await service.canStart(user, spec.workflow.id, startTarget(spec.target, target), codes);
      if (refusal) return { ok: false, replies: [errorText(t, refusal)] };
    } else {
      const first = positional.shift();
      // `updated DS-0001`: an action typed with a dataset's code acts on that dataset's open case that takes it.
      const byDataset = first !== undefined && DATASET_CODE.test(first) && workflows.workflows.some((w) => workflows.action(w.id, spec.verb)?.byDataset);
      // `plan items=…`: an action typed without a case id acts on the case the person's agency owes that takes it.
      const byAgency = (first === undefined || !CASE_ID.test(first)) && !byDataset && workflows.workflows.some((w) => workflows.action(w.id, spec.verb)?.byAgency);
      if (byAgency) {
        if (first !== undefined) positional.unshift(first);
        const open = user.agencyId ? await service.openCaseForAgency(user.agencyId, spec.verb) : null;
        if (!open) return { ok: false, replies: [t('commands.noOpenCaseForAgency', { verb: spec.verb })] };
        target = open.id;
      } else if (!first || (!CASE_ID.test(first) && !byDataset)) return { ok: false, replies: usage(t, spec.verb) };
      else target = first.toUpperCase();
      let startsInstead: { workflow: WorkflowDefinition; action: ActionDefinition } | null = null;
      if (byDataset) {
        const ds = await store.datasets.findByCode(first);
        if (!ds) return { ok: false, replies: [errorText(t, { ok: false, error: 'NOT_FOUND', params: { caseId: target } })] };
        const open = await service.openCaseFor(ds.id, spec.verb);
        // No case open that takes it: a workflow whose action starts a case then starts one (W13: an update nobody
        // asked for yet), if this person may start it; otherwise there is nothing to act on.
        startsInstead = open ? null : startingAction(spec.verb);
        if (!open && !startsInstead) return { ok: false, replies: [t('commands.noOpenCaseFor', { datasetCode: ds.code, verb: spec.verb })] };
        if (startsInstead) {
          const refusal = await service.canStart(user, startsInstead.workflow.id, { datasetId: ds.id });
          if (refusal) return { ok: false, replies: [errorText(t, refusal)] };
        }
        target = open ? open.id : ds.id;
      }
      // One case per decision: `approve C-0001 C-0002` must not approve C-0001 with the note "C-0002".
      const second = positional.find((word) => CASE_ID.test(word));
      if (second) return { ok: false, replies: [t('commands.oneCasePerDecision', { caseId: target, other: second.toUpperCase(), verb: spec.verb })] };
      if (startsInstead) {
        form = startsInstead.action.form ?? startsInstead.workflow.form;
        rest = startsInstead.action.rest;
      } else {
        // May this person take the action now? Asked without any values, before a single field is asked.
        const checked = await service.check({ userId: user.id, caseId: target, action: spec.verb, ...(expectedVersion !== undefined ? { version: expectedVersion } : {}) });
        if (!checked.ok) return { ok: false, replies: [errorText(t, checked)] };
        caseVersion = checked.value.record.version;
        // A resubmission's fields are those of the workflow's own start form.
        resubmission = checked.value.action.form === null;
        form = checked.value.action.form ?? checked.value.workflow.form;
        rest = checked.value.action.rest;
      }
    }

    const keys = fieldByKey(form);
    for (const tok of named) {
      const name = keys.get(tok.key!.toLowerCase());
      if (!name) return { ok: false, replies: [t('commands.unknownField', { key: tok.key!, fields: fieldKeys(t, form) })] };
      values[name] = normalized(form, name, tok.value);
    }
    // The codes typed after the verb, and any the field names too (`result DS-0001 sources=DS-0003`).
    const codesField = spec.kind === 'start' ? spec.workflow.datasetsField : undefined;
    if (codesField && codes.length > 0) values[codesField] = [...codes, ...(values[codesField] ? [values[codesField]] : [])].join(', ');
    if (positional.length > 0) {
      if (!rest) return { ok: false, replies: usage(t, spec.verb) };
      values[rest] = normalized(form, rest, [values[rest], positional.join(' ')].filter(Boolean).join(' '));
    }

    // A value given but not valid is dropped and asked again, with the reason. An optional field is never asked: its
    // bad value refuses the whole command, so that `updated DS-0001 on=tomorrow` does not record today instead.
    const notes: string[] = [];
    let optionalRefused = false;
    for (const [name, given] of Object.entries(values)) {
      const issue = checkField(form, name, given);
      if (issue) {
        notes.push(issueText(t, form, issue));
        delete values[name];
        if (form.fields[name]?.optional) optionalRefused = true;
      }
    }
    if (optionalRefused && !resubmission) return { ok: false, replies: notes };
    return { ok: true, form, resubmission, target, caseVersion, values, notes, intro };
  }

  async function startForm(user: User, t: Translate, channel: Channel, spec: FormVerb, tokens: Token[], confirmEveryForm = false): Promise<string[]> {
    const prepared = await prepare(user, t, spec, tokens);
    if (!prepared.ok) return prepared.replies;
    const { form, target, caseVersion, values, notes } = prepared;
    // A resubmission is one message: the fields given replace the old ones, nothing is asked.
    if (prepared.resubmission) return resubmitted(user, t, channel, form, target!, caseVersion, values, notes);
    // The dataset's conditions come before the first question; a form given whole inline is not held up by them.
    const asking = missingFields(form, values).length > 0 ? [...prepared.intro, ...notes] : notes;
    return advance(user, t, channel, { verb: spec.verb, target, formId: form.id, values, caseVersion }, asking, { confirmStart: confirmEveryForm });
  }

  async function resubmitted(user: User, t: Translate, channel: Channel, form: FormDefinition<any>, caseId: string, version: number | null, values: Record<string, string>, notes: string[]): Promise<string[]> {
    if (notes.length > 0) return notes;
    const result = await service.decide({ userId: user.id, caseId, version, action: 'resubmit', values, channel });
    if (!result.ok) return result.issues ? result.issues.map((i) => issueText(t, form, i)) : [errorText(t, result, form)];
    return [decidedText(t, result.value)];
  }

  async function answer(user: User, t: Translate, channel: Channel, conv: Conversation, text: string, confirmEveryForm = false): Promise<string[]> {
    const form = forms.get(conv.formId);
    if (!form || !formVerb(conv.verb)) {
      await store.conversations.clear(channel, user.id);
      return [t('commands.unknown')];
    }
    // An answer may also name its field (`type=api`), or any other field of the form.
    const tokens = tokenize(text);
    const keys = fieldByKey(form);
    const named =
      tokens.ok && tokens.tokens.length > 0 && tokens.tokens.every((x) => x.key !== null && keys.has(x.key.toLowerCase()))
        ? tokens.tokens.map((x) => [keys.get(x.key!.toLowerCase())!, x.value] as const)
        : [[conv.awaiting, unquoted(text.trim())] as const];
    const values = { ...conv.values };
    for (const [name, typed] of named) {
      const given = normalized(form, name, typed);
      const issue = checkField(form, name, given);
      if (issue) return [issueText(t, form, issue.code === 'tooLong' ? issue : { ...issue, code: 'invalid' }), ask(t, form, conv.awaiting, position(form, conv.values))];
      values[name] = given.trim();
    }
    return advance(user, t, channel, { ...conv, values }, [], { confirmDecision: true, confirmStart: confirmEveryForm });
  }

  /**
   * At the summary, `field=value` (any field of the form, as many as typed) changes those values and shows the summary
   * again; null when the text is not that.
   */
  async function edited(user: User, t: Translate, channel: Channel, conv: Conversation, form: FormDefinition<any>, text: string): Promise<string[] | null> {
    const tokens = tokenize(text);
    const keys = fieldByKey(form);
    if (!tokens.ok || tokens.tokens.length === 0 || !tokens.tokens.every((x) => x.key !== null && keys.has(x.key.toLowerCase()))) return null;
    const values = { ...conv.values };
    for (const tok of tokens.tokens) {
      const name = keys.get(tok.key!.toLowerCase())!;
      const given = normalized(form, name, tok.value);
      const issue = checkField(form, name, given);
      if (issue) return [issueText(t, form, issue), summaryOf(t, form, conv)];
      values[name] = given.trim();
    }
    // A change may make another field required (a conditional dataset's conditions): it is asked before the summary.
    return advance(user, t, channel, { ...conv, values }, [], { confirmDecision: true, confirmStart: true });
  }

  /** An answer typed in quotes (to start it with a command word) is the text inside them. */
  function unquoted(text: string): string {
    const m = /^(["“「『'])([\s\S]*)(["”」』'])$/.exec(text);
    return m && m[2]!.trim() !== '' ? m[2]!.trim() : text;
  }

  /** What a reply looks like on its way out: no control characters, personal numbers masked. */
  const shown = (text: string) => maskPersonalData(stripControls(text));

  // ---------- entry point ----------

  async function handle(msg: IncomingMessage): Promise<string[]> {
    const user = await store.users.get(msg.userId);
    if (!user) return [translator.t('zh-CN', 'commands.unknownUser', { user: msg.userId })];
    const t = translator.for(user.locale);
    const text = msg.text.trim();
    const conv = await store.conversations.get(msg.channel, user.id);
    if (conv) return withOpenForm(user, t, msg, conv, text);
    return command(user, t, msg, text);
  }

  /** Whether `text` names one of the options of the choice the open form waits for. */
  function isOptionOf(conv: Conversation, text: string): boolean {
    const form = forms.get(conv.formId);
    const f = form && conv.awaiting !== CONFIRMATION ? form.fields[conv.awaiting] : undefined;
    if (!form || !f?.options || f.kind !== 'choice') return false;
    return f.options.includes(choiceCode(form, conv.awaiting, text.trim()));
  }

  /**
   * A line while a form is open. A command is never taken as an answer: one that only reads is answered and the form
   * keeps waiting; any other is not run, and the person is told the form waits. A form left longer than the expiry is
   * dropped, and said so.
   */
  async function withOpenForm(user: User, t: Translate, msg: IncomingMessage, conv: Conversation, text: string): Promise<string[]> {
    const words = text.split(/\s+/);
    const verb = verbs.resolve(words[0] ?? '');
    if (service.now().getTime() - conv.updatedAt.getTime() > deps.formExpiryHours * 3_600_000) {
      await store.conversations.clear(msg.channel, user.id);
      const expired = t('commands.formExpired', { form: formName(t, conv), hours: deps.formExpiryHours });
      return verb ? [expired, ...(await command(user, t, msg, text))] : [expired];
    }
    if (verb === 'cancel' && words.length === 1) {
      await store.conversations.clear(msg.channel, user.id);
      return [t('commands.cancelled')];
    }
    // The question asked gives a word its meaning: one of the awaited choice's options is the answer, even where the
    // same word is also a command (`dataset` answers "Data type?", it does not show a dataset).
    if (isOptionOf(conv, text)) return answer(user, t, msg.channel, conv, text);
    if (verb && READ_ONLY_VERBS.has(verb)) return [...(await command(user, t, msg, text)), t('commands.formStillOpen', { question: waitingFor(t, conv) })];
    if (conv.awaiting === CONFIRMATION) {
      const form = forms.get(conv.formId);
      if (form && vocabulary.has('yes', text)) return finish(user, t, msg.channel, form, conv, []);
      if (vocabulary.has('no', text)) {
        await store.conversations.clear(msg.channel, user.id);
        return [formVerb(conv.verb)?.kind === 'start' ? t('commands.cancelled') : t('commands.decisionDropped', { caseId: conv.target ?? '' })];
      }
      const changed = form ? await edited(user, t, msg.channel, conv, form, text) : null;
      if (changed) return changed;
      return [t('commands.confirmYesOrNo'), waitingFor(t, conv)];
    }
    if (verb) return [t('commands.formWaiting', { word: words[0]!, question: waitingFor(t, conv) })];
    return answer(user, t, msg.channel, conv, text, msg.confirmEveryForm ?? false);
  }

  /** A line with no form open: a command. */
  async function command(user: User, t: Translate, msg: IncomingMessage, text: string): Promise<string[]> {
    if (text === '') return help(t);
    const tokenized = tokenize(text);
    if (!tokenized.ok) return [t('commands.unclosedQuote')];
    const [head, ...rest] = tokenized.tokens;
    const verb = verbs.resolve(head!.text);
    if (!verb) return unknownCommand(t, head!.text);
    const words = rest.map((x) => x.text);

    const spec = formVerb(verb);
    if (spec) return startForm(user, t, msg.channel, spec, rest, msg.confirmEveryForm ?? false);
    switch (verb) {
      case 'help': {
        if (words.length === 0) return help(t);
        const one = verbs.resolve(words[0]!);
        return one ? helpOf(t, one) : unknownCommand(t, words[0]!);
      }
      case 'datasets':
        return datasets(t, words);
      case 'dataset':
        return words.length === 1 && DATASET_CODE.test(words[0]!) ? dataset(t, words[0]!) : usage(t, 'dataset');
      case 'results':
        if (words.length === 0) return results(t, null);
        return words.length === 1 && DATASET_CODE.test(words[0]!) ? results(t, words[0]!) : usage(t, 'results');
      case 'plans': {
        if (words.length === 0) return plans(t, Number(service.today().slice(0, 4)));
        return words.length === 1 && /^\d{4}$/.test(words[0]!) ? plans(t, Number(words[0])) : usage(t, 'plans');
      }
      case 'mine':
        return listCases(t, await queries.mine(user), 'commands.mineHeader', 'commands.mineEmpty');
      case 'queue':
        return people.queue(user, t);
      case 'requests':
        // Demands are public (W6): anyone lists them with their state.
        return words.length === 0 ? listCases(t, await queries.publicCases(), 'commands.requestsHeader', 'commands.requestsEmpty') : usage(t, 'requests');
      case 'follow': {
        if (words.length !== 1 || !CASE_ID.test(words[0]!)) return usage(t, 'follow');
        const followed = await service.follow(user.id, words[0]!, msg.channel);
        if (!followed.ok) return [errorText(t, followed)];
        return [t(`commands.follow.${followed.value.outcome}`, { caseId: followed.value.record.id })];
      }
      case 'nudge':
        return people.nudge(user, t, msg.channel, words);
      case 'reassign':
        return people.reassign(user, t, msg.channel, words);
      case 'overdue':
        return people.overdue(user, t);
      case 'stale':
        return words.length === 0 ? people.stale(user, t) : usage(t, 'stale');
      case 'stats':
        return stats.stats(user, t, words);
      case 'delegate':
        return people.delegate(user, t, msg.channel, words);
      case 'digest':
        return people.digest(user, t, words);
      case 'status':
        return words[0] ? status(user, t, words[0]) : listCases(t, await queries.mine(user), 'commands.mineHeader', 'commands.mineEmpty');
      case 'why':
        return words[0] ? why(user, t, words[0]) : usage(t, 'why');
      case 'lang': {
        const wanted = words.length === 1 ? vocabulary.language(words[0]!) : null;
        if (!wanted) return usage(t, 'lang');
        await store.users.setLocale(user.id, wanted);
        // An explicit choice: a chat account linked later keeps it (the platform's locale no longer applies).
        await store.preferences.put(user.id, { ...(await store.preferences.get(user.id)), localeChosen: true });
        return [translator.t(wanted, 'commands.langSet')];
      }
      case 'cancel':
        return [t('commands.nothingToCancel')];
      default:
        return unknownCommand(t, head!.text);
    }
  }

  /** The person and their language, or null for someone the store does not know. */
  async function whoAndLanguage(userId: string): Promise<{ user: User; t: Translate } | null> {
    const user = await store.users.get(userId);
    return user ? { user, t: translator.for(user.locale) } : null;
  }

  const unknownUser = (userId: string) => translator.t('zh-CN', 'commands.unknownUser', { user: userId });

  /** A finished whole form's result: field problems by field, otherwise the reply. */
  function submitted(t: Translate, form: FormDefinition<any>, done: Ran): SubmittedForm {
    if (done.ok) return { ok: true, reply: maskPersonalData(done.reply), caseId: done.caseId };
    if (done.issues && done.issues.length > 0) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of done.issues) fieldErrors[issue.field] = maskPersonalData(issueText(t, form, issue));
      return { ok: false, fieldErrors, reply: null };
    }
    // A refusal about one field's content is shown next to that field.
    const field = done.refusal?.field;
    if (field && Object.hasOwn(form.fields, field)) return { ok: false, fieldErrors: { [field]: maskPersonalData(done.reply) }, reply: null };
    return { ok: false, fieldErrors: {}, reply: maskPersonalData(done.reply) };
  }

  return {
    verbs,
    /** The form a stored or shown form names (a modal renders it). */
    formOf: (formId: string): FormDefinition<any> | undefined => forms.get(formId),

    /**
     * Control characters never get in (they are stripped from what is typed, before anything is stored) and every reply
     * passes through the privacy mask on its way out (Z29, Z31).
     */
    async handle(msg: IncomingMessage): Promise<string[]> {
      return (await handle({ ...msg, text: stripControls(msg.text) })).map(shown);
    },

    /**
     * The form the person left unfinished in this chat, said again with how to go on or give up; null when there is
     * none (or it has expired: that is said when they next write).
     */
    async pendingForm(msg: { channel: Channel; userId: string }): Promise<{ form: string; reminder: string } | null> {
      const who = await whoAndLanguage(msg.userId);
      const conv = who ? await store.conversations.get(msg.channel, msg.userId) : null;
      if (!who || !conv || service.now().getTime() - conv.updatedAt.getTime() > deps.formExpiryHours * 3_600_000) return null;
      const form = formName(who.t, conv);
      return { form: shown(form), reminder: shown(who.t('commands.formPending', { form, question: waitingFor(who.t, conv) })) };
    },

    /** What the person's open form in this chat waits for (null: none), so a chat can offer buttons for it. */
    async awaiting(msg: { channel: Channel; userId: string }): Promise<AwaitedAnswer | null> {
      const who = await whoAndLanguage(msg.userId);
      const conv = who ? await store.conversations.get(msg.channel, msg.userId) : null;
      const form = conv ? forms.get(conv.formId) : undefined;
      if (!who || !conv || !form) return null;
      if (conv.awaiting === CONFIRMATION) return { kind: 'confirmation' };
      const f = form.fields[conv.awaiting];
      if (!f) return null;
      const choices =
        f.kind === 'choice'
          ? (f.options ?? []).map((value) => ({ value, label: shown(optionLabel(who.t, form, conv.awaiting, value)) }))
          : f.kind === 'confirm' || f.kind === 'flag'
            ? [{ value: 'yes', label: who.t('commands.yesButton') }]
            : [];
      return { kind: 'field', field: conv.awaiting, choices };
    },

    /**
     * For chats with forms (a Slack modal): when `text` starts a form verb, checks that the person may fill it on its
     * target and returns what they already gave, so the whole form can be shown at once. `form: null` when `text` is
     * not a form verb, or is one that asks nothing (a resubmission): the chat answers it with `handle`.
     * `expectedVersion`: the case version a button showed; if the case moved on since, the form is refused with
     * "already decided by …".
     */
    async openForm(msg: IncomingMessage & { expectedVersion?: number }): Promise<OpenedForm> {
      const who = await whoAndLanguage(msg.userId);
      if (!who) return { ok: false, replies: [unknownUser(msg.userId)] };
      const tokenized = tokenize(stripControls(msg.text).trim());
      if (!tokenized.ok) return { ok: false, replies: [who.t('commands.unclosedQuote')].map(maskPersonalData) };
      const [head, ...rest] = tokenized.tokens;
      const spec = head ? formVerb(verbs.resolve(head.text) ?? '') : null;
      if (!spec) return { ok: true, form: null };
      const prepared = await prepare(who.user, who.t, spec, rest, msg.expectedVersion);
      if (!prepared.ok) return { ok: false, replies: prepared.replies.map(maskPersonalData) };
      if (prepared.resubmission) return { ok: true, form: null };
      return {
        ok: true,
        form: {
          verb: spec.verb,
          formId: prepared.form.id,
          target: prepared.target,
          caseVersion: prepared.caseVersion,
          values: prepared.values,
          ...(prepared.intro.length + prepared.notes.length > 0 ? { notes: [...prepared.intro, ...prepared.notes].map(maskPersonalData) } : {}),
        },
      };
    },

    /**
     * A button: the action on the case at the version the message showed. One that asks nothing is decided at once;
     * one with a form returns the form to show whole.
     */
    async press(msg: { channel: Channel; userId: string; caseId: string; version: number; action: string }): Promise<Pressed> {
      const who = await whoAndLanguage(msg.userId);
      if (!who) return { kind: 'replies', replies: [unknownUser(msg.userId)] };
      const checked = await service.check({ userId: msg.userId, caseId: msg.caseId, action: msg.action, version: msg.version });
      if (!checked.ok) return { kind: 'replies', replies: [maskPersonalData(errorText(who.t, checked))] };
      const form = checked.value.action.form;
      if (form && missingFields(form, {}).length > 0)
        return { kind: 'form', form: { verb: msg.action, formId: form.id, target: msg.caseId, caseVersion: msg.version, values: {} } };
      const done = await runForm(who.user, who.t, msg.channel, { verb: msg.action, formId: form?.id ?? '', target: msg.caseId, caseVersion: msg.version, values: {} });
      return { kind: 'replies', replies: [maskPersonalData(done.reply)] };
    },

    /**
     * A whole form submitted at once: field problems come back by field (shown next to it), otherwise the case is
     * started or the decision made, exactly as the step-by-step chat would.
     */
    async submitForm(msg: { channel: Channel; userId: string }, filled: FilledForm): Promise<SubmittedForm> {
      const who = await whoAndLanguage(msg.userId);
      const form = forms.get(filled.formId);
      if (!who || !form || !formVerb(filled.verb)) return { ok: false, fieldErrors: {}, reply: unknownUser(msg.userId) };
      const values: Record<string, string> = {};
      for (const [name, raw] of Object.entries(filled.values)) if (Object.hasOwn(form.fields, name)) values[name] = normalized(form, name, stripControls(raw));
      const done = await runForm(who.user, who.t, msg.channel, { ...filled, values });
      return submitted(who.t, form, done);
    },
  };
}

export type CommandHandler = ReturnType<typeof createCommandHandler>;

/** A form ready to show whole: which verb, on what, and the values already given. */
export interface FilledForm {
  verb: string;
  formId: string;
  target: string | null;
  /** For a decision: the case version the form was opened on (a stale form is refused as "already decided"). */
  caseVersion: number | null;
  values: Record<string, string>;
  /** What to read before filling it: a conditional dataset's open conditions, a value given but not valid. */
  notes?: readonly string[];
}

export type OpenedForm = { ok: true; form: FilledForm | null } | { ok: false; replies: string[] };

export type Pressed = { kind: 'replies'; replies: string[] } | { kind: 'form'; form: FilledForm };

export type SubmittedForm =
  | { ok: true; reply: string; caseId: string | null }
  /** `fieldErrors` by field name; `reply` when the refusal is about the case, not a field. */
  | { ok: false; fieldErrors: Record<string, string>; reply: string | null };

