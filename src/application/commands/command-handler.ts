// One parser and one handler set for every chat: adapters hand in { channel, userId, text } and send back the replies.
// Forms are asked one field at a time; the half-filled form is stored, so a restart loses nothing.
import type { DomainError, Params } from '../../domain/errors.ts';
import { checkField, missingFields, parseForm, type FieldIssue, type FormDefinition } from '../../domain/forms/form.ts';
import { approveForm, extendForm, rejectForm, returnForm } from '../../domain/forms/decision-forms.ts';
import { LOCALES, type Channel, type Dataset, type Locale, type User } from '../../domain/model.ts';
import type { WorkflowEvent, WorkflowId } from '../../domain/workflows/workflow.ts';
import { getWorkflow } from '../../domain/workflows/registry.ts';
import { countWorkingDays, explainWorkingDays, type WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { PolicyProfile } from '../../domain/policy/policy-profile.ts';
import type { Translate, Translator } from '../../i18n/translator.ts';
import type { CaseService } from '../case-service.ts';
import type { CaseQueries } from '../case-queries.ts';
import type { CaseRecord, Conversation, Store } from '../ports.ts';
import { tokenize, type Token } from './tokenize.ts';
import { resolveVerb, VERBS, type Verb } from './verbs.ts';
import { caseLine, datasetLine, dueText, formatInstant, stateName, workflowName } from './render.ts';

export interface IncomingMessage {
  channel: Channel;
  userId: string;
  text: string;
}

export interface CommandHandlerDeps {
  store: Store;
  service: CaseService;
  queries: CaseQueries;
  translator: Translator;
  calendar: WorkingCalendar;
  profile: PolicyProfile;
  timeZone: string;
}

type Target = 'none' | 'dataset' | 'case';

interface FormVerb {
  target: Target;
  form: FormDefinition<any>;
  /** The field that free text after the target fills, e.g. `object DS-0001 <text>`. */
  rest: string | null;
  /** For the starting verbs: which workflow. */
  workflow?: WorkflowId;
  /** For decisions: the event the completed form becomes. */
  toEvent?: (v: any) => WorkflowEvent;
  /** A harmless event to ask the state machine "may this person do this now?" before asking for the fields. */
  probe?: WorkflowEvent;
}

const FORM_VERBS: Partial<Record<Verb, FormVerb>> = {
  submit: { target: 'none', form: getWorkflow('W1').form, rest: null, workflow: 'W1' },
  apply: { target: 'dataset', form: getWorkflow('W5').form, rest: null, workflow: 'W5' },
  object: { target: 'dataset', form: getWorkflow('W7').form, rest: 'text', workflow: 'W7' },
  approve: {
    target: 'case',
    form: approveForm,
    rest: 'note',
    toEvent: (v: { note: string | null }) => (v.note ? { type: 'approve', note: v.note } : { type: 'approve' }),
    probe: { type: 'approve' },
  },
  return: {
    target: 'case',
    form: returnForm,
    rest: 'reasons',
    toEvent: (v: { reasons: string[] }) => ({ type: 'return', reasons: v.reasons }),
    probe: { type: 'return', reasons: ['-'] },
  },
  reject: {
    target: 'case',
    form: rejectForm,
    rest: 'basis',
    toEvent: (v: { basis: string; reason: string | null }) =>
      v.reason ? { type: 'reject', legalBasis: v.basis, reason: v.reason } : { type: 'reject', legalBasis: v.basis },
    probe: { type: 'reject', legalBasis: '-' },
  },
  extend: {
    target: 'case',
    form: extendForm,
    rest: 'reason',
    toEvent: (v: { days: number; reason: string }) => ({ type: 'extend', workingDays: v.days, reason: v.reason }),
    probe: { type: 'extend', workingDays: 1, reason: '-' },
  },
};

const DATASET_CODE = /^DS-\d+$/i;
const CASE_ID = /^C-\d+$/i;

export function createCommandHandler(deps: CommandHandlerDeps) {
  const { store, service, queries, translator, calendar, profile, timeZone } = deps;

  const errorText = (t: Translate, e: DomainError): string => {
    const params: Params = { ...(e.params ?? {}) };
    if (typeof params.state === 'string' && typeof params.workflow === 'string')
      params.stateName = stateName(t, params.workflow, params.state);
    return t(`errors.${e.error}`, params);
  };

  /** Field names and their labels in every language, so `标题=…` and `title=…` both work. */
  const fieldByKey = (form: FormDefinition<any>): Map<string, string> => {
    const m = new Map<string, string>();
    for (const name of form.order) {
      m.set(name.toLowerCase(), name);
      for (const l of LOCALES) m.set(translator.t(l, `forms.${form.id}.${name}.label`).toLowerCase(), name);
    }
    return m;
  };

  const fieldLabel = (t: Translate, form: FormDefinition<any>, name: string) => t(`forms.${form.id}.${name}.label`);

  const issueText = (t: Translate, form: FormDefinition<any>, issue: FieldIssue): string =>
    t(issue.code === 'missing' ? 'commands.fieldMissing' : 'commands.fieldInvalid', {
      label: fieldLabel(t, form, issue.field),
      hint: hintOf(t, form, issue.field),
    });

  const hintOf = (t: Translate, form: FormDefinition<any>, name: string): string => {
    const f = form.fields[name]!;
    const hint = t(`forms.${form.id}.${name}.hint`);
    return f.options ? `${hint} ${t('commands.options', { options: f.options.join(' / ') })}` : hint;
  };

  /** "question 3 of 7": where the next missing field stands among the fields this form asks, given the values so far. */
  const position = (form: FormDefinition<any>, values: Record<string, string>) => {
    const asked = form.order.filter((n) => {
      const f = form.fields[n]!;
      return !f.optional && (f.askIf ? f.askIf(values) : true);
    });
    const next = missingFields(form, values)[0];
    return { index: next ? asked.indexOf(next) + 1 : asked.length, total: asked.length };
  };

  const ask = (t: Translate, form: FormDefinition<any>, name: string, position: { index: number; total: number }): string =>
    t('commands.ask', { label: fieldLabel(t, form, name), hint: hintOf(t, form, name), ...position });

  async function datasetByCode(code: string): Promise<Dataset | null> {
    return store.datasets.findByCode(code);
  }

  async function agencyNames(): Promise<Map<string, string>> {
    return new Map((await store.agencies.list()).map((a) => [a.id, a.name]));
  }

  // ---------- forms ----------

  /** Runs a completed form, or asks for the next missing field. */
  async function advance(user: User, t: Translate, channel: Channel, conv: Omit<Conversation, 'awaiting' | 'updatedAt'>, notes: string[]): Promise<string[]> {
    const spec = FORM_VERBS[conv.verb as Verb]!;
    const missing = missingFields(spec.form, conv.values);
    if (missing.length > 0) {
      const awaiting = missing[0]!;
      await store.conversations.put(channel, user.id, { ...conv, awaiting, updatedAt: service.now() });
      return [...notes, ask(t, spec.form, awaiting, position(spec.form, conv.values))];
    }
    await store.conversations.clear(channel, user.id);
    const parsed = parseForm(spec.form, conv.values);
    if (!parsed.ok) return [...notes, ...parsed.issues.map((i) => issueText(t, spec.form, i))];
    if (spec.workflow) {
      const result = await service.start(user, spec.workflow, parsed.value, conv.target, channel);
      if (!result.ok) return [...notes, errorText(t, result)];
      return [...notes, startedText(t, result.value)];
    }
    const result = await service.decide(user, conv.target!, spec.toEvent!(parsed.value), channel);
    if (!result.ok) return [...notes, errorText(t, result)];
    return [...notes, decidedText(t, result.value)];
  }

  function startedText(t: Translate, c: CaseRecord): string {
    return t('commands.started', {
      caseId: c.id,
      workflow: workflowName(t, c.workflow),
      state: stateName(t, c.workflow, c.state),
      due: c.deadline ? dueText(t, c.deadline) : '—',
    });
  }

  function decidedText(t: Translate, c: CaseRecord): string {
    return c.deadline
      ? t('commands.decidedWithDue', { caseId: c.id, state: stateName(t, c.workflow, c.state), due: dueText(t, c.deadline) })
      : t('commands.decided', { caseId: c.id, state: stateName(t, c.workflow, c.state) });
  }

  async function startForm(user: User, t: Translate, channel: Channel, verb: Verb, tokens: Token[]): Promise<string[]> {
    const spec = FORM_VERBS[verb]!;
    const positional = tokens.filter((x) => x.key === null).map((x) => x.text);
    const named = tokens.filter((x) => x.key !== null);
    let target: string | null = null;

    if (spec.target !== 'none') {
      const first = positional.shift();
      const pattern = spec.target === 'dataset' ? DATASET_CODE : CASE_ID;
      if (!first || !pattern.test(first)) return [t('commands.usage', { usage: t(`commands.help.${verb}`) })];
      if (spec.target === 'dataset') {
        const ds = await datasetByCode(first);
        if (!ds) return [errorText(t, { ok: false, error: 'NOT_FOUND', params: { caseId: first.toUpperCase() } })];
        target = ds.id;
        const refusal = await service.canStart(user, spec.workflow!, ds.id);
        if (refusal) return [errorText(t, refusal)];
      } else {
        target = first.toUpperCase();
        const probe = await service.decide(user, target, spec.probe!, channel, { dryRun: true });
        if (!probe.ok) return [errorText(t, probe)];
      }
    } else if (spec.workflow) {
      const refusal = await service.canStart(user, spec.workflow, null);
      if (refusal) return [errorText(t, refusal)];
    }

    const values: Record<string, string> = {};
    const keys = fieldByKey(spec.form);
    for (const tok of named) {
      const name = keys.get(tok.key!.toLowerCase());
      if (!name)
        return [t('commands.unknownField', { key: tok.key!, fields: spec.form.order.join(', ') })];
      values[name] = tok.value;
    }
    if (positional.length > 0) {
      if (!spec.rest) return [t('commands.usage', { usage: t(`commands.help.${verb}`) })];
      values[spec.rest] = [values[spec.rest], positional.join(' ')].filter(Boolean).join(' ');
    }

    // A value given but not valid is dropped and asked again, with the reason.
    const notes: string[] = [];
    for (const [name, given] of Object.entries(values)) {
      const issue = checkField(spec.form, name, given);
      if (issue) {
        notes.push(issueText(t, spec.form, issue));
        delete values[name];
      }
    }
    return advance(user, t, channel, { verb, target, formId: spec.form.id, values }, notes);
  }

  async function answer(user: User, t: Translate, channel: Channel, conv: Conversation, text: string): Promise<string[]> {
    const spec = FORM_VERBS[conv.verb as Verb];
    if (!spec) {
      await store.conversations.clear(channel, user.id);
      return [t('commands.unknown')];
    }
    // An answer may also name its field (`type=api`), or any other field of the form.
    const tokens = tokenize(text);
    const keys = fieldByKey(spec.form);
    const named =
      tokens.ok && tokens.tokens.length > 0 && tokens.tokens.every((x) => x.key !== null && keys.has(x.key.toLowerCase()))
        ? tokens.tokens.map((x) => [keys.get(x.key!.toLowerCase())!, x.value] as const)
        : [[conv.awaiting, text.trim()] as const];
    const values = { ...conv.values };
    for (const [name, given] of named) {
      const issue = checkField(spec.form, name, given);
      if (issue) return [issueText(t, spec.form, { ...issue, code: 'invalid' }), ask(t, spec.form, conv.awaiting, position(spec.form, conv.values))];
      values[name] = given.trim();
    }
    return advance(user, t, channel, { ...conv, values }, []);
  }

  /** The applicant corrects a returned case: the fields they give replace the old values; the rest stay. */
  async function resubmit(user: User, t: Translate, channel: Channel, tokens: Token[]): Promise<string[]> {
    const [first, ...more] = tokens;
    if (!first || first.key !== null || !CASE_ID.test(first.text)) return [t('commands.usage', { usage: t('commands.help.resubmit') })];
    const caseId = first.text.toUpperCase();
    const rec = await store.cases.get(caseId);
    if (!rec) return [errorText(t, { ok: false, error: 'NOT_FOUND', params: { caseId } })];
    const form = getWorkflow(rec.workflow).form;
    const keys = fieldByKey(form);
    const input: Record<string, string> = {};
    for (const tok of more) {
      const name = tok.key ? keys.get(tok.key.toLowerCase()) : undefined;
      if (!name) return [t('commands.unknownField', { key: tok.key ?? tok.text, fields: form.order.join(', ') })];
      const issue = checkField(form, name, tok.value);
      if (issue) return [issueText(t, form, { ...issue, code: 'invalid' })];
      input[name] = tok.value;
    }
    const result = await service.decide(user, caseId, { type: 'resubmit', input }, channel);
    if (!result.ok) return [errorText(t, result)];
    return [decidedText(t, result.value)];
  }

  // ---------- read-only verbs ----------

  async function help(t: Translate, verb?: string): Promise<string[]> {
    const one = verb ? resolveVerb(verb) : null;
    if (one) return [t(`commands.help.${one}`)];
    const lines = [t('commands.helpHeader')];
    for (const v of Object.keys(VERBS) as Verb[]) lines.push(`  ${t(`commands.help.${v}`)}`);
    lines.push(t('commands.helpFooter'));
    return [lines.join('\n')];
  }

  async function datasets(t: Translate, words: string[]): Promise<string[]> {
    const found = await store.datasets.search({ status: 'published', ...(words.length ? { words } : {}) });
    if (found.length === 0) return [t('commands.noDatasets')];
    const names = await agencyNames();
    return [[t('commands.datasetsHeader', { count: found.length }), ...found.map((d) => datasetLine(t, d, names.get(d.providerAgencyId) ?? d.providerAgencyId))].join('\n')];
  }

  async function listCases(t: Translate, cases: CaseRecord[], header: string, empty: string): Promise<string[]> {
    if (cases.length === 0) return [t(empty)];
    const today = service.today();
    const lines = [t(header, { count: cases.length })];
    for (const c of cases) {
      const dataset = c.datasetId ? await store.datasets.get(c.datasetId) : null;
      const overdueDays = c.deadline && c.deadline.dueOn < today ? countWorkingDays(calendar, c.deadline.dueOn, today) : 0;
      lines.push(caseLine(t, c, { dataset, today, overdueDays }));
    }
    return [lines.join('\n')];
  }

  async function status(user: User, t: Translate, caseId: string): Promise<string[]> {
    const found = await queries.detail(user, caseId);
    if (!found.ok) return [errorText(t, found)];
    const { record: c, dataset, applicant, history, grants } = found.value;
    const names = await agencyNames();
    const lines = [`${c.id} · ${workflowName(t, c.workflow)}${dataset ? ` · ${dataset.code} ${dataset.name}` : ''}`];
    lines.push(t('commands.statusState', { state: stateName(t, c.workflow, c.state) }));
    if (applicant) lines.push(t('commands.statusApplicant', { name: applicant.name }));
    if (c.assignee) lines.push(t('commands.statusAssignee', { agency: names.get(c.assignee.agencyId) ?? c.assignee.agencyId }));
    if (c.deadline) lines.push(t('commands.statusDue', { due: dueText(t, c.deadline), days: c.deadline.workingDays, start: c.deadline.startedOn }));
    const data = c.data as { reasons?: string[] } | null;
    if (c.state === 'returned' && data?.reasons?.length) lines.push(t('commands.statusReasons', { reasons: data.reasons.map((r, i) => `${i + 1}. ${r}`).join('\n') }));
    for (const g of grants) lines.push(t('commands.statusGrant', { dataset: dataset?.code ?? g.datasetId, expiresOn: g.expiresOn, agreement: g.agreementRef }));
    if (history.length) {
      lines.push(t('commands.statusHistory'));
      const people = new Map((await store.users.list()).map((u) => [u.id, u.name]));
      for (const h of history)
        lines.push(`  ${formatInstant(h.at, timeZone)} ${people.get(h.actorId) ?? h.actorId} ${t(`actions.${h.action}`)}${h.detail.reasons ? `：${String(h.detail.reasons).replace(/\n/g, ' ')}` : ''}${h.detail.legalBasis ? `（${h.detail.legalBasis}）` : ''}`);
    }
    return [lines.join('\n')];
  }

  async function why(user: User, t: Translate, caseId: string): Promise<string[]> {
    const found = await queries.detail(user, caseId);
    if (!found.ok) return [errorText(t, found)];
    const c = found.value.record;
    if (!c.deadline) return [t('commands.whyNoClock', { caseId: c.id, state: stateName(t, c.workflow, c.state) })];
    const { startedOn, workingDays } = c.deadline;
    const explained = explainWorkingDays(calendar, startedOn, workingDays);
    const lines = [
      t('commands.whyHeader', {
        caseId: c.id,
        state: stateName(t, c.workflow, c.state),
        days: workingDays,
        start: startedOn,
        due: dueText(t, c.deadline),
        profile: profile.name[user.locale],
        timeZone,
      }),
    ];
    for (const d of explained.days) {
      const what = d.counted !== null ? t('calendar.explain.counted', { n: d.counted }) : t(`calendar.kind.${d.kind}`);
      const name = d.name && translator.has(user.locale, `calendar.names.${d.name}`) ? t(`calendar.names.${d.name}`) : d.name;
      lines.push(`  ${d.date} ${t(`calendar.weekday.${weekdayOf(d.date)}`)} ${what}${name ? ` ${name}` : ''}`);
    }
    if (explained.provisional) lines.push(t('common.provisionalNote'));
    return [lines.join('\n')];
  }

  // ---------- entry point ----------

  async function handle(msg: IncomingMessage): Promise<string[]> {
    const user = await store.users.get(msg.userId);
    if (!user) return [translator.t('zh-CN', 'commands.unknownUser', { user: msg.userId })];
    const t = translator.for(user.locale);
    const text = msg.text.trim();
    const conv = await store.conversations.get(msg.channel, user.id);
    const firstWord = text.split(/\s+/)[0] ?? '';
    if (conv) {
      const verb = resolveVerb(firstWord);
      if (verb === 'cancel' && text.split(/\s+/).length === 1) {
        await store.conversations.clear(msg.channel, user.id);
        return [t('commands.cancelled')];
      }
      if (verb !== 'help' || text.split(/\s+/).length > 1) return answer(user, t, msg.channel, conv, text);
    }
    if (text === '') return help(t);
    const tokenized = tokenize(text);
    if (!tokenized.ok) return [t('commands.unclosedQuote')];
    const [head, ...rest] = tokenized.tokens;
    const verb = resolveVerb(head!.text);
    if (!verb) return [t('commands.unknown', { word: head!.text })];
    const words = rest.map((x) => x.text);

    if (FORM_VERBS[verb]) return startForm(user, t, msg.channel, verb, rest);
    switch (verb) {
      case 'help':
        return help(t, words[0]);
      case 'datasets':
        return datasets(t, words);
      case 'mine':
        return listCases(t, await queries.mine(user), 'commands.mineHeader', 'commands.mineEmpty');
      case 'queue':
        return listCases(t, await queries.queue(user), 'commands.queueHeader', 'commands.queueEmpty');
      case 'status':
        return words[0] ? status(user, t, words[0]) : listCases(t, await queries.mine(user), 'commands.mineHeader', 'commands.mineEmpty');
      case 'why':
        return words[0] ? why(user, t, words[0]) : [t('commands.usage', { usage: t('commands.help.why') })];
      case 'lang': {
        const wanted = LOCALES.find((l) => l.toLowerCase() === (words[0] ?? '').toLowerCase() || (words[0] === '中文' && l === 'zh-CN'));
        if (!wanted) return [t('commands.usage', { usage: t('commands.help.lang') })];
        await store.users.setLocale(user.id, wanted);
        return [translator.t(wanted, 'commands.langSet')];
      }
      case 'cancel':
        return [t('commands.nothingToCancel')];
      case 'resubmit':
        return resubmit(user, t, msg.channel, rest);
      default:
        return [t('commands.unknown', { word: head!.text })];
    }
  }

  return { handle };
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export type CommandHandler = ReturnType<typeof createCommandHandler>;
export type { Locale };
