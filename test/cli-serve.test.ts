// `npx kaifang serve` from the command line: the real bin in a child process, as an operator starts it,
// with Slack's Web API faked on 127.0.0.1 and requests signed as Slack signs them. Only loopback addresses, ever.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from './support/fake-slack-api.ts';
import { BIN, tempDatabaseUrl } from './support/run-cli.ts';
import { appHomeOpened, eventCallback, sendToApp, slashCommand, urlVerification } from './support/slack-requests.ts';
import { freePort } from './support/free-port.ts';

const SECRET = 'serve-test-signing-secret';
const TOKEN = 'xoxb-serve-test-token';
const EX_CONFIG = 78;

interface Served {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name when killed by one). */
  exited: Promise<number | string>;
  /** Resolves with the first stdout line matching, or rejects when the process exits first or time runs out. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

// Children started by one test, and the one server several tests share (started with `keep`).
const children = new Set<ChildProcess>();
const kept = new Set<ChildProcess>();

function kill(set: Set<ChildProcess>): void {
  for (const child of set) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    set.delete(child);
  }
}

// Whatever happens: no test's child outlives the test, and no shared one outlives the file.
afterEach(() => kill(children));
afterAll(() => {
  kill(children);
  kill(kept);
});


/** True when something accepts a TCP connection on 127.0.0.1:port. */
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

/** `node bin/kaifang.js serve` with only the given environment, in an empty directory (so no stray .env is read). */
function serve(env: Record<string, string>, options: { keep?: boolean } = {}): Served {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: mkdtempSync(join(tmpdir(), 'kaifang-serve-')),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'America/Los_Angeles', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const owner = options.keep ? kept : children;
  owner.add(child);
  let out = '';
  let err = '';
  const wake = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const w of [...wake]) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      owner.delete(child);
      // Let the last chunks of output arrive before anyone looks at them.
      setImmediate(() => {
        resolve(code ?? signal ?? 'unknown');
        for (const w of [...wake]) w();
      });
    });
  });
  let done = false;
  void exited.then(() => (done = true));

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    line(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = out.split('\n').find((l) => pattern.test(l));
          if (found !== undefined) return finish(() => resolve(found));
          if (done) return finish(() => reject(new Error(`kaifang serve exited before printing ${pattern}\nstdout:\n${out}\nstderr:\n${err}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`kaifang serve did not print ${pattern} within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          wake.delete(check);
          settle();
        };
        wake.add(check);
        check();
      });
    },
  };
}

