// A stand-in for Slack's Web API on 127.0.0.1: the machine has no internet, and the adapter must be tested through
// the real @slack/web-api client (form encoding, 429 handling, token headers), so we fake the server, not the client.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlackCall {
  /** Web API method (`chat.postMessage`), or `response_url:<id>` for a POST to a handed-out response URL. */
  method: string;
  args: Record<string, unknown>;
  /** Bearer token from the Authorization header, else the `token` form field; undefined when none was sent. */
  token: string | undefined;
  /** Date.now() when the request arrived. */
  at: number;
  /** HTTP status and JSON body the fake answered, so a test can tell a refused call from an accepted one. */
  status: number;
  response: Record<string, unknown>;
}

/** `status: 429` → rate limited with Retry-After; `status: 500` → server error; `error` alone → HTTP 200, ok:false. */
export interface FakeFailure {
  status?: number;
  retryAfter?: number;
  error?: string;
}

export interface FakeSlackUser {
  name?: string;
  realName?: string;
  locale?: string;
  tz?: string;
  tzOffset?: number;
  isBot?: boolean;
}

/** The latest state of a message the bot posted, after any chat.update. */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: unknown;
  blocks: unknown;
  /** Every version, oldest first (the postMessage args, then each chat.update's args). */
  versions: Record<string, unknown>[];
}

export interface FakeSlackApiOptions {
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** When set, any other token is refused with `invalid_auth`, as Slack would. */
  token?: string;
  /** Socket Mode: the app-level token `apps.connections.open` accepts (any `xapp-…` one when unset). */
  appToken?: string;
  /** Socket Mode: the WebSocket URL `apps.connections.open` hands out, one per call (e.g. a FakeSlackSocket's). */
  socketModeUrl?: () => string;
}

export interface FakeSlackApi {
  /** Base for `slackApiUrl` (Bolt `clientOptions.slackApiUrl`, WebClient option), ends with `/api/`. */
  url: string;
  /** `http://127.0.0.1:PORT`, for anything that needs the bare origin. */
  origin: string;
  teamId: string;
  botUserId: string;
  botId: string;
  /** Every call in arrival order, failed ones included (live array). */
  calls: FakeSlackCall[];
  callsTo(method: string): FakeSlackCall[];
  /** Resolves once `count` calls to `method` have arrived (slow work happens after the ack, so tests must wait). */
  waitForCalls(method: string, count?: number, timeoutMs?: number): Promise<FakeSlackCall[]>;
  /** Queue a failure for the next call to `method`; several queue up in order. */
  failNext(method: string, failure: FakeFailure): void;
  setUser(id: string, info: FakeSlackUser): void;
  /** A response_url that POSTs back here, recorded as method `response_url:<id>`. */
  responseUrl(id: string): string;
  message(channel: string, ts: string): FakeSlackMessage | undefined;
  close(): Promise<void>;
}

// Top-level fields that are free text in Slack's API: never JSON-decode them even if they look like JSON.
const TEXT_FIELDS = new Set(['text', 'markdown_text', 'alt_text', 'title', 'initial_comment', 'fallback']);

// Slack timestamps are `<seconds>.<microseconds>`; a fixed epoch plus 100 µs steps keeps them unique and sortable.
function tsFor(seq: number): string {
  const micros = seq * 100;
  const seconds = 1_700_000_000 + Math.floor(micros / 1_000_000);
  return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

/** The WebClient sends form bodies whose nested values (blocks, view, …) are JSON strings: decode them back. */
export function parseSlackApiBody(contentType: string | undefined, raw: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = TEXT_FIELDS.has(key) ? value : maybeJson(value);
  }
  return args;
}

