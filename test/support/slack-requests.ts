// Requests *from Slack to our app*, shaped and signed the way Slack sends them, so the real Bolt receiver (signature
// check, body parsing, routing) is exercised instead of being bypassed.
import { createHmac } from 'node:crypto';

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/** A body ready to send: the exact bytes to sign, their content type, and the decoded payload for assertions. */
export interface SlackRequestBody {
  body: string;
  // Bolt compares the content type with `===` (HTTPModuleFunctions.parseHTTPRequestBody), so no `; charset` suffix.
  contentType: typeof FORM | typeof JSON_TYPE;
  payload: Record<string, unknown>;
}

export interface SlackUserRef {
  userId: string;
  userName?: string;
  teamId?: string;
}

export const DEFAULT_TEAM_ID = 'T0KAIFANG';
export const DEFAULT_APP_ID = 'A0KAIFANG';
const TEAM_DOMAIN = 'kaifang-test';
// The deprecated verification token Slack still puts in bodies; Bolt ignores it and checks the signature instead.
const VERIFICATION_TOKEN = 'legacy-verification-token';
// A loopback port nothing listens on: a respond() to an unset response_url fails at once instead of leaving the machine.
export const UNREACHABLE_RESPONSE_URL = 'http://127.0.0.1:9/no-response-url-given';

let triggerSeq = 0;
/** Trigger ids look like `<digits>.<digits>.<hex>` in Slack; unique here so tests can tell modals apart. */
export function newTriggerId(): string {
  triggerSeq += 1;
  return `${Date.now()}.${triggerSeq}.${triggerSeq.toString(16).padStart(32, '0')}`;
}

function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

function userObject({ userId, userName, teamId }: SlackUserRef) {
  const name = userName ?? userId.toLowerCase();
  return { id: userId, username: name, name, team_id: teamId ?? DEFAULT_TEAM_ID };
}

function teamObject(teamId: string | undefined) {
  return { id: teamId ?? DEFAULT_TEAM_ID, domain: TEAM_DOMAIN };
}

function form(fields: Record<string, string>): SlackRequestBody {
  return { body: new URLSearchParams(fields).toString(), contentType: FORM, payload: fields };
}

// Interactive payloads arrive as one form field, `payload`, holding JSON.
function interactive(payload: Record<string, unknown>): SlackRequestBody {
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: FORM, payload };
}

function json(payload: Record<string, unknown>): SlackRequestBody {
  return { body: JSON.stringify(payload), contentType: JSON_TYPE, payload };
}

export interface SlashCommandOptions extends SlackUserRef {
  command?: string;
  text: string;
  channelId?: string;
  channelName?: string;
  triggerId?: string;
  responseUrl?: string;
  apiAppId?: string;
}

/**
 * A slash command as Slack posts it. There is no `locale` field: Slack does not send one with commands; the user's
 * locale comes from `users.info` with `include_locale: true` (set it on the fake with `setUser`).
 */
export function slashCommand(o: SlashCommandOptions): SlackRequestBody {
  return form({
    token: VERIFICATION_TOKEN,
    team_id: o.teamId ?? DEFAULT_TEAM_ID,
    team_domain: TEAM_DOMAIN,
    channel_id: o.channelId ?? `D${o.userId}`,
    channel_name: o.channelName ?? 'directmessage',
    user_id: o.userId,
    user_name: o.userName ?? o.userId.toLowerCase(),
    command: o.command ?? '/kaifang',
    text: o.text,
    api_app_id: o.apiAppId ?? DEFAULT_APP_ID,
    is_enterprise_install: 'false',
    response_url: o.responseUrl ?? UNREACHABLE_RESPONSE_URL,
    trigger_id: o.triggerId ?? newTriggerId(),
  });
}