/** Resolves with the exit code, or rejects when the process is still running after `ms`. */
async function exitWithin(served: Served, ms: number): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running ${ms} ms later\nstdout:\n${served.stdout()}\nstderr:\n${served.stderr()}`)), ms);
  });
  try {
    return await Promise.race([served.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('npx kaifang serve: configuration', () => {
  it('without any chat platform names the variables to set, exits 78 and listens on nothing', async () => {
    const port = await freePort();
    const run = serve({ DATABASE_URL: tempDatabaseUrl(), PORT: String(port) });
    expect(await exitWithin(run, 20_000)).toBe(EX_CONFIG);
    expect(run.stdout()).toBe('');
    for (const variable of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']) expect(run.stderr()).toContain(variable);
    expect(run.stderr()).toContain('.env.example');
    expect(await listening(port)).toBe(false);

    const english = serve({ DATABASE_URL: tempDatabaseUrl(), PORT: String(port), KAIFANG_LOCALE: 'en' });
    expect(await exitWithin(english, 20_000)).toBe(EX_CONFIG);
    expect(english.stderr()).toMatch(/^No chat platform is configured, so there is nothing to serve\. Set one of:\n {2}SLACK_BOT_TOKEN \+ SLACK_SIGNING_SECRET \(HTTP mode\)\n {2}SLACK_BOT_TOKEN \+ SLACK_APP_TOKEN \(Socket Mode\)\n/);
  });

  it('with a bot token but no signing secret exits 78 naming SLACK_SIGNING_SECRET', async () => {
    const port = await freePort();
    const run = serve({ DATABASE_URL: tempDatabaseUrl(), PORT: String(port), SLACK_BOT_TOKEN: TOKEN });
    expect(await exitWithin(run, 20_000)).toBe(EX_CONFIG);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toMatch(/^Invalid configuration:\n {2}SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN/);
    expect(await listening(port)).toBe(false);
  });

  it('with a signing secret but no bot token exits 78 naming SLACK_BOT_TOKEN', async () => {
    const run = serve({ DATABASE_URL: tempDatabaseUrl(), PORT: String(await freePort()), SLACK_SIGNING_SECRET: SECRET });
    expect(await exitWithin(run, 20_000)).toBe(EX_CONFIG);
    expect(run.stderr()).toMatch(/SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set/);
  });
});

describe('npx kaifang serve: a port already taken', () => {
  it('exits non-zero naming the address in use, and does not hang', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    // Slack accepts the token (serve asks before it listens): the port is what fails.
    const fake = await startFakeSlackApi({ token: TOKEN });
    try {
      const { port } = squatter.address() as AddressInfo;
      const env = { DATABASE_URL: tempDatabaseUrl(), PORT: String(port), SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url };
      const run = serve(env);
      const code = await exitWithin(run, 20_000);
      expect(code).not.toBe(0);
      expect(run.stdout()).toBe('');
      // One line naming the variables and the cause, not a stack trace.
      expect(run.stderr()).toMatch(new RegExp(`^SERVE_FAILED: Cannot listen on 127\\.0\\.0\\.1:${port} \\(HOST, PORT\\): .*EADDRINUSE`, 'm'));
      expect(run.stderr()).not.toMatch(/\n\s+at /);
      expect(code).toBe(1);
    } finally {
      await fake.close();
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });
});

describe('npx kaifang serve: Slack over HTTP', () => {
  let fake: FakeSlackApi;
  let run: Served;
  let port: number;
  let base: string;

  beforeAll(async () => {
    fake = await startFakeSlackApi({ token: TOKEN });
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    kill(kept);
    await fake?.close();
  });

  it('prints where it listens, then answers the health check', async () => {
    const env = {
      DATABASE_URL: tempDatabaseUrl(),
      PORT: String(port),
      KAIFANG_LOCALE: 'en',
      KAIFANG_TICK_SECONDS: '7',
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
    };
    run = serve(env, { keep: true });
    const line = await run.line(/^kaifang is serving/);
    expect(line).toBe(`kaifang is serving slack on http://127.0.0.1:${port} (Slack: /slack/events; health: /healthz); the scheduler runs every 7 s.`);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok\n');
  });

  it('answers a signed /kaifang help with 200 and replies through the response_url', async () => {
    const res = await sendToApp(base, '/slack/events', slashCommand({ userId: 'UNEWCOMER', text: 'help', responseUrl: fake.responseUrl('help') }), { secret: SECRET });
    expect(res.status).toBe(200);
    const [reply] = await fake.waitForCalls('response_url:help', 1, 10_000);
    expect(String(reply!.args.text)).toMatch(/not linked to a user yet/);
    // The person's language came from Slack, asked with the bot token the process was given.
    const [info] = fake.callsTo('users.info');
    expect(info).toMatchObject({ token: TOKEN, args: { user: 'UNEWCOMER', include_locale: 'true' } });
  });

  it('passes Slack’s check of the request URL and publishes the home tab when it is opened', async () => {
    // What Slack sends when the operator saves https://<host>/slack/events in the app's settings.
    const check = await sendToApp(base, '/slack/events', urlVerification('kaifang-challenge-42'), { secret: SECRET });
    expect(check.status).toBe(200);
    expect(check.body).toContain('kaifang-challenge-42');

    const home = await sendToApp(base, '/slack/events', eventCallback({ event: appHomeOpened('UNEWCOMER') }), { secret: SECRET });
    expect(home.status).toBe(200);
    const [published] = await fake.waitForCalls('views.publish', 1, 10_000);
    expect(published).toMatchObject({ token: TOKEN, args: { user_id: 'UNEWCOMER', view: { type: 'home' } } });
  });

  it('refuses an unsigned request with 401 and does nothing', async () => {
    const res = await sendToApp(base, '/slack/events', slashCommand({ userId: 'UNEWCOMER', text: 'help', responseUrl: fake.responseUrl('unsigned') }), {
      secret: SECRET,
      unsigned: true,
    });
    expect(res.status).toBe(401);
    const wrong = await sendToApp(base, '/slack/events', slashCommand({ userId: 'UNEWCOMER', text: 'help', responseUrl: fake.responseUrl('unsigned') }), {
      secret: SECRET,
      badSignature: true,
    });
    expect(wrong.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsTo('response_url:unsigned')).toEqual([]);
    // The operator sees each refusal on stderr.
    expect(run.stderr()).toMatch(/\[slack\] request refused \(401\): not signed\n\[slack\] request refused \(401\): bad signature\n/);
  });

  it('answers 404 on any other path', async () => {
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    expect((await fetch(`${base}/nowhere`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${base}/slack/events`)).status).toBe(404);
  });

  it('stops on SIGTERM: says so, exits 0 within a few seconds and frees the port', async () => {
    expect(run.child.kill('SIGTERM')).toBe(true);
    expect(await exitWithin(run, 5_000)).toBe(0);
    expect(run.stdout().trimEnd().split('\n').at(-1)).toBe('SIGTERM: stopping.');
    // Nothing on stderr but the two refusals logged above: the shutdown itself is quiet.
    expect(run.stderr().split('\n').filter((l) => l !== '' && !/^\[slack\] request refused \(401\)/.test(l))).toEqual([]);
    expect(await listening(port)).toBe(false);
  });

  it('stops on SIGINT (Ctrl-C) the same way, in the operator’s language', async () => {
    const again = serve({ DATABASE_URL: tempDatabaseUrl(), PORT: String(port), SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url });
    expect(await again.line(/^kaifang 已启动 slack，监听 http:\/\/127\.0\.0\.1:\d+/)).toContain(`http://127.0.0.1:${port}`);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    again.child.kill('SIGINT');
    expect(await exitWithin(again, 5_000)).toBe(0);
    expect(again.stdout()).toContain('收到 SIGINT，正在停止。');
  });

  it('with a bot token Slack refuses exits 78 at once: one line on stderr, no stack trace, nothing listened on', async () => {
    const other = await freePort();
    const refused = serve({ DATABASE_URL: tempDatabaseUrl(), PORT: String(other), KAIFANG_LOCALE: 'en', SLACK_BOT_TOKEN: 'xoxb-mistyped', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url });
    expect(await exitWithin(refused, 20_000)).toBe(EX_CONFIG);
    expect(refused.stderr()).toBe('kaifang: Slack refused the bot token (invalid_auth): check SLACK_BOT_TOKEN\n');
    expect(refused.stdout()).toBe('');
    expect(await listening(other)).toBe(false);
  });
});
