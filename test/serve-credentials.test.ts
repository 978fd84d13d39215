// `npx kaifang serve` asks Slack about its bot token before it starts anything (`auth.test` at SLACK_API_URL, a fake
// on 127.0.0.1 here): a refused token or an API that does not answer is one line on stderr and an exit code, never a
// stack trace, and nothing is listened on or sent. In this process (runInProcess): the same `main` the bin runs.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from './support/fake-slack-api.ts';
import { runInProcess } from './support/cli-in-process.ts';
import { freePort } from './support/free-port.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const TOKEN = 'xoxb-credentials-test-token';
const SECRET = 'credentials-test-signing-secret';
const EX_UNAVAILABLE = 69;
const EX_CONFIG = 78;

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

let fake: FakeSlackApi;

beforeAll(async () => {
  fake = await startFakeSlackApi({ token: TOKEN });
});
afterAll(() => fake?.close());

async function serve(env: Record<string, string>) {
  const port = await freePort();
  const run = await runInProcess(['serve'], {
    DATABASE_URL: tempDatabaseUrl(),
    HOST: '127.0.0.1',
    PORT: String(port),
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    ...env,
  });
  return { ...run, port };
}

describe('serve checks the Slack bot token at start', () => {
  it('exits 78 with one line naming Slack, its answer and the variable, when Slack refuses the token', async () => {
    const before = fake.calls.length;
    const run = await serve({ SLACK_BOT_TOKEN: 'xoxb-revoked-or-mistyped', KAIFANG_LOCALE: 'en' });
    expect(run.status).toBe(EX_CONFIG);
    expect(run.stderr).toBe('kaifang: Slack refused the bot token (invalid_auth): check SLACK_BOT_TOKEN\n');
    expect(run.stdout).toBe('');
    // One question to Slack and nothing else: no message sent, no socket opened.
    expect(fake.calls.slice(before).map((c) => [c.method, c.token])).toEqual([['auth.test', 'xoxb-revoked-or-mistyped']]);
    expect(await listening(run.port)).toBe(false);
  });

  it('says it in the operator’s language', async () => {
    const run = await serve({ SLACK_BOT_TOKEN: 'xoxb-revoked-or-mistyped' });
    expect(run.status).toBe(EX_CONFIG);
    expect(run.stderr).toBe('kaifang：Slack 拒绝了机器人令牌（invalid_auth）：请检查 SLACK_BOT_TOKEN\n');
  });

  it.each(['account_inactive', 'token_revoked', 'not_authed'])('takes %s as a refused token too', async (error) => {
    fake.failNext('auth.test', { error });
    const run = await serve({ SLACK_BOT_TOKEN: TOKEN, KAIFANG_LOCALE: 'en' });
    expect(run.status).toBe(EX_CONFIG);
    expect(run.stderr).toBe(`kaifang: Slack refused the bot token (${error}): check SLACK_BOT_TOKEN\n`);
  });

  it('exits 69 with one line when the Slack API does not answer (connection refused): a network fault, not configuration', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/api/`;
    const run = await serve({ SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: closed, KAIFANG_LOCALE: 'en' });
    expect(run.status).toBe(EX_UNAVAILABLE);
    expect(run.stderr).toBe(`kaifang: cannot reach Slack at ${closed} (ECONNREFUSED): check the network and SLACK_API_URL\n`);
    expect(run.stdout).toBe('');
    expect(await listening(run.port)).toBe(false);
  });

  it('exits 69 when Slack answers with trouble of its own (HTTP 503, fatal_error) rather than about the token', async () => {
    fake.failNext('auth.test', { status: 503 });
    const http = await serve({ SLACK_BOT_TOKEN: TOKEN, KAIFANG_LOCALE: 'en' });
    expect(http.status).toBe(EX_UNAVAILABLE);
    expect(http.stderr).toBe(`kaifang: cannot reach Slack at ${fake.url} (HTTP 503): check the network and SLACK_API_URL\n`);
    fake.failNext('auth.test', { error: 'fatal_error' });
    const platform = await serve({ SLACK_BOT_TOKEN: TOKEN, KAIFANG_LOCALE: 'en' });
    expect(platform.status).toBe(EX_UNAVAILABLE);
    expect(platform.stderr).toBe(`kaifang: cannot reach Slack at ${fake.url} (fatal_error): check the network and SLACK_API_URL\n`);
  });
});
