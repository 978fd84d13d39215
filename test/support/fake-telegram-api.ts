// A stand-in for Telegram's Bot API on 127.0.0.1: the machine has no internet, and the adapter must be tested through
// the real grammY client and its long-polling loop (offsets, held requests, 409s, retry_after), so we fake the server,
// not the client.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotCommand, CallbackQuery, Chat, Message, Update, User, UserFromGetMe, WebhookInfo } from 'grammy/types';

/** Telegram's answer envelope, as the fake sent it. */
export type FakeTelegramResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

export interface FakeTelegramCall {
  /** Bot API method from the URL (`sendMessage`). */
  method: string;
  /** The JSON body, or the query/form parameters (JSON-looking values decoded). */
  params: Record<string, unknown>;
  /** The token from the `/bot<token>/` path segment. */
  token: string;
  /** Date.now() when the request arrived. */
  at: number;
  /** HTTP status the fake answered; 0 while a long poll is still held (or when the client gave up on it). */
  status: number;
  /** The body the fake answered; undefined while a long poll is still held. */
  response: FakeTelegramResponse | undefined;
}

/**
 * `{ status: 429, retryAfter }` → flood wait; `{ status: 403 }` → blocked by the user; `{ status: 400, description }`;
 * `{ status: 500 }`. `description` replaces the default text for any status.
 */
export interface FakeTelegramFailure {
  status: number;
  retryAfter?: number;
  description?: string;
}

/** The sender of an incoming update; the fake fills `is_bot` and a `first_name` when missing. */
export interface FakeTelegramUser {
  id: number;
  first_name?: string;
  username?: string;
  language_code?: string;
}

export interface FakeTelegramChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
}

/** The latest state of a message the bot sent, after any edit. */
export interface FakeTelegramMessage {
  chat_id: number | string;
  message_id: number;
  text: string;
  reply_markup: unknown;
  parse_mode: string | undefined;
  date: number;
  edit_date: number | undefined;
  /** Every version, oldest first: the sendMessage params, then each edit's params. */
  versions: Record<string, unknown>[];
}

export interface FakeTelegramWebhook {
  url: string;
  secret_token: string | undefined;
  allowed_updates: string[] | undefined;
  max_connections: number | undefined;
}

export interface FakeWebhookDelivery {
  status: number;
  /** Parsed JSON when the body is JSON (a webhook reply carries a method call), else the raw text. */
  body: unknown;
  ms: number;
}

/** An update before `pushUpdate` numbers it. */
export type NewUpdate = Omit<Update, 'update_id'> & { update_id?: number };

export interface FakeTelegramApiOptions {
  /** The one token accepted; any other gets 401 as from Telegram. */
  token?: string;
  /** Overrides for the bot user `getMe` returns. */
  bot?: Partial<UserFromGetMe>;
  /** Longest a getUpdates is held, whatever `timeout` it asks for, so a test never waits Telegram's 30 s. */
  maxLongPollMs?: number;
}