function maybeJson(value: string): unknown {
  const first = value.trimStart()[0];
  if (first !== '{' && first !== '[') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

export async function startFakeSlackApi(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
  const teamId = options.teamId ?? 'T0KAIFANG';
  const botUserId = options.botUserId ?? 'U0KAIFANGBOT';
  const botId = options.botId ?? 'B0KAIFANGBOT';
  const calls: FakeSlackCall[] = [];
  const failures = new Map<string, FakeFailure[]>();
  const users = new Map<string, FakeSlackUser>();
  const messages = new Map<string, FakeSlackMessage>();
  const waiters = new Set<() => void>();
  let tsSeq = 0;
  let viewSeq = 0;
  let fileSeq = 0;
  /** Files handed an upload URL (files.getUploadURLExternal): their name, announced length and the bytes received. */
  const uploads = new Map<string, { filename: string; length: number; bytes: Buffer | null }>();
  let origin = '';

  const ok = (body: Record<string, unknown> = {}): Answer => ({ status: 200, body: { ok: true, ...body } });
  const refuse = (error: string): Answer => ({ status: 200, body: { ok: false, error } });

  function failureAnswer(f: FakeFailure): Answer {
    if (f.status === 429) {
      const retryAfter = f.retryAfter ?? 1;
      return { status: 429, body: { ok: false, error: f.error ?? 'ratelimited' }, headers: { 'Retry-After': String(retryAfter) } };
    }
    if (f.status !== undefined && f.status !== 200) return { status: f.status, body: { ok: false, error: f.error ?? 'fatal_error' } };
    return refuse(f.error ?? 'fatal_error');
  }

  function userChannel(channel: string): string {
    // Posting to a user id lands in the bot's DM with that user, and Slack answers with the DM's id.
    return /^[UW]/.test(channel) ? `D${channel}` : channel;
  }

  function newView(view: unknown, id?: string): Record<string, unknown> {
    const viewId = id ?? `V${String(++viewSeq).padStart(8, '0')}`;
    return {
      ...(typeof view === 'object' && view !== null ? view : {}),
      id: viewId,
      team_id: teamId,
      app_id: 'A0KAIFANG',
      bot_id: botId,
      state: { values: {} },
      hash: `hash-${viewSeq}-${Date.now()}`,
      root_view_id: viewId,
    };
  }

  function answerMethod(method: string, args: Record<string, unknown>, token: string | undefined): Answer {
    if (token === undefined || token === '') return refuse('not_authed');
    // Slack keeps the two kinds of token apart: Socket Mode's URL only for an app-level token, everything else only
    // for the bot token.
    if (method === 'apps.connections.open') {
      if (!token.startsWith('xapp-')) return refuse('not_allowed_token_type');
      if (options.appToken !== undefined && token !== options.appToken) return refuse('invalid_auth');
      // The fake's own error: a test that forgot to give a socket URL is told so plainly.
      if (!options.socketModeUrl) return refuse('socket_mode_not_enabled');
      return ok({ url: options.socketModeUrl() });
    }
    if (token.startsWith('xapp-')) return refuse('not_allowed_token_type');
    if (options.token !== undefined && token !== options.token) return refuse('invalid_auth');
    switch (method) {
      case 'auth.test':
        return ok({ url: 'https://kaifang-test.slack.com/', team: 'kaifang-test', user: 'kaifang', team_id: teamId, user_id: botUserId, bot_id: botId, is_enterprise_install: false });
      case 'conversations.open': {
        if (typeof args.channel === 'string') return ok({ channel: { id: args.channel } });
        const first = typeof args.users === 'string' ? args.users.split(',')[0]?.trim() : undefined;
        if (!first) return refuse('users_list_not_supplied');
        return ok({ channel: { id: `D${first}` } });
      }
      case 'chat.postMessage': {
        if (typeof args.channel !== 'string' || args.channel === '') return refuse('channel_not_found');
        if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) return refuse('no_text');
        const channel = userChannel(args.channel);
        const ts = tsFor(++tsSeq);
        messages.set(`${channel}/${ts}`, { channel, ts, text: args.text, blocks: args.blocks, versions: [args] });
        const message = { type: 'message', user: botUserId, bot_id: botId, text: args.text ?? '', blocks: args.blocks, ts, thread_ts: args.thread_ts };
        return ok({ channel, ts, message });
      }
      case 'chat.update': {
        const channel = typeof args.channel === 'string' ? args.channel : '';
        const ts = typeof args.ts === 'string' ? args.ts : '';
        // Strict on purpose: an update aimed at a ts the bot never posted is a bug Slack would also refuse.
        const stored = messages.get(`${channel}/${ts}`);
        if (!stored) return refuse('message_not_found');
        if (args.text !== undefined) stored.text = args.text;
        if (args.blocks !== undefined) stored.blocks = args.blocks;
        stored.versions.push(args);
        return ok({ channel, ts, text: stored.text, message: { type: 'message', user: botUserId, bot_id: botId, text: stored.text ?? '', blocks: stored.blocks } });
      }
      // Slack's upload flow: a URL for the bytes, the bytes POSTed there, then the upload completed into a channel.
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (typeof args.filename !== 'string' || !Number.isInteger(length) || length <= 0) return refuse('invalid_arguments');
        const id = `F${String(++fileSeq).padStart(8, '0')}`;
        uploads.set(id, { filename: args.filename, length, bytes: null });
        return ok({ upload_url: `${origin}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? (args.files as Array<{ id?: unknown; title?: unknown }>) : [];
        if (files.length === 0) return refuse('invalid_arguments');
        for (const f of files) {
          const upload = typeof f.id === 'string' ? uploads.get(f.id) : undefined;
          if (!upload || upload.bytes === null || upload.bytes.length !== upload.length) return refuse('file_upload_not_complete');
        }
        return ok({ files: files.map((f) => ({ id: f.id, title: f.title ?? null })) });
      }
      case 'files.upload':
        // Retired by Slack (2025): a client still calling it is told so.
        return refuse('method_deprecated');
      case 'chat.postEphemeral':
        if (typeof args.channel !== 'string' || typeof args.user !== 'string') return refuse('channel_not_found');
        return ok({ message_ts: tsFor(++tsSeq) });
      case 'views.open':
      case 'views.push':
        // A trigger id is required (and single-use, 3 s, in real Slack; the fake only checks that one was given).
        if (!args.trigger_id && !args.interactivity_pointer) return refuse('invalid_trigger_id');
        if (args.view === undefined) return refuse('invalid_arguments');
        return ok({ view: newView(args.view) });
      case 'views.update': {
        if (args.view === undefined) return refuse('invalid_arguments');
        const id = typeof args.view_id === 'string' ? args.view_id : undefined;
        if (id === undefined && typeof args.external_id !== 'string') return refuse('invalid_arguments');
        return ok({ view: newView(args.view, id) });
      }
      case 'views.publish':
        if (typeof args.user_id !== 'string' || args.view === undefined) return refuse('invalid_arguments');
        return ok({ view: newView(args.view) });
      case 'users.info': {
        if (typeof args.user !== 'string') return refuse('user_not_found');
        const u = users.get(args.user) ?? {};
        const user: Record<string, unknown> = {
          id: args.user,
          team_id: teamId,
          name: u.name ?? args.user.toLowerCase(),
          real_name: u.realName ?? args.user,
          tz: u.tz ?? 'Asia/Shanghai',
          tz_offset: u.tzOffset ?? 28_800,
          is_bot: u.isBot ?? false,
          profile: { real_name: u.realName ?? args.user, display_name: u.name ?? args.user.toLowerCase() },
        };
        // Slack only returns `locale` when asked with include_locale=true; mirror that so a missing flag shows up here.
        if (args.include_locale === true || args.include_locale === 'true') user.locale = u.locale ?? 'en-US';
        return ok({ user });
      }
      default:
        return refuse('unknown_method');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const raw = body.toString('utf8');
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path.startsWith('/upload/')) {
      // The upload URL takes the file's bytes as the body, as Slack's does; recorded as method `upload:<file id>`.
      // The bytes as the body, or (as @slack/web-api sends them) the one file of a multipart form.
      const id = decodeURIComponent(path.slice('/upload/'.length));
      const upload = uploads.get(id);
      let bytes = body;
      const type = req.headers['content-type'];
      if (type?.startsWith('multipart/form-data')) {
        const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
        const file = [...form.values()].find((v) => typeof v !== 'string') as Blob | undefined;
        bytes = file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
      }
      const accepted = upload !== undefined && upload.bytes === null;
      if (accepted) upload.bytes = bytes;
      calls.push({ method: `upload:${id}`, args: { bytes: bytes.length, png: bytes.subarray(1, 4).toString('latin1') === 'PNG' }, token: bearer(req), at: Date.now(), status: accepted ? 200 : 404, response: {} });
      for (const wake of [...waiters]) wake();
      res.writeHead(accepted ? 200 : 404, { 'content-type': 'text/plain' }).end(accepted ? `OK - ${body.length}` : 'unknown upload');
      return;
    }
    let method: string;
    if (path.startsWith('/api/')) method = decodeURIComponent(path.slice('/api/'.length));
    else if (path.startsWith('/respond/')) method = `response_url:${decodeURIComponent(path.slice('/respond/'.length))}`;
    else {
      res.writeHead(404).end();
      return;
    }
    let args: Record<string, unknown>;
    try {
      args = parseSlackApiBody(req.headers['content-type'], raw);
    } catch {
      args = { _raw: raw };
    }
    const token = bearer(req) ?? (typeof args.token === 'string' ? args.token : undefined);
    const queued = failures.get(method);
    const failure = queued?.shift();
    let answer: Answer;
    if (failure) answer = failureAnswer(failure);
    else if (method.startsWith('response_url:')) answer = ok();
    else answer = answerMethod(method, args, token);
    calls.push({ method, args, token, at: Date.now(), status: answer.status, response: answer.body });
    for (const wake of [...waiters]) wake();
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const callsTo = (method: string) => calls.filter((c) => c.method === method);

  return {
    url: `${origin}/api/`,
    origin,
    teamId,
    botUserId,
    botId,
    calls,
    callsTo,
    waitForCalls(method, count = 1, timeoutMs = 5_000) {
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
          reject(new Error(`fake Slack: waited ${timeoutMs} ms for ${count} × ${method}, saw ${callsTo(method).length}; calls: ${calls.map((c) => c.method).join(', ') || 'none'}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    failNext(method, failure) {
      const queue = failures.get(method) ?? [];
      queue.push(failure);
      failures.set(method, queue);
    },
    setUser(id, info) {
      users.set(id, { ...users.get(id), ...info });
    },
    responseUrl: (id) => `${origin}/respond/${encodeURIComponent(id)}`,
    message: (channel, ts) => messages.get(`${channel}/${ts}`),
    async close() {
      // Clients keep connections alive; without closing them server.close() would wait for their idle timeout.
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
