// The builders are checked against Slack's published signing example and against Bolt's own parser and verifier,
// so a passing end-to-end test means "Slack would have been accepted", not "we agree with ourselves".
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTPModuleFunctions, verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appHomeOpened,
  blockActions,
  datePicker,
  eventCallback,
  plainText,
  sendToApp,
  signSlackRequest,
  slashCommand,
  staticSelect,
  urlVerification,
  viewSubmission,
  type SlackRequestBody,
} from './slack-requests.ts';

const SECRET = 'kaifang-signing-secret';

/** What Bolt's receiver would hand to the app for these bytes. */
function boltParse(request: SlackRequestBody): Record<string, unknown> {
  const fakeReq = { rawBody: Buffer.from(request.body), headers: { 'content-type': request.contentType } };
  return HTTPModuleFunctions.parseHTTPRequestBody(fakeReq as never) as Record<string, unknown>;
}

describe('signing', () => {
  it("matches Slack's worked example (docs: verifying requests from Slack)", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it("is accepted by Bolt's verifySlackRequest, and refused when stale", () => {
    const request = slashCommand({ userId: 'U0ALICE', text: 'help' });
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'x-slack-signature': signSlackRequest(SECRET, ts, request.body), 'x-slack-request-timestamp': ts };
    expect(() => verifySlackRequest({ signingSecret: SECRET, body: request.body, headers })).not.toThrow();
    const old = ts - 6 * 60;
    const staleHeaders = { 'x-slack-signature': signSlackRequest(SECRET, old, request.body), 'x-slack-request-timestamp': old };
    expect(() => verifySlackRequest({ signingSecret: SECRET, body: request.body, headers: staleHeaders })).toThrow(/stale/);
  });
});

describe('builders, read back by Bolt', () => {
  it('slashCommand: a form body with the fields Slack sends', () => {
    const request = slashCommand({ userId: 'U0ALICE', userName: 'alice', text: 'apply 申请 "open data"', responseUrl: 'http://127.0.0.1:1/respond/x' });
    expect(request.contentType).toBe('application/x-www-form-urlencoded');
    expect(boltParse(request)).toMatchObject({
      command: '/kaifang',
      text: 'apply 申请 "open data"',
      user_id: 'U0ALICE',
      user_name: 'alice',
      team_id: 'T0KAIFANG',
      channel_id: 'DU0ALICE',
      api_app_id: 'A0KAIFANG',
      response_url: 'http://127.0.0.1:1/respond/x',
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]+$/),
      token: expect.any(String),
    });
    // Without a response_url given, the default still points at loopback so a stray respond() never leaves the box.
    expect(boltParse(slashCommand({ userId: 'U0A', text: '' })).response_url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(slashCommand({ userId: 'U0A', text: '' }).payload.trigger_id).not.toBe(slashCommand({ userId: 'U0A', text: '' }).payload.trigger_id);
  });

  it('blockActions on a message: payload=<json> with user, actions, container, channel, message, response_url', () => {
    const request = blockActions({
      userId: 'U0BOB',
      actionId: 'approve',
      value: 'task-7',
      blockId: 'decide',
      message: { ts: '1700000000.000100', channel: 'DU0BOB' },
      responseUrl: 'http://127.0.0.1:1/respond/a',
    });
    expect(request.body.startsWith('payload=')).toBe(true);
    expect(boltParse(request)).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BOB', team_id: 'T0KAIFANG' },
      team: { id: 'T0KAIFANG' },
      api_app_id: 'A0KAIFANG',
      actions: [{ type: 'button', action_id: 'approve', block_id: 'decide', value: 'task-7' }],
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'DU0BOB' },
      channel: { id: 'DU0BOB' },
      message: { ts: '1700000000.000100' },
      trigger_id: expect.any(String),
      response_url: 'http://127.0.0.1:1/respond/a',
    });
  });

  it('blockActions in the home tab: a view container and no response_url, as Slack sends', () => {
    const parsed = boltParse(blockActions({ userId: 'U0BOB', actionId: 'open_case', value: 'c1', view: { id: 'VHOME1' } }));
    expect(parsed).toMatchObject({ container: { type: 'view', view_id: 'VHOME1' }, view: { id: 'VHOME1', type: 'home' } });
    expect(parsed.response_url).toBeUndefined();
    expect(parsed.channel).toBeUndefined();
  });

  it('viewSubmission: view.state.values shaped as Slack reports input elements', () => {
    const values = {
      basis: { basis_input: plainText(null) },
      reason: { reason_input: plainText('数据涉及个人信息') },
      kind: { kind_select: staticSelect('conditional', 'Conditional') },
      until: { until_date: datePicker('2025-03-01') },
    };
    const parsed = boltParse(viewSubmission({ userId: 'U0BOB', callbackId: 'reject', privateMetadata: '{"task":"t1"}', values }));
    expect(parsed).toMatchObject({
      type: 'view_submission',
      user: { id: 'U0BOB' },
      team: { id: 'T0KAIFANG' },
      view: { type: 'modal', callback_id: 'reject', private_metadata: '{"task":"t1"}', id: expect.any(String) },
    });
    expect((parsed.view as { state: unknown }).state).toEqual({
      values: {
        basis: { basis_input: { type: 'plain_text_input', value: null } },
        reason: { reason_input: { type: 'plain_text_input', value: '数据涉及个人信息' } },
        kind: { kind_select: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Conditional', emoji: true }, value: 'conditional' } } },
        until: { until_date: { type: 'datepicker', selected_date: '2025-03-01' } },
      },
    });
  });

  it('eventCallback and urlVerification: JSON bodies', () => {
    const event = eventCallback({ event: appHomeOpened('U0ALICE'), eventId: 'Ev0001' });
    expect(event.contentType).toBe('application/json');
    expect(boltParse(event)).toMatchObject({
      type: 'event_callback',
      event_id: 'Ev0001',
      team_id: 'T0KAIFANG',
      event: { type: 'app_home_opened', user: 'U0ALICE', tab: 'home', channel: 'DU0ALICE' },
      authorizations: [{ team_id: 'T0KAIFANG', is_bot: true }],
    });
    expect(eventCallback({ event: appHomeOpened('U0A') }).payload.event_id).not.toBe(eventCallback({ event: appHomeOpened('U0A') }).payload.event_id);
    expect(boltParse(urlVerification('abc'))).toMatchObject({ type: 'url_verification', challenge: 'abc' });
  });
});