export interface BlockActionsOptions extends SlackUserRef {
  actionId: string;
  value?: string;
  blockId?: string;
  /** The element's own fields when it is not a plain button, e.g. `{ type: 'static_select', selected_option }`. */
  action?: Record<string, unknown>;
  /** Click on a message: pass the ts and channel the fake returned from chat.postMessage (and its blocks if needed). */
  message?: { ts: string; channel: string; text?: string; blocks?: unknown[] };
  /** Click inside a view (home tab or modal) instead of a message. */
  view?: { id: string; type?: 'home' | 'modal'; callbackId?: string; privateMetadata?: string };
  triggerId?: string;
  responseUrl?: string;
  apiAppId?: string;
  botUserId?: string;
}

/** A `block_actions` payload: a button (or other element) clicked in a message or a view. */
export function blockActions(o: BlockActionsOptions): SlackRequestBody {
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: userObject(o),
    api_app_id: o.apiAppId ?? DEFAULT_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: o.triggerId ?? newTriggerId(),
    team: teamObject(o.teamId),
    enterprise: null,
    is_enterprise_install: false,
    state: { values: {} },
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: o.blockId ?? 'actions',
        text: { type: 'plain_text', text: o.actionId, emoji: true },
        ...(o.value !== undefined ? { value: o.value } : {}),
        action_ts: actionTs(),
        ...o.action,
      },
    ],
  };
  if (o.message) {
    payload.container = { type: 'message', message_ts: o.message.ts, channel_id: o.message.channel, is_ephemeral: false };
    payload.channel = { id: o.message.channel, name: 'directmessage' };
    payload.message = {
      type: 'message',
      user: o.botUserId ?? 'U0KAIFANGBOT',
      ts: o.message.ts,
      text: o.message.text ?? '',
      blocks: o.message.blocks ?? [],
    };
    // Slack only gives a response_url for clicks in messages, never in views.
    payload.response_url = o.responseUrl ?? UNREACHABLE_RESPONSE_URL;
  } else if (o.responseUrl !== undefined) {
    payload.response_url = o.responseUrl;
  }
  if (o.view) {
    payload.container = { type: 'view', view_id: o.view.id };
    payload.view = {
      id: o.view.id,
      type: o.view.type ?? 'home',
      callback_id: o.view.callbackId ?? '',
      private_metadata: o.view.privateMetadata ?? '',
      state: { values: {} },
      hash: `hash-${o.view.id}`,
    };
  }
  return interactive(payload);
}

/** One input element's state inside `view.state.values`, as Slack reports it. */
export type ViewStateValue =
  | { type: 'plain_text_input'; value: string | null }
  | { type: 'static_select'; selected_option: { text: { type: 'plain_text'; text: string; emoji: boolean }; value: string } | null }
  | { type: 'datepicker'; selected_date: string | null }
  | { type: 'users_select'; selected_user: string | null }
  | ({ type: string } & Record<string, unknown>);

export type ViewStateValues = Record<string, Record<string, ViewStateValue>>;

// Empty optional inputs come back as null, not absent: the helpers accept null so tests can send that too.
export const plainText = (value: string | null): ViewStateValue => ({ type: 'plain_text_input', value });
export const staticSelect = (value: string | null, text?: string): ViewStateValue => ({
  type: 'static_select',
  selected_option: value === null ? null : { text: { type: 'plain_text', text: text ?? value, emoji: true }, value },
});
export const datePicker = (date: string | null): ViewStateValue => ({ type: 'datepicker', selected_date: date });
export const usersSelect = (userId: string | null): ViewStateValue => ({ type: 'users_select', selected_user: userId });

export interface ViewSubmissionOptions extends SlackUserRef {
  callbackId: string;
  privateMetadata?: string;
  values: ViewStateValues;
  viewId?: string;
  /** The blocks of the modal as opened; Bolt does not need them but a handler re-rendering the view might. */
  blocks?: unknown[];
  triggerId?: string;
  /** Present when the modal has a `response_url_enabled` input; Bolt's respond() then uses the first one. */
  responseUrls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
  apiAppId?: string;
}

