// The fake is only worth something if the real @slack/web-api client (the one Bolt uses) talks to it unchanged.
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.ts';

const { WebClient, ErrorCode, LogLevel } = webApi;
const TOKEN = 'xoxb-kaifang-test';

let fake: FakeSlackApi;
beforeEach(async () => {
  fake = await startFakeSlackApi();
});
afterEach(async () => {
  await fake.close();
});

function client(options: ConstructorParameters<typeof WebClient>[1] = {}) {
  return new WebClient(TOKEN, { slackApiUrl: fake.url, logLevel: LogLevel.ERROR, ...options });
}

describe('fake Slack Web API, driven by the real WebClient', () => {
  it('listens on loopback with a random port and a base usable as slackApiUrl', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(fake.url).not.toMatch(/:0\//);
  });

  it('answers auth.test with the bot identity and records the bearer token', async () => {
    const r = await client().auth.test();
    expect(r).toMatchObject({ ok: true, user_id: fake.botUserId, bot_id: fake.botId, team_id: fake.teamId });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ method: 'auth.test', token: TOKEN, status: 200 });
  });

  it('refuses a call without a token, and a wrong token when one is configured', async () => {
    await expect(new WebClient(undefined, { slackApiUrl: fake.url, logLevel: LogLevel.ERROR }).auth.test()).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'not_authed' },
    });
    const strict = await startFakeSlackApi({ token: 'xoxb-right' });
    try {
      const wrong = new WebClient('xoxb-wrong', { slackApiUrl: strict.url, logLevel: LogLevel.ERROR });
      await expect(wrong.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    } finally {
      await strict.close();
    }
  });

  it('posts a message with blocks: the fake decodes the form-encoded JSON back into objects', async () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: '*W5-0001* 申请 — deadline 2025-01-10' } },
      { type: 'actions', block_id: 'decide', elements: [{ type: 'button', action_id: 'approve', value: 'task-1', text: { type: 'plain_text', text: 'Approve' } }] },
    ];
    const r = await client().chat.postMessage({ channel: 'D0ALICE', text: '[urgent] {not json}', blocks });
    expect(r).toMatchObject({ ok: true, channel: 'D0ALICE', message: { text: '[urgent] {not json}' } });
    const call = fake.callsTo('chat.postMessage')[0];
    expect(call?.args.blocks).toEqual(blocks);
    // Free text that happens to look like JSON stays text.
    expect(call?.args.text).toBe('[urgent] {not json}');
    expect(call?.args.channel).toBe('D0ALICE');
  });

  it('gives each message a unique, increasing Slack-style ts, and DM channel ids for user ids', async () => {
    const c = client();
    const a = await c.chat.postMessage({ channel: 'D0ALICE', text: 'one' });
    const b = await c.chat.postMessage({ channel: 'U0BOB', text: 'two' });
    expect(a.ts).toBe('1700000000.000100');
    expect(b.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
    expect(b.channel).toBe('DU0BOB');
  });

  it('opens a stable DM channel per user', async () => {
    const c = client();
    const first = await c.conversations.open({ users: 'U0ALICE' });
    const again = await c.conversations.open({ users: 'U0ALICE' });
    const other = await c.conversations.open({ users: 'U0BOB' });
    expect(first.channel?.id).toBe('DU0ALICE');
    expect(again.channel?.id).toBe(first.channel?.id);
    expect(other.channel?.id).not.toBe(first.channel?.id);
  });

  it('updates a posted message in place and refuses an update to a message it never saw', async () => {
    const c = client();
    const posted = await c.chat.postMessage({ channel: 'D0ALICE', text: 'pending', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'pending' } }] });
    const done = [{ type: 'section', text: { type: 'mrkdwn', text: 'Approved by Bob' } }];
    await c.chat.update({ channel: posted.channel!, ts: posted.ts!, text: 'approved', blocks: done });
    expect(fake.message(posted.channel!, posted.ts!)).toMatchObject({ text: 'approved', blocks: done });
    expect(fake.message(posted.channel!, posted.ts!)?.versions).toHaveLength(2);
    await expect(c.chat.update({ channel: 'D0ALICE', ts: '1.000001', text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
  });

  it('answers chat.postEphemeral, views.open/push/update/publish with view ids', async () => {
    const c = client();
    const eph = await c.chat.postEphemeral({ channel: 'C0GENERAL', user: 'U0ALICE', text: 'only you' });
    expect(eph.message_ts).toMatch(/^\d+\.\d{6}$/);
    const modal = { type: 'modal' as const, callback_id: 'reject', title: { type: 'plain_text' as const, text: 'Reject' }, blocks: [] };
    const opened = await c.views.open({ trigger_id: '123.456.abc', view: modal });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), callback_id: 'reject', type: 'modal' });
    expect(fake.callsTo('views.open')[0]?.args.view).toEqual(modal);
    const pushed = await c.views.push({ trigger_id: '123.456.def', view: modal });
    expect(pushed.view?.id).not.toBe(opened.view?.id);
    const updated = await c.views.update({ view_id: opened.view!.id!, view: { ...modal, callback_id: 'reject2' } });
    expect(updated.view).toMatchObject({ id: opened.view?.id, callback_id: 'reject2' });
    const home = { type: 'home' as const, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'My tasks' } }] };
    const published = await c.views.publish({ user_id: 'U0ALICE', view: home });
    expect(published.view).toMatchObject({ id: expect.stringMatching(/^V/), type: 'home' });
    expect(fake.callsTo('views.publish')[0]?.args).toMatchObject({ user_id: 'U0ALICE', view: home });
    await expect(c.views.open({ trigger_id: '', view: modal })).rejects.toMatchObject({ data: { error: 'invalid_trigger_id' } });
  });

  it('returns users.info with locale only when include_locale is asked for, as Slack does', async () => {
    const c = client();
    const plain = await c.users.info({ user: 'U0ALICE' });
    expect(plain.user).toMatchObject({ id: 'U0ALICE', tz: 'Asia/Shanghai' });
    expect(plain.user?.locale).toBeUndefined();
    const withLocale = await c.users.info({ user: 'U0ALICE', include_locale: true });
    expect(withLocale.user?.locale).toBe('en-US');
    fake.setUser('U0LI', { locale: 'zh-CN', tz: 'Asia/Shanghai', realName: '李雷' });
    const li = await c.users.info({ user: 'U0LI', include_locale: true });
    expect(li.user).toMatchObject({ id: 'U0LI', locale: 'zh-CN', real_name: '李雷' });
  });

  it('hands out the Socket Mode URL only for an app-level token, and takes only the bot token elsewhere', async () => {
    const strict = await startFakeSlackApi({ token: TOKEN, appToken: 'xapp-right', socketModeUrl: () => 'ws://127.0.0.1:9/link/?ticket=t1' });
    try {
      // How @slack/socket-mode calls it: no token argument, the app-level token in the Authorization header.
      const appClient = (token: string) => new WebClient('', { slackApiUrl: strict.url, logLevel: LogLevel.ERROR, headers: { Authorization: `Bearer ${token}` } });
      expect(await appClient('xapp-right').apps.connections.open({})).toMatchObject({ ok: true, url: 'ws://127.0.0.1:9/link/?ticket=t1' });
      expect(strict.calls[0]).toMatchObject({ method: 'apps.connections.open', token: 'xapp-right' });
      await expect(appClient('xapp-wrong').apps.connections.open({})).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
      await expect(appClient(TOKEN).apps.connections.open({})).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
      await expect(appClient('xapp-right').auth.test()).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
    } finally {
      await strict.close();
    }
    await expect(client({ headers: { Authorization: 'Bearer xapp-any' } }).apps.connections.open({})).rejects.toMatchObject({ data: { error: 'socket_mode_not_enabled' } });
  });

  it('answers unknown methods with unknown_method', async () => {
    await expect(client().apiCall('kaifang.nothing', { a: 1 })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'unknown_method' },
    });
    expect(fake.callsTo('kaifang.nothing')[0]?.args).toMatchObject({ a: '1' });
  });

  it('429 with Retry-After surfaces as a rate-limited error carrying retryAfter, and the next call succeeds', async () => {
    const c = client({ rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
    const error = await c.chat.postMessage({ channel: 'D0ALICE', text: 'reminder' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 2 });
    const ok = await c.chat.postMessage({ channel: 'D0ALICE', text: 'reminder' });
    expect(ok.ok).toBe(true);
    expect(fake.callsTo('chat.postMessage').map((call) => call.status)).toEqual([429, 200]);
    expect(fake.callsTo('chat.postMessage')[0]?.response).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('without rejectRateLimitedCalls, the WebClient itself sleeps Retry-After and retries', async () => {
    const c = client({ retryConfig: { retries: 1 } });
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const r = await c.chat.postMessage({ channel: 'D0ALICE', text: 'reminder' });
    expect(r.ok).toBe(true);
    const [limited, retried] = fake.callsTo('chat.postMessage');
    expect(limited?.status).toBe(429);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);
  });

  it('failNext with an error answers HTTP 200 ok:false; with status 500 an HTTP error; failures queue in order', async () => {
    const c = client({ retryConfig: { retries: 0 } });
    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    fake.failNext('chat.postMessage', { status: 500 });
    await expect(c.chat.postMessage({ channel: 'D0X', text: 'a' })).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'channel_not_found' } });
    await expect(c.chat.postMessage({ channel: 'D0X', text: 'a' })).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    await expect(c.chat.postMessage({ channel: 'D0X', text: 'a' })).resolves.toMatchObject({ ok: true });
    // Only the named method is affected.
    fake.failNext('views.publish', { error: 'invalid_arguments' });
    await expect(c.auth.test()).resolves.toMatchObject({ ok: true });
  });

  it('serves response_urls and records what is posted to them as JSON', async () => {
    const url = fake.responseUrl('cmd-1');
    expect(url).toBe(`${fake.origin}/respond/cmd-1`);
    // Bolt's respond() posts JSON with its own axios, no token.
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'done', replace_original: true }) });
    expect(res.status).toBe(200);
    expect(fake.callsTo('response_url:cmd-1')[0]).toMatchObject({ args: { text: 'done', replace_original: true }, token: undefined });
  });

  it('parses JSON bodies too, taking the token from the Authorization header', async () => {
    await fetch(`${fake.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ channel: 'D0ALICE', blocks: [{ type: 'divider' }] }),
    });
    expect(fake.callsTo('chat.postMessage')[0]).toMatchObject({ token: TOKEN, args: { blocks: [{ type: 'divider' }] }, status: 200 });
  });

  it('waitForCalls resolves when calls arrive and explains what it saw when they do not', async () => {
    const waiting = fake.waitForCalls('chat.postMessage', 2);
    const c = client();
    await c.chat.postMessage({ channel: 'D0A', text: '1' });
    await c.chat.postMessage({ channel: 'D0A', text: '2' });
    await expect(waiting).resolves.toHaveLength(2);
    await expect(fake.waitForCalls('views.publish', 1, 50)).rejects.toThrow(/views\.publish.*chat\.postMessage/);
  });
});
