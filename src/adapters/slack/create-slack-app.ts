// The Bolt app: translation only. A slash command, a button or a modal becomes the same command or decision the
// console makes, through the same command handler; replies come from the same locales. Every request is acknowledged
// first (Slack gives 3 seconds) and the work follows; the work is keyed on Slack's trigger id, so a retried delivery
// never applies an action twice.
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi, type BlockAction, type ButtonAction, type Logger, type RespondFn, type SlashCommand } from '@slack/bolt';

type WebClient = webApi.WebClient;
import { createAfterAckQueue } from '../../application/chat/after-ack-queue.ts';
import { createFormPrefill } from '../../application/chat/form-prefill.ts';
import { oneAtATime } from '../../application/chat/one-at-a-time.ts';
import type { ChatAccount, ChatCore, ChatReply } from '../../application/chat/chat-core.ts';
import type { Locale } from '../../domain/model.ts';
import { maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';
import type { ServerResponse } from 'node:http';
import type { BufferedRequest } from '../http/create-http-server.ts';
import { guardSlackRoute } from './slack-request-guard.ts';
import { FORM_CALLBACK_ID, formModal, parseModalState, readModalValues } from './form-modal.ts';
import { ACTION_PREFIX, decidedBlocks, homeView, parseButtonValue } from './slack-blocks.ts';

export interface SlackAppDeps {
  chat: ChatCore;
  /** The clock of the values a modal was pre-filled with (they are kept a day). */
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
  requestListener: ((req: BufferedRequest, res: ServerResponse) => void) | null;
  /** Edits every Slack copy of the case's task message that shows an older version: who decided, and no buttons. */
  refreshCopies(caseId: string): Promise<void>;
  /** Resolves when the work after every ack so far is done. */
  drained(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const SLACK_EVENTS_PATH = '/slack/events';

/** How long stop() waits for Slack to answer the socket's close frame before cutting the connection. */
const SOCKET_CLOSE_MS = 3_000;
/** Socket Mode: after a failed reconnection, the next try comes this much later per failure in a row, up to a minute. */
const RECONNECT_STEP_MS = 5_000;
const RECONNECT_MAX_MS = 60_000;

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
  const { chat } = deps;
  const logger = boltLogger(deps.log);
  const clientOptions = {
    ...(connection.apiUrl ? { slackApiUrl: connection.apiUrl } : {}),
    // The outbox owns retries (and honours Retry-After); a listener's own calls fail fast instead of sleeping.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  };
  const receiver = connection.appToken
    ? null
    : // The guard in front (requestListener below) has verified the signature, with a stricter clock; Bolt would only
      // compute the same HMAC again.
      new HTTPReceiver({ signingSecret: connection.signingSecret, signatureVerification: false, endpoints: SLACK_EVENTS_PATH, processBeforeResponse: false, logger });
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

  // Acks first, work after (the chat core's queue: one job at a time, once a burst of requests has been read).
  const queue = createAfterAckQueue({ log: (line) => deps.log(`[slack] ${line}`) });
  // What a modal is pre-filled with goes to Slack masked; the values as typed wait here for its submission.
  const prefill = createFormPrefill({ now: deps.now });
  bolt.use(async ({ next }) => {
    queue.arrived();
    await next();
  });

  /** The Slack account behind a request; its locale is asked of Slack only when the chat core needs it. */
  const account = (slackUserId: string): ChatAccount => ({
    platform: 'slack',
    externalId: slackUserId,
    locale: async () => {
      const info = await client.users.info({ user: slackUserId, include_locale: true }).catch(() => null);
      return localeFromSlack(info?.user?.locale);
    },
  });


  async function dmChannel(slackUserId: string): Promise<string> {
    const opened = await client.conversations.open({ users: slackUserId });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    return id;
  }

  async function say(slackUserId: string, text: string): Promise<void> {
    await client.chat.postMessage({ channel: await dmChannel(slackUserId), text: maskPersonalData(text) });
  }

  /**
   * Edits every Slack copy of the case's task message that shows an older version: who decided, and no buttons. One
   * refresh of a case at a time: a second one (a case change and a refused click together) finds the copies edited.
   */
  const refreshCopies = oneAtATime((caseId) => refreshNow(caseId));

  async function refreshNow(caseId: string): Promise<void> {
    for (const { copy, text, version } of await chat.staleCopies('slack', caseId)) {
      try {
        await client.chat.update({ channel: copy.channel, ts: copy.messageRef, text, blocks: decidedBlocks(text) as never });
        await chat.copyEdited(copy, version);
      } catch (e) {
        const gone = (e as { data?: { error?: string } }).data?.error;
        // A message the person deleted (or a channel that is gone) is forgotten; anything else is tried again on the
        // next change of the case.
        if (gone === 'message_not_found' || gone === 'channel_not_found') {
          await chat.copyGone(copy);
          continue;
        }
        deps.log(`[slack] could not update ${copy.channel}/${copy.messageRef} for ${caseId}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** The form as a modal, headed by what it acts on (the case or dataset id), so nobody rejects the wrong case. */
  async function openModal(triggerId: string, reply: Extract<ChatReply, { kind: 'form' }>): Promise<void> {
    const form = chat.formOf(reply.form);
    if (!form) throw new Error(`no form ${reply.form.formId}`);
    const shown = prefill.show(reply.form.values);
    // Headed by its target, then what to read first (a conditional dataset's open conditions, T14(三)).
    const head = [reply.form.target ? `*${reply.form.target}*` : null, ...(reply.form.notes ?? [])].filter((x): x is string => x !== null);
    const view = formModal({ ...reply.form, values: shown.values }, form, reply.t, head.length > 0 ? head.join('\n') : null, shown.ref);
    await client.views.open({ trigger_id: triggerId, view: view as never });
  }

  // ---------- /kaifang <verb> … ----------
  bolt.command('/kaifang', async ({ command, ack, respond }) => {
    await ack();
    queue.later(`/kaifang ${command.text.split(/\s+/)[0] ?? ''}`, () => runCommand(command, respond));
  });

  async function runCommand(command: SlashCommand, respond: RespondFn): Promise<void> {
    // Keyed on Slack's trigger id: a retried or replayed delivery is applied once (the chat core keeps the ids).
    const reply = await chat.command(account(command.user_id), command.text, command.trigger_id);
    if (reply.kind === 'duplicate') return;
    if (reply.kind === 'form') return void (await openModal(command.trigger_id, reply));
    await respond({ response_type: 'ephemeral', text: maskPersonalData(reply.lines.join('\n')) });
  }

  // ---------- modal submissions ----------
  bolt.view(FORM_CALLBACK_ID, async ({ ack, body, view }) => {
    const state = parseModalState(view.private_metadata);
    if (!state) return void (await ack());
    const { prefill: ref, ...filled } = state;
    const restored = prefill.restore(ref, readModalValues(view.state.values as never));
    if (restored.retype.length > 0) {
      // A masked number sent back (edited around, or its value as typed forgotten): the person types it again.
      const t = chat.tFor(await chat.whoIs(account(body.user.id)));
      await ack({ response_action: 'errors', errors: Object.fromEntries(restored.retype.map((field) => [field, t('slack.retypeNumber')])) });
      return;
    }
    // Keyed on Slack's trigger id: the same signed submission again is applied once (the chat core keeps the ids).
    const result = await chat.submit(account(body.user.id), { ...filled, values: restored.values }, (body as { trigger_id?: string }).trigger_id);
    if (result && !result.ok && Object.keys(result.fieldErrors).length > 0) {
      // Shown next to each field; the modal stays open.
      await ack({ response_action: 'errors', errors: result.fieldErrors });
      return;
    }
    prefill.forget(ref);
    await ack();
    if (result?.reply) await say(body.user.id, result.reply);
  });

  // ---------- the buttons of a task message ----------
  bolt.action(new RegExp(`^${ACTION_PREFIX}`), async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    queue.later('button', () => runButton(body, action as ButtonAction, respond));
  });

  async function runButton(body: BlockAction, action: ButtonAction, respond: RespondFn): Promise<void> {
    const target = parseButtonValue(action.value ?? '');
    if (!target) return;
    const reply = await chat.press(account(body.user.id), { ...target, action: action.action_id.slice(ACTION_PREFIX.length) }, body.trigger_id);
    if (reply.kind === 'duplicate') return;
    if (reply.kind === 'form') return void (await openModal(body.trigger_id, reply));
    await respond({ response_type: 'ephemeral', replace_original: false, text: maskPersonalData(reply.lines.join('\n')) });
    // Refused because the copy is old: it learns what happened since.
    await refreshCopies(target.caseId);
  }

  // ---------- the home tab ----------
  bolt.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    const user = await chat.whoIs(account(event.user));
    const home = user ? await chat.home(user) : await chat.unlinkedHome({ platform: 'slack', externalId: event.user });
    await client.views.publish({ user_id: event.user, view: homeView(home.title, home.sections) as never });
  });

  bolt.error(async (error) => {
    deps.log(`[slack] ${error.code ?? 'error'}: ${error.stack ?? error.message}`);
  });

  return {
    bolt,
    client,
    // Signature, time and shape are checked once, by the guard, before Bolt sees the request.
    requestListener: receiver ? guardSlackRoute(connection.signingSecret, receiver.requestListener, deps.log) : null,
    refreshCopies,
    drained: () => queue.drained(),
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