/** A `view_submission` payload: a modal's submit button. */
export function viewSubmission(o: ViewSubmissionOptions): SlackRequestBody {
  const viewId = o.viewId ?? 'V0SUBMITTED';
  return interactive({
    type: 'view_submission',
    team: teamObject(o.teamId),
    user: userObject(o),
    api_app_id: o.apiAppId ?? DEFAULT_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: o.triggerId ?? newTriggerId(),
    view: {
      id: viewId,
      team_id: o.teamId ?? DEFAULT_TEAM_ID,
      type: 'modal',
      blocks: o.blocks ?? [],
      private_metadata: o.privateMetadata ?? '',
      callback_id: o.callbackId,
      state: { values: o.values },
      hash: `hash-${viewId}`,
      title: { type: 'plain_text', text: 'kaifang', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: o.apiAppId ?? DEFAULT_APP_ID,
      external_id: '',
      app_installed_team_id: o.teamId ?? DEFAULT_TEAM_ID,
      bot_id: 'B0KAIFANGBOT',
    },
    response_urls: o.responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

export interface EventCallbackOptions {
  event: Record<string, unknown>;
  eventId?: string;
  teamId?: string;
  apiAppId?: string;
  botUserId?: string;
}

let eventSeq = 0;

/** An Events API delivery (`event_callback`); a redelivery must reuse the eventId and set `retryNum` when sending. */
export function eventCallback(o: EventCallbackOptions): SlackRequestBody {
  const teamId = o.teamId ?? DEFAULT_TEAM_ID;
  return json({
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    api_app_id: o.apiAppId ?? DEFAULT_APP_ID,
    event: o.event,
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${String(++eventSeq).padStart(8, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    // Bolt takes the team and bot identity for authorize() from here.
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: o.botUserId ?? 'U0KAIFANGBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(`${teamId}:${o.event.type}`).toString('base64url')}`,
  });
}

/** The inner event of an `app_home_opened` delivery. */
export function appHomeOpened(userId: string, tab: 'home' | 'messages' = 'home'): Record<string, unknown> {
  return { type: 'app_home_opened', user: userId, channel: `D${userId}`, tab, event_ts: actionTs() };
}

/** Slack's one-time check of the events URL; the receiver must echo the challenge (after checking the signature). */
export function urlVerification(challenge: string): SlackRequestBody {
  return json({ token: VERIFICATION_TOKEN, challenge, type: 'url_verification' });
}

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`, keyed by the app's signing secret. */
export function signSlackRequest(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SendOptions {
  secret: string;
  /** Seconds since the epoch; defaults to now. Slack's (and Bolt's) window is 5 minutes. */
  timestamp?: number;
  /** Sets X-Slack-Retry-Num (and X-Slack-Retry-Reason, default `http_timeout`) as Slack's Events API redelivery does. */
  retryNum?: number;
  retryReason?: string;
  /** No signature or timestamp headers at all. */
  unsigned?: boolean;
  /** Signed with the wrong secret. */
  badSignature?: boolean;
}

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body decoded as JSON, or undefined when it is empty or not JSON. */
  json: unknown;
}

/** POST a body to our app as Slack would. Only loopback URLs are accepted: tests never talk to the outside. */
export async function sendToApp(baseUrl: string, path: string, request: SlackRequestBody, o: SendOptions): Promise<AppResponse> {
  const url = new URL(path, baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`sendToApp: refusing non-loopback URL ${url.href}`);
  const headers: Record<string, string> = { 'content-type': request.contentType, 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)' };
  if (!o.unsigned) {
    const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = signSlackRequest(o.badSignature ? `${o.secret}-wrong` : o.secret, timestamp, request.body);
  }
  if (o.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(o.retryNum);
    headers['x-slack-retry-reason'] = o.retryReason ?? 'http_timeout';
  }
  const res = await fetch(url, { method: 'POST', headers, body: request.body });
  const body = await res.text();
  let parsed: unknown;
  try {
    parsed = body === '' ? undefined : JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), body, json: parsed };
}