describe('sendToApp', () => {
  let server: Server;
  let base: string;
  const seen: { headers: IncomingHttpHeaders; body: string; url: string }[] = [];

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString(), url: req.url ?? '' });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"echo":true}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });

  it('sends the exact signed bytes with the exact content type, and returns status, headers, body', async () => {
    const request = slashCommand({ userId: 'U0ALICE', text: 'list' });
    const r = await sendToApp(base, '/slack/events', request, { secret: SECRET, timestamp: 1_700_000_000 });
    expect(r).toMatchObject({ status: 200, body: '{"echo":true}', json: { echo: true } });
    expect(r.headers['content-type']).toBe('application/json');
    const got = seen.at(-1)!;
    expect(got.url).toBe('/slack/events');
    expect(got.body).toBe(request.body);
    expect(got.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(got.headers['x-slack-request-timestamp']).toBe('1700000000');
    expect(got.headers['x-slack-signature']).toBe(signSlackRequest(SECRET, 1_700_000_000, request.body));
    expect(got.headers['x-slack-retry-num']).toBeUndefined();
  });

  it('sets retry headers, leaves signatures off when unsigned, and signs with a wrong secret when asked', async () => {
    const request = eventCallback({ event: appHomeOpened('U0A') });
    await sendToApp(base, '/slack/events', request, { secret: SECRET, retryNum: 2 });
    expect(seen.at(-1)!.headers).toMatchObject({ 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' });
    await sendToApp(base, '/slack/events', request, { secret: SECRET, unsigned: true });
    expect(seen.at(-1)!.headers['x-slack-signature']).toBeUndefined();
    expect(seen.at(-1)!.headers['x-slack-request-timestamp']).toBeUndefined();
    await sendToApp(base, '/slack/events', request, { secret: SECRET, badSignature: true, timestamp: 5 });
    expect(seen.at(-1)!.headers['x-slack-signature']).not.toBe(signSlackRequest(SECRET, 5, request.body));
  });

  it('refuses anything but loopback', async () => {
    await expect(sendToApp('https://example.com', '/slack/events', urlVerification('x'), { secret: SECRET })).rejects.toThrow(/non-loopback/);
  });
});
