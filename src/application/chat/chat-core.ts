// What every chat platform does the same way, whatever it renders: who an account is and linking it, help for people
// not linked yet, commands, button presses and whole forms, the home sections, which actions a task message carries,
// and what the old copies of a case say once it moved on. A platform's adapter renders these and talks to its API.
import { WHY_APPLICANT_STEP } from '../../domain/workflows/notify.ts';
import type { Channel, ChatPlatform, Locale, User } from '../../domain/model.ts';
import { maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';
import { countWorkingDays, type WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { localDateOf } from '../../domain/calendar/local-date.ts';
import type { Translate, Translator } from '../../i18n/translator.ts';
import type { CaseService, Outcome } from '../case-service.ts';
import type { CaseQueries } from '../case-queries.ts';
import type { TaskService } from '../task-service.ts';
import type { CaseRecord } from '../ports/cases.ts';
import type { PostedMessage } from '../ports/chat.ts';
import type { Store } from '../ports/store.ts';
import { tasksOwedBy } from '../reminders/tasks-owed.ts';
import type { AwaitedAnswer, CommandHandler, FilledForm, SubmittedForm } from '../commands/command-handler.ts';
import { caseLine, formatInstant, stateName } from '../commands/render.ts';
import type { Vocabulary } from '../commands/vocabulary.ts';

/** Linking a chat account to a kaifang user; implemented by the identity service. */
export interface ChatIdentities {
  whoIs(platform: ChatPlatform, externalId: string): Promise<User | null>;
  link(platform: ChatPlatform, externalId: string, code: string, now: Date): Promise<Outcome<User>>;
}

export interface ChatCoreDeps {
  store: Pick<Store, 'users' | 'cases' | 'datasets' | 'postedMessages' | 'delegations' | 'agencies' | 'once' | 'preferences'>;
  handler: CommandHandler;
  service: CaseService;
  tasks: TaskService;
  queries: CaseQueries;
  identities: ChatIdentities;
  translator: Translator;
  vocabulary: Vocabulary;
  calendar: WorkingCalendar;
  timeZone: string;
  defaultLocale: Locale;
  now: () => Date;
}

/** Who is writing: their account on the platform, and the language the platform says they use. */
export interface ChatAccount {
  platform: ChatPlatform;
  externalId: string;
  /** The platform's locale for the person, read only when it is needed (unlinked help, linking). */
  locale?: () => Promise<Locale | null>;
}

export interface ChatOptions {
  /**
   * A chat without forms to show whole (Telegram): a form verb asks its fields one at a time, and every form is shown
   * whole for a yes before anything is filed.
   */
  stepByStep?: boolean;
}

export type ChatReply =
  | { kind: 'replies'; lines: string[] }
  /** The same delivery again (a platform's retry, or a replayed request): already applied, nothing to do or say. */
  | { kind: 'duplicate' }
  /** A whole form to show (a modal), in the person's language. */
  | { kind: 'form'; user: User; t: Translate; form: FilledForm };

export interface HomeSection {
  title: string;
  lines: string[];
  empty: string;
}

/** The buttons a task message carries for its reader. */
export interface TaskButtons {
  caseId: string;
  version: number;
  actions: { verb: string; label: string; style: 'primary' | 'danger' | 'plain' }[];
}

/**
 * How long a delivery id is remembered. Platforms retry within minutes (Slack: three times over about five minutes),
 * and a replayed Slack request older than five minutes fails its signature check anyway.
 */
export const DELIVERY_MEMORY_MS = 60 * 60 * 1000;
/** Forgetting old delivery ids is done at most this often. */
const FORGET_EVERY_MS = 10 * 60 * 1000;

/** Messages to the people who owe a step: those may carry the decision buttons. */
const TASK_REASONS = new Set(['notify.why.assignee', 'notify.why.assignedToYou', 'notify.why.delegate']);

export function createChatCore(deps: ChatCoreDeps) {
  const { store, handler, service, identities, translator, vocabulary } = deps;
  const tFor = (user: User | null, fallback: Locale = deps.defaultLocale) => translator.for(user?.locale ?? fallback);
  const masked = (lines: string[]) => lines.map(maskPersonalData);
  const isVerb = (word: string, verb: string) => vocabulary.verbWords(verb).includes(word.replace(/^\//, '').toLowerCase());

  async function platformT(account: ChatAccount): Promise<Translate> {
    return translator.for((await account.locale?.()) ?? deps.defaultLocale);
  }

  /**
   * Every interaction a platform delivers — a command, a button, a form sent back — carries the platform's id for that
   * delivery (Slack's trigger id, Telegram's update id). The first time an id is seen it is claimed; the same id again
   * is a retry or a replay and is applied no more. Claimed before the work: a crash mid-way loses that one request
   * (the person sends it again) rather than applying it twice.
   */
  async function firstDelivery(platform: ChatPlatform, delivery: string | undefined): Promise<boolean> {
    if (delivery === undefined || delivery === '') return true;
    return store.once.claim(`delivery:${platform}:${delivery}`, deps.now());
  }
  let lastForgotten = 0;

  async function lineOf(t: Translate, c: CaseRecord, today: string): Promise<string> {
    const dataset = c.datasetId ? await store.datasets.get(c.datasetId) : null;
    const overdueDays = c.deadline && c.deadline.dueOn < today ? countWorkingDays(deps.calendar, c.deadline.dueOn, today) : 0;
    const subject = service.workflows.get(c.workflow)?.subject?.(c.data) ?? null;
    return maskPersonalData(`• ${caseLine(t, c, { dataset, subject, today, overdueDays })}`);
  }

  return {
    whoIs: (account: ChatAccount) => identities.whoIs(account.platform, account.externalId),
    tFor,

    /**
     * A typed command: `link <code>` links the account; someone not linked gets help and nothing else; a form verb
     * comes back as a form to show whole; anything else is answered.
     */
    async command(account: ChatAccount, text: string, delivery?: string, options: ChatOptions = {}): Promise<ChatReply> {
      const p = account.platform;
      if (!(await firstDelivery(p, delivery))) return { kind: 'duplicate' };
      const trimmed = text.trim();
      const [first = '', ...rest] = trimmed.split(/\s+/);
      const user = await identities.whoIs(p, account.externalId);
      if (isVerb(first, 'link')) {
        const code = rest[0];
        const t = user ? tFor(user) : await platformT(account);
        if (!code) return { kind: 'replies', lines: [t(`${p}.linkUsage`)] };
        const linked = await identities.link(p, account.externalId, code, deps.now());
        if (!linked.ok) return { kind: 'replies', lines: [t(`errors.${linked.error}`, linked.params ?? {})] };
        // Language follows the person's platform locale until they choose one with `lang`: an explicit choice wins.
        const chosen = (await store.preferences.get(linked.value.id)).localeChosen;
        const locale = chosen ? linked.value.locale : ((await account.locale?.()) ?? deps.defaultLocale);
        if (!chosen) await store.users.setLocale(linked.value.id, locale);
        return { kind: 'replies', lines: [translator.t(locale, `${p}.linked`, { name: linked.value.name, id: linked.value.id })] };
      }
      if (!user) {
        const t = await platformT(account);
        if (first === '' || isVerb(first, 'help')) return { kind: 'replies', lines: [t(`${p}.helpUnlinked`)] };
        return { kind: 'replies', lines: [t(`${p}.notLinked`)] };
      }
      const channel: Channel = p;
      if (options.stepByStep) return { kind: 'replies', lines: await handler.handle({ channel, userId: user.id, text: trimmed, confirmEveryForm: true }) };
      const opened = await handler.openForm({ channel, userId: user.id, text: trimmed });
      if (!opened.ok) return { kind: 'replies', lines: masked(opened.replies) };
      if (opened.form) return { kind: 'form', user, t: tFor(user), form: opened.form };
      return { kind: 'replies', lines: await handler.handle({ channel, userId: user.id, text: trimmed }) };
    },

    /**
     * The commands as a platform's menu shows them (Telegram's setMyCommands): every verb that can be typed as a
     * command name, with what its help says it does, in one language.
     */
    commandMenu(locale: Locale): { command: string; description: string }[] {
      const t = translator.for(locale);
      return handler.verbs.verbs
        .filter((verb) => /^[a-z][a-z0-9_]{0,31}$/.test(verb))
        .map((verb) => {
          const help = t(`commands.help.${verb}`);
          const what = help.includes(' — ') ? help.slice(help.indexOf(' — ') + 3) : help;
          return { command: verb, description: what.length <= 256 ? what : `${what.slice(0, 255)}…` };
        });
    },

    /** What the person's open form waits for on this platform (null: no form, or not linked). */
    async awaiting(account: ChatAccount): Promise<AwaitedAnswer | null> {
      const user = await identities.whoIs(account.platform, account.externalId);
      return user ? handler.awaiting({ channel: account.platform, userId: user.id }) : null;
    },

    /** A button on a task message: decided at once, or the action's form to show. */
    async press(account: ChatAccount, press: { caseId: string; version: number; action: string }, delivery?: string, options: ChatOptions = {}): Promise<ChatReply> {
      if (!(await firstDelivery(account.platform, delivery))) return { kind: 'duplicate' };
      const user = await identities.whoIs(account.platform, account.externalId);
      if (!user) return { kind: 'replies', lines: [tFor(null)(`${account.platform}.notLinked`)] };
      const pressed = await handler.press({ channel: account.platform, userId: user.id, ...press });
      // A chat without forms asks the action's fields one at a time, as if the command had been typed.
      if (pressed.kind === 'form' && options.stepByStep)
        return { kind: 'replies', lines: await handler.handle({ channel: account.platform, userId: user.id, text: `${press.action} ${press.caseId}`, confirmEveryForm: true }) };
      if (pressed.kind === 'form') return { kind: 'form', user, t: tFor(user), form: pressed.form };
      return { kind: 'replies', lines: pressed.replies };
    },

    /** A whole form sent back. Null when there is nothing to do: the account is not linked, or the delivery was seen. */
    async submit(account: ChatAccount, form: FilledForm, delivery?: string): Promise<SubmittedForm | null> {
      if (!(await firstDelivery(account.platform, delivery))) return null;
      const user = await identities.whoIs(account.platform, account.externalId);
      if (!user) return null;
      return handler.submitForm({ channel: account.platform, userId: user.id }, form);
    },

    /** The form a filled form names, to render. */
    formOf: (form: FilledForm) => handler.formOf(form.formId),

    /** My tasks by deadline, my cases, and for a supervisor the overdue work they supervise. */
    async home(user: User): Promise<{ title: string; sections: HomeSection[] }> {
      const t = tFor(user);
      const today = localDateOf(deps.now(), deps.timeZone);
      const lines = (cases: CaseRecord[]) => Promise.all(cases.map((c) => lineOf(t, c, today)));
      const sections: HomeSection[] = [
        { title: t('chat.home.tasks'), lines: await lines(await deps.tasks.queue(user)), empty: t('chat.home.noTasks') },
        { title: t('chat.home.mine'), lines: await lines(await deps.queries.mine(user)), empty: t('chat.home.noCases') },
      ];
      if (user.roles.includes('supervisor')) {
        const overdue = await deps.tasks.overdue(user);
        sections.push({ title: t('chat.home.overdue'), lines: await lines(overdue.ok ? overdue.value.map((o) => o.record) : []), empty: t('chat.home.noOverdue') });
      }
      return { title: t('chat.home.title'), sections };
    },

    /** The home of someone not linked yet: how to link. */
    async unlinkedHome(account: ChatAccount): Promise<{ title: string; sections: HomeSection[] }> {
      const t = await platformT(account);
      return { title: t('chat.home.title'), sections: [{ title: t('chat.home.unlinkedTitle'), lines: [], empty: t(`${account.platform}.notLinked`) }] };
    },

    /**
     * Which buttons a message carries: on a task its reader owes now (the message says so by its reason), the
     * actions the workflow gives them in this state that have a button; otherwise none.
     */
    async taskButtons(userId: string, caseId: string | null, why: unknown): Promise<TaskButtons | null> {
      if (!caseId || typeof why !== 'string' || !(TASK_REASONS.has(why) || why === WHY_APPLICANT_STEP)) return null;
      const reader = await store.users.get(userId);
      if (!reader) return null;
      const owed =
        why === WHY_APPLICANT_STEP
          ? await store.cases.get(caseId).then((c) => (c?.applicantId === userId ? c : null))
          : (await tasksOwedBy(store, reader, localDateOf(deps.now(), deps.timeZone))).find((c) => c.id === caseId);
      if (!owed) return null;
      const t = tFor(reader);
      const actions = (await service.availableActions(reader, owed))
        .filter((a) => a.button !== undefined)
        .map((a) => ({ verb: a.verb, label: t(`chat.button.${a.verb}`), style: a.button! }));
      return actions.length > 0 ? { caseId: owed.id, version: owed.version, actions } : null;
    },

    /** The copies of the case on the platform that show an older version, each with what it should say now. */
    async staleCopies(platform: ChatPlatform, caseId: string): Promise<{ copy: PostedMessage; text: string; version: number }[]> {
      const c = await store.cases.get(caseId);
      if (!c) return [];
      const stale = (await store.postedMessages.listByCase(caseId, platform)).filter((m) => m.caseVersion < c.version);
      if (stale.length === 0) return [];
      const by = c.lastActorId ? await store.users.get(c.lastActorId) : null;
      const out: { copy: PostedMessage; text: string; version: number }[] = [];
      for (const copy of stale) {
        const t = tFor(await store.users.get(copy.userId));
        const text = t('chat.decided', { caseId: c.id, by: by?.name ?? c.lastActorId ?? '?', at: formatInstant(c.updatedAt, deps.timeZone), state: stateName(t, c.workflow, c.state) });
        out.push({ copy, text: maskPersonalData(text), version: c.version });
      }
      return out;
    },

    /** Forgets delivery ids older than DELIVERY_MEMORY_MS (at most every ten minutes), so their table stays small. */
    async forgetOldDeliveries(now: Date): Promise<number> {
      if (now.getTime() - lastForgotten < FORGET_EVERY_MS) return 0;
      lastForgotten = now.getTime();
      return store.once.forget('delivery:', new Date(now.getTime() - DELIVERY_MEMORY_MS));
    },

    /** A copy now shows `version`. */
    copyEdited: (copy: PostedMessage, version: number) => store.postedMessages.setVersion(copy.platform, copy.channel, copy.messageRef, version),
    /** A copy the platform no longer has (deleted, or the channel is gone). */
    copyGone: (copy: PostedMessage) => store.postedMessages.remove(copy.platform, copy.channel, copy.messageRef),
    /** Remember a posted task message, so it can be edited once the case moves on. */
    rememberCopy: (copy: PostedMessage) => store.postedMessages.add(copy),
  };
}

export type ChatCore = ReturnType<typeof createChatCore>;