export interface FakeTelegramApi {
  /** `http://127.0.0.1:PORT`, for grammY's `client.apiRoot` (no trailing slash, grammY refuses one). */
  apiRoot: string;
  token: string;
  bot: UserFromGetMe;
  /** Every call in arrival order, failed ones included (live array). */
  calls: FakeTelegramCall[];
  callsTo(method: string): FakeTelegramCall[];
  /** Resolves once `count` calls to `method` have arrived (a long poll counts on arrival, answered or not). */
  waitForCalls(method: string, count?: number, timeoutMs?: number): Promise<FakeTelegramCall[]>;
  /** Queue a failure for the next call to `method`; several queue up in order. */
  failNext(method: string, failure: FakeTelegramFailure): void;
  /** Queue an update for getUpdates; numbers it when it has no `update_id`. Returns the numbered update. */
  pushUpdate(update: NewUpdate): Update;
  /** Updates queued and not yet confirmed by a getUpdates offset. */
  pendingUpdates(): Update[];
  /** Builds (does not push) a text message update from a user; a leading `/command` gets its `bot_command` entity. */
  message(from: FakeTelegramUser, text: string, chat?: FakeTelegramChat): NewUpdate & { message: Message.TextMessage };
  /** The message the bot sent to that chat with that id, in its latest state. */
  message(chatId: number | string, messageId: number): FakeTelegramMessage | undefined;
  /** Builds (does not push) a button press on a message the bot sent. */
  callbackQuery(from: FakeTelegramUser, data: string, message: { chat_id: number | string; message_id: number }): NewUpdate & { callback_query: CallbackQuery };
  /** Messages the bot sent to a chat, oldest first. */
  messagesTo(chatId: number | string): FakeTelegramMessage[];
  /** Commands set for a language (and scope; default scope when omitted), `[]` when none. */
  commands(languageCode?: string, scope?: Record<string, unknown>): BotCommand[];
  /** The webhook set by setWebhook, undefined when none. */
  webhookInfo(): FakeTelegramWebhook | undefined;
  /** POSTs an update as Telegram would to a bot's webhook (numbering it when needed). */
  postToWebhook(url: string, update: NewUpdate, secret?: string): Promise<FakeWebhookDelivery>;
  /** Answers held long polls with `[]` (so `bot.stop()` and this don't hang), then closes the server. */
  close(): Promise<void>;
}

type Answer = { status: number; body: FakeTelegramResponse };

type HeldPoll = {
  res: ServerResponse;
  call: FakeTelegramCall;
  limit: number;
  timer: NodeJS.Timeout;
};

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_TEXT_LENGTH = 4096;
const MAX_CALLBACK_DATA_BYTES = 64;
// Telegram leaves these out unless allowed_updates names them.
const OPT_IN_UPDATE_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
// Free-text parameters stay text in form/query requests even when they look like JSON.
const TEXT_PARAMS = new Set(['text', 'caption', 'data', 'description', 'short_description', 'name', 'url', 'secret_token']);
const COMMAND_AT_START = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{1,32})?/;
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
const WEBHOOK_CONFLICT = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const POLL_CONFLICT = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
const fail = (status: number, description: string, parameters?: { retry_after?: number }): Answer => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
});
const badRequest = (what: string): Answer => fail(400, `Bad Request: ${what}`);

function failureAnswer(f: FakeTelegramFailure): Answer {
  if (f.status === 429) {
    const retryAfter = f.retryAfter ?? 1;
    return fail(429, f.description ?? `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
  }
  const defaults: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden: bot was blocked by the user',
    409: 'Conflict',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
  };
  return fail(f.status, f.description ?? defaults[f.status] ?? 'Error');
}

function decodeMaybeJson(key: string, value: string): unknown {
  const first = value.trimStart()[0];
  if (TEXT_PARAMS.has(key) || (first !== '{' && first !== '[')) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function parseParams(contentType: string | undefined, raw: string, query: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of query) params[key] = decodeMaybeJson(key, value);
  if (raw === '') return params;
  if (contentType?.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(params, parsed);
    return params;
  }
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(raw)) params[key] = decodeMaybeJson(key, value);
  }
  return params;
}

/**
 * multipart/form-data, as grammY sends a file (sendPhoto): the text fields as values, each file as
 * `{ filename, size, type, bytes }`; a field that says `attach://<name>` (how grammY names a file sent in another part)
 * is given that part's file. Written by hand: grammY's part headers (`content-disposition:form-data;name=…`, no space)
 * are valid but not what the WHATWG parser accepts.
 */
function parseMultipart(contentType: string, raw: Buffer, query: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of query) params[key] = decodeMaybeJson(key, value);
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  if (!boundary) throw new Error('multipart without a boundary');
  const files = new Map<string, { filename: string; size: number; type: string; bytes: Buffer }>();
  const fields: Array<[string, string]> = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let at = raw.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    const part = raw.subarray(start + 2, next - 2); // after the CRLF, before the CRLF that ends the part
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /[;\s]name="?([^";\r\n]*)"?/i.exec(headers)?.[1];
    const filename = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream';
    if (name !== undefined) {
      if (filename !== undefined) files.set(name, { filename, size: content.length, type, bytes: Buffer.from(content) });
      else fields.push([name, content.toString('utf8')]);
    }
    at = next;
  }
  for (const [name, value] of fields) {
    const attached = /^attach:\/\/(.+)$/.exec(value);
    params[name] = attached && files.has(attached[1]!) ? files.get(attached[1]!) : decodeMaybeJson(name, value);
  }
  for (const [name, file] of files) if (!(name in params)) params[name] = file;
  return params;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Telegram accepts chat ids as numbers or numeric strings; `@channel` names stay strings. */
