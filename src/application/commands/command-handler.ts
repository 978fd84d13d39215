// One parser and one handler set for every chat: adapters hand in { channel, userId, text } and send back the replies.
// Forms are asked one field at a time; the half-filled form is stored, so a restart loses nothing.
import { checkField, missingFields, parseForm } from '../../domain/forms/form.ts';
import { LOCALES, type Channel, type Dataset, type User } from '../../domain/model.ts';
import { getWorkflow } from '../../domain/workflows/registry.ts';
import { maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';
import type { TaskService } from '../task-service.ts';
import type { Translate } from '../../i18n/translator.ts';
import type { CaseRecord, Conversation } from '../ports.ts';
import { tokenize, type Token } from './tokenize.ts';
import { resolveVerb, type Verb } from './verbs.ts';
import { dueText, errorText, stateName, workflowName } from './render.ts';
import { CASE_ID, DATASET_CODE, FORM_VERBS } from './form-verbs.ts';
import { createFormText } from './form-text.ts';
import { createReadReplies, type ReadRepliesDeps } from './read-replies.ts';
import { createTaskReplies } from './task-replies.ts';

export interface IncomingMessage {
  channel: Channel;
  userId: string;
  text: string;
}

export type CommandHandlerDeps = ReadRepliesDeps & { tasks: TaskService };

export function createCommandHandler(deps: CommandHandlerDeps) {
  const { store, service, queries, translator } = deps;

  const { fieldByKey, issueText, position, ask } = createFormText(translator);
  const { help, datasets, listCases, status, why } = createReadReplies(deps);
  const people = createTaskReplies(deps);

  async function datasetByCode(code: string): Promise<Dataset | null> {
    return store.datasets.findByCode(code);
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
    const done = await runForm(user, t, channel, conv.verb as Verb, conv.target, conv.caseVersion, parsed.value);
    return [...notes, done.reply];
  }

  /** A completed, valid form becomes a new case or a decision. */
  async function runForm(
    user: User,
    t: Translate,
    channel: Channel,
    verb: Verb,
    target: string | null,
    caseVersion: number | null,
    value: unknown,
  ): Promise<{ ok: boolean; reply: string; caseId: string | null; error?: string }> {
    const spec = FORM_VERBS[verb]!;
    if (spec.workflow) {
      const result = await service.start(user, spec.workflow, value, target, channel);
      if (!result.ok) return { ok: false, reply: errorText(t, result), caseId: null, error: result.error };
      return { ok: true, reply: startedText(t, result.value), caseId: result.value.id };
    }
    const result = await service.decide(user, target!, spec.toEvent!(value), channel, {
      ...(caseVersion !== null ? { expectedVersion: caseVersion } : {}),
    });
    if (!result.ok) return { ok: false, reply: errorText(t, result), caseId: target, error: result.error };
    return { ok: true, reply: decidedText(t, result.value), caseId: result.value.id };
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
    const prepared = await prepare(user, t, channel, verb, tokens);
    if (!prepared.ok) return prepared.replies;
    const { target, caseVersion, values, notes } = prepared;
    return advance(user, t, channel, { verb, target, formId: FORM_VERBS[verb]!.form.id, values, caseVersion }, notes);
  }

  type Prepared =
    | { ok: true; target: string | null; caseVersion: number | null; values: Record<string, string>; notes: string[] }
    | { ok: false; replies: string[] };

  /** May `user` fill `verb`'s form on the target named in `tokens`, and which fields did they already give? */
  async function prepare(user: User, t: Translate, channel: Channel, verb: Verb, tokens: Token[], expectedVersion?: number): Promise<Prepared> {
    const spec = FORM_VERBS[verb]!;
    const positional = tokens.filter((x) => x.key === null).map((x) => x.text);
    const named = tokens.filter((x) => x.key !== null);
    let target: string | null = null;
    let caseVersion: number | null = null;

    if (spec.target !== 'none') {
      const first = positional.shift();
      const pattern = spec.target === 'dataset' ? DATASET_CODE : CASE_ID;
      if (!first || !pattern.test(first)) return { ok: false, replies: [t('commands.usage', { usage: t(`commands.help.${verb}`) })] };
      if (spec.target === 'dataset') {
        const ds = await datasetByCode(first);
        if (!ds) return { ok: false, replies: [errorText(t, { ok: false, error: 'NOT_FOUND', params: { caseId: first.toUpperCase() } })] };
        target = ds.id;
        const refusal = await service.canStart(user, spec.workflow!, ds.id);
        if (refusal) return { ok: false, replies: [errorText(t, refusal)] };
      } else {
        target = first.toUpperCase();
        const probe = await service.decide(user, target, spec.probe!, channel, { dryRun: true, ...(expectedVersion !== undefined ? { expectedVersion } : {}) });
        if (!probe.ok) return { ok: false, replies: [errorText(t, probe)] };
        caseVersion = probe.value.version;
      }
    } else if (spec.workflow) {
      const refusal = await service.canStart(user, spec.workflow, null);
      if (refusal) return { ok: false, replies: [errorText(t, refusal)] };
    }

    const values: Record<string, string> = {};
    const keys = fieldByKey(spec.form);
    for (const tok of named) {
      const name = keys.get(tok.key!.toLowerCase());
      if (!name)
        return { ok: false, replies: [t('commands.unknownField', { key: tok.key!, fields: spec.form.order.join(', ') })] };
      values[name] = tok.value;
    }
    if (positional.length > 0) {
      if (!spec.rest) return { ok: false, replies: [t('commands.usage', { usage: t(`commands.help.${verb}`) })] };
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
    return { ok: true, target, caseVersion, values, notes };
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
        return people.queue(user, t);
      case 'nudge':
        return people.nudge(user, t, msg.channel, words);
      case 'reassign':
        return people.reassign(user, t, msg.channel, words);
      case 'overdue':
        return people.overdue(user, t);
      case 'delegate':
        return people.delegate(user, t, msg.channel, words);
      case 'digest':
        return people.digest(user, t, words);
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

  /** The person and their language, or null for someone the store does not know. */
  async function whoAndLanguage(userId: string): Promise<{ user: User; t: Translate } | null> {
    const user = await store.users.get(userId);
    return user ? { user, t: translator.for(user.locale) } : null;
  }

  return {
    /** Every reply passes through the privacy mask on its way out (Z29-31). */
    async handle(msg: IncomingMessage): Promise<string[]> {
      return (await handle(msg)).map(maskPersonalData);
    },

    /**
     * For chats with forms (a Slack modal): when `text` starts a form verb, checks that the person may fill it on its
     * target and returns what they already gave, so the whole form can be shown at once. `form: null` when `text` is
     * not a form verb (the chat answers it with `handle`). `expectedVersion`: the case version a button showed; if the
     * case moved on since, the form is refused with "already decided by …".
     */
    async openForm(msg: IncomingMessage & { expectedVersion?: number }): Promise<OpenedForm> {
      const who = await whoAndLanguage(msg.userId);
      if (!who) return { ok: false, replies: [translator.t('zh-CN', 'commands.unknownUser', { user: msg.userId })] };
      const tokenized = tokenize(msg.text.trim());
      if (!tokenized.ok) return { ok: false, replies: [who.t('commands.unclosedQuote')].map(maskPersonalData) };
      const [head, ...rest] = tokenized.tokens;
      const verb = head ? resolveVerb(head.text) : null;
      if (!verb || !FORM_VERBS[verb]) return { ok: true, form: null };
      const prepared = await prepare(who.user, who.t, msg.channel, verb, rest, msg.expectedVersion);
      if (!prepared.ok) return { ok: false, replies: prepared.replies.map(maskPersonalData) };
      return {
        ok: true,
        form: { verb, formId: FORM_VERBS[verb]!.form.id, target: prepared.target, caseVersion: prepared.caseVersion, values: prepared.values },
      };
    },

    /**
     * A whole form submitted at once: field problems come back by field (shown next to it), otherwise the case is
     * started or the decision made, exactly as the step-by-step chat would.
     */
    async submitForm(msg: { channel: Channel; userId: string }, form: FilledForm): Promise<SubmittedForm> {
      const who = await whoAndLanguage(msg.userId);
      const spec = FORM_VERBS[form.verb as Verb];
      if (!who || !spec) return { ok: false, fieldErrors: {}, reply: translator.t('zh-CN', 'commands.unknownUser', { user: msg.userId }) };
      const parsed = parseForm(spec.form, form.values);
      if (!parsed.ok) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.issues) fieldErrors[issue.field] = maskPersonalData(issueText(who.t, spec.form, issue));
        return { ok: false, fieldErrors, reply: null };
      }
      const done = await runForm(who.user, who.t, msg.channel, form.verb as Verb, form.target, form.caseVersion, parsed.value);
      if (done.ok) return { ok: true, reply: maskPersonalData(done.reply), caseId: done.caseId };
      // A refusal about one field's content is shown next to that field.
      const field = done.error ? FIELD_OF_ERROR[done.error] : undefined;
      if (field && spec.form.fields[field]) return { ok: false, fieldErrors: { [field]: maskPersonalData(done.reply) }, reply: null };
      return { ok: false, fieldErrors: {}, reply: maskPersonalData(done.reply) };
    },
  };
}

export type CommandHandler = ReturnType<typeof createCommandHandler>;

/** Refusals of the state machine that are about one field of the form that was filled. */
const FIELD_OF_ERROR: Readonly<Record<string, string>> = {
  PERIOD_IN_PAST: 'period',
  LEGAL_BASIS_REQUIRED: 'basis',
  REASONS_REQUIRED: 'reasons',
  COMMITMENT_REQUIRED: 'commit',
  CONDITIONS_REQUIRED: 'conditions',
  EXTENSION_LIMIT: 'days',
};

/** A form ready to show whole: which verb, on what, and the values already given. */
export interface FilledForm {
  verb: string;
  formId: string;
  target: string | null;
  /** For a decision: the case version the form was opened on (a stale form is refused as "already decided"). */
  caseVersion: number | null;
  values: Record<string, string>;
}

export type OpenedForm = { ok: true; form: FilledForm | null } | { ok: false; replies: string[] };

export type SubmittedForm =
  | { ok: true; reply: string; caseId: string | null }
  /** `fieldErrors` by field name; `reply` when the refusal is about the case, not a field. */
  | { ok: false; fieldErrors: Record<string, string>; reply: string | null };
