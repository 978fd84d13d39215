// The Bolt app (issue 4): translation only. A slash command, a button or a modal becomes the same command or decision the
// console makes, through the same command handler; replies come from the same locales. Every request is acknowledged
// first (Slack gives 3 seconds) and the work follows; the work is keyed on Slack's trigger id, so a retried delivery
// never applies an action twice.
import { setTimeout as sleep } from 'node:timers/promises';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi, type BlockAction, type ButtonAction, type Logger, type RespondFn, type SlashCommand } from '@slack/bolt';

type WebClient = webApi.WebClient;
import type { CommandHandler } from '../../application/commands/command-handler.ts';
import { caseLine, formatInstant, stateName } from '../../application/commands/render.ts';
import type { CaseQueries } from '../../application/case-queries.ts';
import type { Store } from '../../application/ports.ts';
import type { TaskService } from '../../application/task-service.ts';
import type { Outcome } from '../../application/case-service.ts';
import type { ChatPlatform, Locale, User } from '../../domain/model.ts';
import { maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';
import { countWorkingDays, type WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { localDateOf } from '../../domain/calendar/local-date.ts';
import type { Translator } from '../../i18n/translator.ts';
import { FORM_CALLBACK_ID, formModal, parseModalState, readModalValues } from './form-modal.ts';
import { ACTION_PREFIX, decidedBlocks, homeView, parseButtonValue, type DecisionAction } from './slack-blocks.ts';

/** Linking a Slack account to a kaifang user (issue 4 §6); implemented by the application's identity service. */
export interface ChatIdentities {
  whoIs(platform: ChatPlatform, externalId: string): Promise<User | null>;
  link(platform: ChatPlatform, externalId: string, code: string, now: Date): Promise<Outcome<User>>;
}

export interface SlackAppDeps {
  handler: CommandHandler;
  queries: CaseQueries;
  tasks: TaskService;
  store: Store;
  translator: Translator;
  identities: ChatIdentities;
  calendar: WorkingCalendar;
  timeZone: string;
  defaultLocale: Locale;
  now: () => Date;
  log: (line: string) => void;
}

export interface SlackConnection {
  botToken: string;
  /** HTTP mode: verifies every request's signature. */
  signingSecret: string;
  /** Socket Mode, for a workspace without a public URL. */
  appToken?: string;
  /** The Web API base, e.g. a government Slack instance or a local test server. */
  apiUrl?: string;
}

export interface SlackApp {
  bolt: App;
  client: WebClient;
  /** HTTP mode: mount on the shared server at /slack/events. Null in Socket Mode. */
  requestListener: HTTPReceiver['requestListener'] | null;
  /** Edits every Slack copy of the case's task message that shows an older version: who decided, and no buttons. */
  refreshCopies(caseId: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const SLACK_EVENTS_PATH = '/slack/events';

/** How long stop() waits for Slack to answer the socket's close frame before cutting the connection. */
const SOCKET_CLOSE_MS = 3_000;
/** Socket Mode: after a failed reconnection, the next try comes this much later per failure in a row, up to a minute. */
const RECONNECT_STEP_MS = 5_000;
const RECONNECT_MAX_MS = 60_000;
/** How long one after-ack job may hold the queue before the next one starts anyway. */
const JOB_SLOT_MS = 10_000;
/** After-ack work waits for this long without a new request (a burst is acked first), but never more than MAX_DEFER_MS. */
const QUIET_MS = 3;
const MAX_DEFER_MS = 250;

/** Slack's locale (`zh-CN`, `zh-TW`, `en-US`…) as one of ours. */
export function localeFromSlack(slackLocale: string | undefined): Locale {
  return slackLocale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function boltLogger(log: (line: string) => void): Logger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...m: unknown[]) => log(`[slack] ${m.map(String).join(' ')}`),
    error: (...m: unknown[]) => log(`[slack] ${m.map(String).join(' ')}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export function createSlackApp(deps: SlackAppDeps, connection: SlackConnection): SlackApp {
  const { handler, store, translator, identities } = deps;
  const logger = boltLogger(deps.log);
  const clientOptions = {
    ...(connection.apiUrl ? { slackApiUrl: connection.apiUrl } : {}),
    // The outbox owns retries (and honours Retry-After); a listener's own calls fail fast instead of sleeping.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  };
  const receiver = connection.appToken
    ? null
    : new HTTPReceiver({ signingSecret: connection.signingSecret, endpoints: SLACK_EVENTS_PATH, processBeforeResponse: false, logger });
  // Socket Mode: the receiver is built here (as Bolt would build it for `socketMode: true`, with the same client options,
  // so `apps.connections.open` goes to SLACK_API_URL with the app token) because stop() needs its socket client: Bolt's
  // own stop() only starts the close handshake and returns.
  const socket = connection.appToken ? new SocketModeReceiver({ appToken: connection.appToken, logger, installerOptions: { clientOptions: { ...clientOptions } } }) : null;
  // One workspace, one bot token: `authorize` hands it over without an auth.test round trip before every request
  // (which would stand between Slack's request and our ack).
  const bolt = new App({ authorize: async () => ({ botToken: connection.botToken }), receiver: (socket ?? receiver)!, logger, clientOptions });
  const reconnection = socket ? keepReconnecting(socket.client, deps.log) : null;
  // The app's own client carries no token when `authorize` supplies it per request; ours does, for the sender too.
  const client: WebClient = new webApi.WebClient(connection.botToken, { ...clientOptions, logger });

  const tFor = (user: User | null, fallback: Locale = deps.defaultLocale) => translator.for(user?.locale ?? fallback);

  /**
   * After-ack work runs one job at a time, each on a fresh turn of the event loop. better-sqlite3 is synchronous: work
   * started straight after its ack (or many jobs interleaved) holds back the reading — and the acks — of the requests
   * queued behind it; in a burst of 200 commands the last ack came after ~2 s. So a job starts only once no request
   * has arrived for QUIET_MS (acks first), one at a time (measured by `npm run bench`). A job that hangs (a slow Slack) lets the queue move on after
   * JOB_SLOT_MS while it finishes on its own.
   */
  let queue: Promise<void> = Promise.resolve();
  // When the last request from Slack arrived: while a burst is still coming in, acks go first.
  let lastArrival = 0;
  bolt.use(async ({ next }) => {
    lastArrival = Date.now();
    await next();
  });
  async function quietMoment(): Promise<void> {
    const giveUpAt = Date.now() + MAX_DEFER_MS;
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (Date.now() - lastArrival < QUIET_MS && Date.now() < giveUpAt) await sleep(QUIET_MS);
  }
  function afterAck(what: string, work: () => Promise<unknown>): void {
    queue = queue.then(async () => {
      await quietMoment();
      const job = work().then(
        () => undefined,
        (e: unknown) => deps.log(`[slack] ${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
      );
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([job, new Promise<void>((resolve) => (timer = setTimeout(resolve, JOB_SLOT_MS)))]);
      clearTimeout(timer);
    });
  }

  /** Work keyed on Slack's trigger id: a retried delivery of the same command or click finds it taken. */
  async function firstTime(kind: string, triggerId: string | undefined): Promise<boolean> {
    if (!triggerId) return true;
    return store.once.claim(`slack:${kind}:${triggerId}`, deps.now());
  }

  async function dmChannel(slackUserId: string): Promise<string> {
    const opened = await client.conversations.open({ users: slackUserId });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    return id;
  }

  async function say(slackUserId: string, text: string): Promise<void> {
    await client.chat.postMessage({ channel: await dmChannel(slackUserId), text: maskPersonalData(text) });
  }

  async function refreshCopies(caseId: string): Promise<void> {
    const c = await store.cases.get(caseId);
    if (!c) return;
    const stale = (await store.postedMessages.listByCase(caseId, 'slack')).filter((m) => m.caseVersion < c.version);
    if (stale.length === 0) return;
    const by = c.lastActorId ? await store.users.get(c.lastActorId) : null;
    for (const copy of stale) {
      const reader = await store.users.get(copy.userId);
      const t = tFor(reader);
      const outcome = t('slack.decided', {
        caseId: c.id,
        by: by?.name ?? c.lastActorId ?? '?',
        at: formatInstant(c.updatedAt, deps.timeZone),
        state: stateName(t, c.workflow, c.state),
      });
      try {
        await client.chat.update({ channel: copy.channel, ts: copy.messageRef, text: outcome, blocks: decidedBlocks(outcome) as never });
        await store.postedMessages.setVersion('slack', copy.channel, copy.messageRef, c.version);
      } catch (e) {
        const gone = (e as { data?: { error?: string } }).data?.error;
        // A message the person deleted (or a channel that is gone) is forgotten; anything else is tried again on the
        // next decision or delivery for the case.
        if (gone === 'message_not_found' || gone === 'channel_not_found') {
          await store.postedMessages.remove('slack', copy.channel, copy.messageRef);
          continue;
        }
        deps.log(`[slack] could not update ${copy.channel}/${copy.messageRef} for ${caseId}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** The form as a modal, headed by what it acts on (the case or dataset id), so nobody rejects the wrong case. */
  async function openModal(triggerId: string, user: User, form: Parameters<typeof formModal>[0]): Promise<void> {
    await client.views.open({ trigger_id: triggerId, view: formModal(form, tFor(user), form.target ? `*${form.target}*` : null) as never });
  }

  // ---------- /kaifang <verb> … ----------
  bolt.command('/kaifang', async ({ command, ack, respond }) => {
    await ack();
    afterAck(`/kaifang ${command.text.split(/\s+/)[0] ?? ''}`, () => runCommand(command, respond));
  });

  async function runCommand(command: SlashCommand, respond: RespondFn): Promise<void> {
    if (!(await firstTime('command', command.trigger_id))) return;
    const reply = (lines: string[]) => respond({ response_type: 'ephemeral', text: maskPersonalData(lines.join('\n')) });
    const text = command.text.trim();
    const [first = '', ...rest] = text.split(/\s+/);
    const user = await identities.whoIs('slack', command.user_id);

    if (/^(link|绑定)$/i.test(first)) {
      const code = rest[0];
      const t = tFor(user);
      if (!code) return void (await reply([t('slack.linkUsage')]));
      const linked = await identities.link('slack', command.user_id, code, deps.now());
      if (!linked.ok) return void (await reply([t(`errors.${linked.error}`, linked.params ?? {})]));
      // Language follows the person's Slack locale until they choose one with `lang`.
      const info = await client.users.info({ user: command.user_id, include_locale: true }).catch(() => null);
      const locale = localeFromSlack(info?.user?.locale);
      await store.users.setLocale(linked.value.id, locale);
      return void (await reply([translator.t(locale, 'slack.linked', { name: linked.value.name, id: linked.value.id })]));
    }
    if (!user) {
      // An unlinked person may read help and nothing else.
      const info = await client.users.info({ user: command.user_id, include_locale: true }).catch(() => null);
      const t = translator.for(localeFromSlack(info?.user?.locale));
      if (first === '' || /^(help|帮助)$/i.test(first)) return void (await reply([t('slack.helpUnlinked')]));
      return void (await reply([t('slack.notLinked')]));
    }

    const opened = await handler.openForm({ channel: 'slack', userId: user.id, text });
    if (!opened.ok) return void (await reply(opened.replies));
    if (opened.form) return void (await openModal(command.trigger_id, user, opened.form));
    await reply(await handler.handle({ channel: 'slack', userId: user.id, text }));
  }

  // ---------- modal submissions ----------
  bolt.view(FORM_CALLBACK_ID, async ({ ack, body, view }) => {
    const user = await identities.whoIs('slack', body.user.id);
    const state = parseModalState(view.private_metadata);
    if (!user || !state) {
      await ack();
      return;
    }
    const values = readModalValues(view.state.values as never);
    const result = await handler.submitForm({ channel: 'slack', userId: user.id }, { ...state, values });
    if (!result.ok && Object.keys(result.fieldErrors).length > 0) {
      // Shown next to each field; the modal stays open.
      await ack({ response_action: 'errors', errors: result.fieldErrors });
      return;
    }
    await ack();
    if (result.reply) await say(body.user.id, result.reply);
    const caseId = result.ok ? result.caseId : state.target;
    if (caseId && /^C-/.test(caseId)) await refreshCopies(caseId);
  });

  // ---------- Approve / Return / Reject buttons ----------
  bolt.action(new RegExp(`^${ACTION_PREFIX}(approve|return|reject)$`), async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    afterAck('button', () => runButton(body, action as ButtonAction, respond));
  });

  async function runButton(body: BlockAction, action: ButtonAction, respond: RespondFn): Promise<void> {
    if (!(await firstTime('action', body.trigger_id))) return;
    const reply = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text: maskPersonalData(text) });
    const user = await identities.whoIs('slack', body.user.id);
    if (!user) return void (await reply(tFor(null)('slack.notLinked')));
    const target = parseButtonValue(action.value ?? '');
    if (!target) return;
    const decision = action.action_id.slice(ACTION_PREFIX.length) as DecisionAction;
    if (decision === 'approve') {
      const result = await handler.submitForm(
        { channel: 'slack', userId: user.id },
        { verb: 'approve', formId: 'approve', target: target.caseId, caseVersion: target.version, values: {} },
      );
      // Approving asks for nothing, so a refusal is about the case (already decided, not yours), never a field.
      await reply(result.reply ?? Object.values(result.ok ? {} : result.fieldErrors).join('\n'));
      await refreshCopies(target.caseId);
      return;
    }
    const opened = await handler.openForm({ channel: 'slack', userId: user.id, text: `${decision} ${target.caseId}`, expectedVersion: target.version });
    if (!opened.ok) {
      await reply(opened.replies.join('\n'));
      await refreshCopies(target.caseId);
      return;
    }
    if (opened.form) await openModal(body.trigger_id, user, { ...opened.form, caseVersion: target.version });
  }

  // ---------- the home tab ----------
  bolt.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    const user = await identities.whoIs('slack', event.user);
    const t = tFor(user);
    if (!user) {
      await client.views.publish({ user_id: event.user, view: homeView(t('slack.home.title'), [{ title: t('slack.home.unlinkedTitle'), lines: [], empty: t('slack.notLinked') }]) as never });
      return;
    }
    const today = localDateOf(deps.now(), deps.timeZone);
    const line = async (c: Awaited<ReturnType<TaskService['queue']>>[number]) => {
      const dataset = c.datasetId ? await store.datasets.get(c.datasetId) : null;
      const overdueDays = c.deadline && c.deadline.dueOn < today ? countWorkingDays(deps.calendar, c.deadline.dueOn, today) : 0;
      return `• ${caseLine(t, c, { dataset, today, overdueDays })}`;
    };
    const sections = [
      { title: t('slack.home.tasks'), lines: await Promise.all((await deps.tasks.queue(user)).map(line)), empty: t('slack.home.noTasks') },
      { title: t('slack.home.mine'), lines: await Promise.all((await deps.queries.mine(user)).map(line)), empty: t('slack.home.noCases') },
    ];
    if (user.roles.includes('supervisor')) {
      const overdue = await deps.tasks.overdue(user);
      const late = overdue.ok ? overdue.value.map((o) => o.record) : [];
      sections.push({ title: t('slack.home.overdue'), lines: await Promise.all(late.map(line)), empty: t('slack.home.noOverdue') });
    }
    await client.views.publish({ user_id: event.user, view: homeView(t('slack.home.title'), sections.map((s) => ({ ...s, lines: s.lines.map(maskPersonalData) }))) as never });
  });

  bolt.error(async (error) => {
    deps.log(`[slack] ${error.code ?? 'error'}: ${error.stack ?? error.message}`);
  });

  return {
    bolt,
    client,
    requestListener: receiver ? receiver.requestListener : null,
    refreshCopies,
    async start() {
      // HTTP mode is served by the shared server (src/adapters/http); Socket Mode opens its own connection.
      if (socket) await bolt.start();
    },
    async stop() {
      if (!socket) return;
      reconnection?.stop();
      // Resolve once the socket is really closed (no ping timer, no reconnect left), not when the close frame is sent.
      const closed = new Promise<void>((resolve) => socket.client.once('disconnected', () => resolve()));
      await bolt.stop();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), SOCKET_CLOSE_MS)));
      // Slack did not answer the close frame: a second disconnect cuts the connection instead of waiting ws's 30 s.
      if ((await Promise.race([closed, late])) === 'late') await socket.client.disconnect();
      clearTimeout(timer);
    },
  };
}

type SocketModeClient = SocketModeReceiver['client'];

/**
 * Slack closes Socket Mode connections routinely (`disconnect` messages, every few hours) and the socket client opens a
 * new one, asking `apps.connections.open` again. When that call fails (a 5xx, the network) the client (socket-mode 2.0)
 * rejects a promise nobody handles: the process would die of an unhandled rejection, or stay disconnected for good. So
 * once connected, a failed reconnection is logged and tried again later; only the very first start fails, for `serve`
 * to report. The client looks `start` up on itself each time it reconnects, which is where this wrapper sits.
 */
function keepReconnecting(client: SocketModeClient, log: (line: string) => void): { stop(): void } {
  const libraryStart = client.start.bind(client);
  let connected = false;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  client.start = async () => {
    try {
      const result = await libraryStart();
      connected = true;
      failures = 0;
      // stop() came while this attempt was under way: the connection it just opened is closed again.
      if (stopped) await client.disconnect();
      return result;
    } catch (e) {
      if (!connected) throw e;
      if (stopped) return undefined as never;
      failures += 1;
      const wait = Math.min(RECONNECT_STEP_MS * failures, RECONNECT_MAX_MS);
      log(`[slack] Socket Mode could not reconnect (${e instanceof Error ? e.message : String(e)}); trying again in ${wait / 1000} s`);
      timer = setTimeout(() => void client.start(), wait);
      return undefined as never;
    }
  };
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