function chatKey(chatId: unknown): string | undefined {
  if (typeof chatId === 'number' && Number.isFinite(chatId)) return String(chatId);
  if (typeof chatId === 'string' && chatId !== '') return /^-?\d+$/.test(chatId) ? String(Number(chatId)) : chatId;
  return undefined;
}

function asChatId(key: string): number | string {
  return /^-?\d+$/.test(key) ? Number(key) : key;
}

function toInt(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

/** The kind of an update is its one key besides update_id. */
function updateType(update: Update): string | undefined {
  return Object.keys(update).find((key) => key !== 'update_id');
}

// Key order must not decide equality of two reply markups, so compare a canonical form.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Only inline keyboards stay attached to a message; an empty one is the same as none. */
function inlineKeyboard(markup: unknown): { inline_keyboard: unknown[][] } | undefined {
  if (typeof markup !== 'object' || markup === null) return undefined;
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows) || rows.every((row) => !Array.isArray(row) || row.length === 0)) return undefined;
  return markup as { inline_keyboard: unknown[][] };
}

/** Telegram refuses a button whose callback_data is empty or over 64 bytes, a limit that bites structured buttons. */
function hasInvalidButtonData(markup: unknown): boolean {
  const keyboard = inlineKeyboard(markup);
  if (!keyboard) return false;
  return keyboard.inline_keyboard.some(
    (row) =>
      Array.isArray(row) &&
      row.some((button) => {
        const data = (button as { callback_data?: unknown } | null)?.callback_data;
        return typeof data === 'string' && (data === '' || Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_DATA_BYTES);
      }),
  );
}

function userFrom(from: FakeTelegramUser): User {
  return {
    id: from.id,
    is_bot: false,
    first_name: from.first_name ?? `User ${from.id}`,
    ...(from.username !== undefined ? { username: from.username } : {}),
    ...(from.language_code !== undefined ? { language_code: from.language_code } : {}),
  };
}

/** POSTs an update to a bot's webhook the way Telegram does: JSON body, secret in its header when there is one. */
export async function postToWebhook(url: string, update: unknown, secret?: string): Promise<FakeWebhookDelivery> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret !== undefined ? { [SECRET_HEADER]: secret } : {}) },
    body: JSON.stringify(update),
  });
  const text = await res.text();
  let body: unknown = text;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (grammY answers a wrong secret with plain text): keep the text.
    }
  }
  return { status: res.status, body, ms: performance.now() - started };
}

export async function createFakeTelegramApi(options: FakeTelegramApiOptions = {}): Promise<FakeTelegramApi> {
  const token = options.token ?? '123456:TEST-token';
  const maxLongPollMs = options.maxLongPollMs ?? 2_000;
  const bot: UserFromGetMe = {
    id: Number(token.split(':')[0]) || 123456,
    is_bot: true,
    first_name: 'Kaifang Test',
    username: 'kaifang_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
    ...options.bot,
  };

  const calls: FakeTelegramCall[] = [];
  const failures = new Map<string, FakeTelegramFailure[]>();
  const waiters = new Set<() => void>();
  let queue: Update[] = [];
  let nextUpdateId = 1;
  let allowedUpdates: string[] = [];
  let held: HeldPoll | undefined;
  let webhook: FakeTelegramWebhook | undefined;
  let closed = false;
  const messages = new Map<string, FakeTelegramMessage>();
  const nextMessageId = new Map<string, number>();
  const chats = new Map<string, Chat>();
  const users = new Map<number, User>();
  const callbackIds = new Set<string>();
  const commandSets = new Map<string, BotCommand[]>();
  let callbackSeq = 0;

  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const now = () => Math.floor(Date.now() / 1000);
  const commandsKey = (scope: unknown, languageCode: unknown) =>
    `${canonical(scope ?? { type: 'default' })}|${typeof languageCode === 'string' ? languageCode : ''}`;

  // Private chats and group chats share one message id sequence per chat, whoever writes.
  function takeMessageId(key: string): number {
    const id = nextMessageId.get(key) ?? 1;
    nextMessageId.set(key, id + 1);
    return id;
  }

  function chatFor(key: string): Chat {
    const known = chats.get(key);
    if (known) return known;
    const id = asChatId(key);
    if (typeof id === 'string') return { id: 0, type: 'channel', title: id, username: id.replace(/^@/, '') };
    if (id > 0) return { id, type: 'private', first_name: users.get(id)?.first_name ?? `User ${id}` };
    return String(id).startsWith('-100') ? { id, type: 'supergroup', title: `Chat ${id}` } : { id, type: 'group', title: `Chat ${id}` };
  }

  function telegramMessage(stored: FakeTelegramMessage): Message {
    const markup = inlineKeyboard(stored.reply_markup);
    return {
      message_id: stored.message_id,
      date: stored.date,
      chat: chatFor(String(stored.chat_id)),
      from: bot,
      text: stored.text,
      ...(stored.edit_date !== undefined ? { edit_date: stored.edit_date } : {}),
      ...(markup ? { reply_markup: markup } : {}),
    } as Message;
  }

  function remember(update: Update): void {
    const message = update.message ?? update.edited_message;
    if (message) {
      chats.set(String(message.chat.id), message.chat);
      if (message.from) users.set(message.from.id, message.from);
    }
    if (update.callback_query) {
      callbackIds.add(update.callback_query.id);
      users.set(update.callback_query.from.id, update.callback_query.from);
    }
  }

  function numbered(update: NewUpdate): Update {
    const id = update.update_id ?? nextUpdateId;
    nextUpdateId = Math.max(nextUpdateId, id + 1);
    return { ...update, update_id: id } as Update;
  }

  function isAllowed(update: Update): boolean {
    const type = updateType(update);
    if (type === undefined) return false;
    return allowedUpdates.length > 0 ? allowedUpdates.includes(type) : !OPT_IN_UPDATE_TYPES.has(type);
  }

  /** An offset confirms every earlier update; a negative one keeps only the last -offset of them. */
  function confirm(offset: number): void {
    if (offset > 0) queue = queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) queue = queue.slice(offset);
  }

  function deliverable(limit: number): Update[] {
    // Telegram never queues updates of a type the bot did not ask for, so drop them rather than hold them back.
    queue = queue.filter(isAllowed);
    return queue.slice(0, limit);
  }

  function answer(res: ServerResponse, call: FakeTelegramCall, result: Answer): void {
    call.status = result.status;
    call.response = result.body;
    wake();
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(result.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result.body));
  }

  function releaseHeld(result: Answer): void {
    const poll = held;
    if (!poll) return;
    held = undefined;
    clearTimeout(poll.timer);
    answer(poll.res, poll.call, result);
  }

  function offerToHeldPoll(): void {
    if (!held) return;
    const updates = deliverable(held.limit);
    if (updates.length > 0) releaseHeld(ok(updates));
  }

  /** getUpdates is the one method that may not answer at once: it is held until an update arrives or time runs out. */
  function getUpdates(params: Record<string, unknown>, call: FakeTelegramCall, res: ServerResponse): Answer | 'held' {
    if (webhook) return fail(409, WEBHOOK_CONFLICT);
    // Like Telegram, a newer getUpdates ends the one still waiting; that is also how grammY's stop() gets through.
    releaseHeld(fail(409, POLL_CONFLICT));
    if (Array.isArray(params.allowed_updates)) allowedUpdates = params.allowed_updates.filter((t): t is string => typeof t === 'string');
    const offset = toInt(params.offset, 0);
    const limit = Math.min(100, Math.max(1, toInt(params.limit, 100)));
    const timeoutMs = Math.min(maxLongPollMs, Math.max(0, toInt(params.timeout, 0)) * 1000);
    confirm(offset);
    const updates = deliverable(limit);
    if (updates.length > 0 || timeoutMs === 0 || closed) return ok(updates);
    const timer = setTimeout(() => releaseHeld(ok([])), timeoutMs);
    held = { res, call, limit, timer };
    // A client that gives up (grammY aborts its poll on stop()) must not leave a poll behind to answer.
    res.on('close', () => {
      if (held?.res === res) {
        clearTimeout(held.timer);
        held = undefined;
      }
    });
    return 'held';
  }

  function sendMessage(params: Record<string, unknown>): Answer {
    const key = chatKey(params.chat_id);
    if (key === undefined) return badRequest('chat_id is empty');
    if (typeof params.text !== 'string' || params.text.trim() === '') return badRequest('message text is empty');
    if (params.text.length > MAX_TEXT_LENGTH) return badRequest('message is too long');
    if (hasInvalidButtonData(params.reply_markup)) return badRequest('BUTTON_DATA_INVALID');
    const stored: FakeTelegramMessage = {
      chat_id: asChatId(key),
      message_id: takeMessageId(key),
      text: params.text,
      reply_markup: params.reply_markup,
      parse_mode: typeof params.parse_mode === 'string' ? params.parse_mode : undefined,
      date: now(),
      edit_date: undefined,
      versions: [params],
    };
    messages.set(`${key}/${stored.message_id}`, stored);
    return ok(telegramMessage(stored));
  }

  /** A photo uploaded as a file (a file id or URL is not modelled), its caption at most 1,024 characters, as Telegram's. */
  function sendPhoto(params: Record<string, unknown>): Answer {
    const key = chatKey(params.chat_id);
    if (key === undefined) return badRequest('chat_id is empty');
    const photo = params.photo as { size?: unknown } | undefined;
    if (typeof photo !== 'object' || photo === null || typeof photo.size !== 'number' || photo.size === 0) return badRequest('there is no photo in the request');
    if (typeof params.caption === 'string' && params.caption.length > 1024) return badRequest('message caption is too long');
    const message_id = takeMessageId(key);
    return ok({ message_id, date: now(), chat: { id: asChatId(key), type: 'private' }, photo: [{ file_id: `photo-${key}-${message_id}`, file_unique_id: `u${message_id}`, width: 1, height: 1, file_size: photo.size }], caption: params.caption });
  }

  function editMessage(params: Record<string, unknown>, changeText: boolean): Answer {
    const key = chatKey(params.chat_id);
    const stored = key === undefined ? undefined : messages.get(`${key}/${toInt(params.message_id, 0)}`);
    if (!stored) return badRequest('message to edit not found');
    const text = changeText ? params.text : stored.text;
    if (typeof text !== 'string' || text.trim() === '') return badRequest('message text is empty');
    if (text.length > MAX_TEXT_LENGTH) return badRequest('message is too long');
    if (hasInvalidButtonData(params.reply_markup)) return badRequest('BUTTON_DATA_INVALID');
    // Leaving reply_markup out of an edit removes the buttons, as in Telegram.
    if (text === stored.text && canonical(inlineKeyboard(params.reply_markup)) === canonical(inlineKeyboard(stored.reply_markup))) {
      return badRequest(NOT_MODIFIED.slice('Bad Request: '.length));
    }
    stored.text = text;
    stored.reply_markup = params.reply_markup;
    if (changeText) stored.parse_mode = typeof params.parse_mode === 'string' ? params.parse_mode : undefined;
    stored.edit_date = now();
    stored.versions.push(params);
    return ok(telegramMessage(stored));
  }

  function answerMethod(method: string, params: Record<string, unknown>): Answer {
    switch (method) {
      case 'getMe':
        return ok(bot);
      case 'sendMessage':
        return sendMessage(params);
      case 'sendPhoto':
        return sendPhoto(params);
      case 'editMessageText':
        return editMessage(params, true);
      case 'editMessageReplyMarkup':
        return editMessage(params, false);
      case 'deleteMessage': {
        const key = chatKey(params.chat_id);
        const id = `${key}/${toInt(params.message_id, 0)}`;
        if (key === undefined || !messages.delete(id)) return badRequest('message to delete not found');
        return ok(true);
      }
      case 'answerCallbackQuery':
        if (typeof params.callback_query_id !== 'string' || !callbackIds.has(params.callback_query_id)) {
          return badRequest('query is too old and response timeout expired or query ID is invalid');
        }
        return ok(true);
      case 'setMyCommands': {
        if (!Array.isArray(params.commands)) return badRequest('parameter "commands" is required');
        const commands = params.commands as BotCommand[];
        if (commands.some((c) => typeof c?.command !== 'string' || !COMMAND_NAME.test(c.command))) return badRequest('BOT_COMMAND_INVALID');
        commandSets.set(commandsKey(params.scope, params.language_code), commands.map((c) => ({ command: c.command, description: c.description })));
        return ok(true);
      }
      case 'getMyCommands':
        return ok(commandSets.get(commandsKey(params.scope, params.language_code)) ?? []);
      case 'deleteMyCommands':
        commandSets.delete(commandsKey(params.scope, params.language_code));
        return ok(true);
      case 'setWebhook': {
        const url = typeof params.url === 'string' ? params.url : '';
        const secret = typeof params.secret_token === 'string' ? params.secret_token : undefined;
        if (secret !== undefined && !SECRET_TOKEN.test(secret)) return badRequest('secret token contains unallowed characters');
        if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') queue = [];
        // An empty URL is how Telegram spells "remove the webhook".
        webhook =
          url === ''
            ? undefined
            : {
                url,
                secret_token: secret,
                allowed_updates: Array.isArray(params.allowed_updates) ? (params.allowed_updates as string[]) : undefined,
                max_connections: params.max_connections === undefined ? undefined : toInt(params.max_connections, 40),
              };
        if (webhook) releaseHeld(fail(409, WEBHOOK_CONFLICT));
        return ok(true);
      }
      case 'deleteWebhook':
        webhook = undefined;
        if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') queue = [];
        return ok(true);
      case 'getWebhookInfo': {
        const info: WebhookInfo = {
          url: webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: queue.length,
          ...(webhook?.max_connections !== undefined ? { max_connections: webhook.max_connections } : {}),
          ...(webhook?.allowed_updates ? { allowed_updates: webhook.allowed_updates as WebhookInfo['allowed_updates'] } : {}),
        };
        return ok(info);
      }
      case 'sendChatAction':
        if (chatKey(params.chat_id) === undefined) return badRequest('chat_id is empty');
        return ok(true);
      case 'getChat': {
        const key = chatKey(params.chat_id);
        if (key === undefined) return badRequest('chat_id is empty');
        return ok({ ...chatFor(key), accent_color_id: 0, max_reaction_count: 11 });
      }
      default:
        return fail(404, 'Not Found: method not found');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const raw = body.toString('utf8');
    const route = /^\/bot([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
      return;
    }
    const callToken = decodeURIComponent(route[1]!);
    const method = decodeURIComponent(route[2]!);
    let params: Record<string, unknown>;
    let parseError = false;
    try {
      const contentType = req.headers['content-type'];
      params = contentType?.startsWith('multipart/form-data') ? parseMultipart(contentType, body, url.searchParams) : parseParams(contentType, raw, url.searchParams);
    } catch {
      params = { _raw: raw };
      parseError = true;
    }
    const call: FakeTelegramCall = { method, params, token: callToken, at: Date.now(), status: 0, response: undefined };
    calls.push(call);
    let result: Answer | 'held';
    if (callToken !== token) result = fail(401, 'Unauthorized');
    else if (parseError) result = badRequest("can't parse JSON");
    else {
      const failure = failures.get(method)?.shift();
      if (failure) result = failureAnswer(failure);
      else if (method === 'getUpdates') result = getUpdates(params, call, res);
      else result = answerMethod(method, params);
    }
    if (result === 'held') wake();
    else answer(res, call, result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      if (error instanceof BodyTooLarge) {
        res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 413, description: 'Request Entity Too Large' }));
        return;
      }
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const callsTo = (method: string) => calls.filter((c) => c.method === method);

  function buildMessage(from: FakeTelegramUser, text: string, chat?: FakeTelegramChat): NewUpdate & { message: Message.TextMessage } {
    const user = userFrom(from);
    const theChat: Chat = chat
      ? chat.type === 'private'
        ? { id: chat.id, type: 'private', first_name: user.first_name }
        : { id: chat.id, type: chat.type, title: chat.title ?? `Chat ${chat.id}` }
      : {
          id: from.id,
          type: 'private',
          first_name: user.first_name,
          ...(user.username !== undefined ? { username: user.username } : {}),
        };
    const command = COMMAND_AT_START.exec(text);
    const message = {
      message_id: takeMessageId(String(theChat.id)),
      date: now(),
      chat: theChat,
      from: user,
      text,
      ...(command ? { entities: [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] } : {}),
    } as Message.TextMessage;
    return { message } as NewUpdate & { message: Message.TextMessage };
  }

  function buildCallbackQuery(
    from: FakeTelegramUser,
    data: string,
    target: { chat_id: number | string; message_id: number },
  ): NewUpdate & { callback_query: CallbackQuery } {
    const key = chatKey(target.chat_id) ?? '';
    const stored = messages.get(`${key}/${target.message_id}`);
    // A press on a message the bot never sent is a mistake in the test, not something Telegram could deliver.
    if (!stored) throw new Error(`fake Telegram: no message ${target.message_id} sent by the bot to chat ${String(target.chat_id)}`);
    const callback_query: CallbackQuery = {
      id: String(4_000_000_000_000_000 + ++callbackSeq),
      from: userFrom(from),
      chat_instance: `-${String(key).replace(/\D/g, '') || '0'}17`,
      data,
      message: telegramMessage(stored),
    };
    return { callback_query };
  }

  function message(from: FakeTelegramUser, text: string, chat?: FakeTelegramChat): NewUpdate & { message: Message.TextMessage };
  function message(chatId: number | string, messageId: number): FakeTelegramMessage | undefined;
  function message(
    first: FakeTelegramUser | number | string,
    second: string | number,
    chat?: FakeTelegramChat,
  ): (NewUpdate & { message: Message.TextMessage }) | FakeTelegramMessage | undefined {
    if (typeof first === 'object') return buildMessage(first, String(second), chat);
    return messages.get(`${chatKey(first) ?? ''}/${Number(second)}`);
  }

  return {
    apiRoot,
    token,
    bot,
    calls,
    callsTo,
    waitForCalls(method, count = 1, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = callsTo(method);
          if (found.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = calls.map((c) => `${c.method} ${c.status || 'held'}`).join(', ') || 'none';
          reject(new Error(`fake Telegram: waited ${timeoutMs} ms for ${count} × ${method}, saw ${callsTo(method).length}; calls: ${seen}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    failNext(method, failure) {
      const queued = failures.get(method) ?? [];
      queued.push(failure);
      failures.set(method, queued);
    },
    pushUpdate(update) {
      const full = numbered(update);
      remember(full);
      queue.push(full);
      queue.sort((a, b) => a.update_id - b.update_id);
      offerToHeldPoll();
      return full;
    },
    pendingUpdates: () => [...queue],
    message,
    callbackQuery: buildCallbackQuery,
    messagesTo(chatId) {
      const prefix = `${chatKey(chatId) ?? ''}/`;
      return [...messages.entries()].filter(([key]) => key.startsWith(prefix)).map(([, m]) => m);
    },
    commands: (languageCode, scope) => commandSets.get(commandsKey(scope, languageCode)) ?? [],
    webhookInfo: () => webhook,
    postToWebhook(url, update, secret) {
      const full = numbered(update);
      remember(full);
      return postToWebhook(url, full, secret);
    },
    async close() {
      if (closed) return;
      closed = true;
      const poll = held;
      releaseHeld(ok([]));
      // Let the empty answer reach the socket before the connections are cut.
      if (poll && !poll.res.writableFinished && !poll.res.destroyed) {
        await new Promise<void>((resolve) => {
          poll.res.once('finish', resolve);
          poll.res.once('close', resolve);
        });
      }
      // Clients keep connections alive; without closing them server.close() would wait for their idle timeout.
      const closedServer = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closedServer;
    },
  };
}
