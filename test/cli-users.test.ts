// `kaifang users invite <user>` and `kaifang users list`, as an operator or a script runs them: the code on
// the first line, the instructions in the invited person's language, and the links a chat account made showing up.
import { beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { createIdentityService, LINK_CODE_ALPHABET } from '../src/application/identity-service.ts';
import type { Store } from '../src/application/ports/store.ts';
import { runInProcess } from './support/cli-in-process.ts';
import { runCli, tempDatabaseUrl } from './support/run-cli.ts';

const NOW = '2026-11-23T10:00:00+08:00';
const CODE = new RegExp(`^[${LINK_CODE_ALPHABET}]{8}$`);

async function withStore<T>(databaseUrl: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await createPrismaStore({ url: databaseUrl });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** What the Slack adapter will do with `/kaifang link <code>`. */
async function linkFromChat(databaseUrl: string, platform: 'slack' | 'telegram', externalId: string, code: string) {
  return withStore(databaseUrl, (store) => createIdentityService({ store }).link(platform, externalId, code, new Date('2026-11-24T02:00:00Z')));
}

describe('users invite and list', () => {
  let env: Record<string, string>;

  beforeAll(() => {
    env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: NOW };
    const seed = runCli(['seed', '--demo'], { env });
    expect(seed.status, seed.stderr).toBe(0);
  });

  it('prints a fresh code on the first line, then the instructions in the person’s language with the expiry', async () => {
    const run = runCli(['users', 'invite', 'bob'], { env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const [code, instructions, ...rest] = run.stdout.split('\n');
    expect(code).toMatch(CODE);
    expect(instructions).toBe(
      `Bob 陈波：请在 Slack 中发送 /kaifang link ${code}，或向 kaifang 的 Telegram 机器人发送 /link ${code}，以绑定您的聊天账号。绑定码只能使用一次，有效期至 2026-11-30 10:00（Asia/Shanghai）。`,
    );
    expect(rest).toEqual(['']);

    // An English-speaking person gets English instructions, whatever the operator's language.
    await withStore(env.DATABASE_URL!, (store) => store.users.setLocale('carol', 'en'));
    const english = runCli(['users', 'invite', 'carol'], { env });
    const [carolCode, carolLine] = english.stdout.split('\n');
    expect(carolCode).toMatch(CODE);
    expect(carolCode).not.toBe(code);
    expect(carolLine).toBe(
      `Carol 李卡: to link your chat account to kaifang, send /kaifang link ${carolCode} in Slack, or /link ${carolCode} to the kaifang Telegram bot. The code works once, until 2026-11-30 10:00 (Asia/Shanghai).`,
    );

    // The audit log records who was invited, and by the CLI, but never the code.
    const audit = runCli(['audit', '--json', '--verify'], { env });
    expect(audit.status, audit.stderr).toBe(0);
    expect(audit.stdout).toContain('"action": "identity.invite"');
    expect(audit.stdout).not.toContain(code!);
    expect(audit.stdout).not.toContain(carolCode!);
  });

  it('lists every user with roles, agency and the chat accounts linked with a code', async () => {
    const before = runCli(['users', 'list'], { env });
    expect(before.status, before.stderr).toBe(0);
    expect(before.stdout.split('\n').slice(0, 3)).toEqual([
      '用户：7 名 · 已绑定聊天账号：0 名',
      'alice · Alice 王丽 · 申请人 · 无所属单位 · 未绑定聊天账号',
      'bob · Bob 陈波 · 审核人员 · 市交通运输局（transport） · 未绑定聊天账号',
    ]);

    const code = runCli(['users', 'invite', 'bob'], { env }).stdout.split('\n')[0]!;
    expect(await linkFromChat(env.DATABASE_URL!, 'slack', 'U0BOB', code.toLowerCase())).toMatchObject({ ok: true, value: { id: 'bob' } });
    expect(await linkFromChat(env.DATABASE_URL!, 'telegram', '777', code)).toEqual({ ok: false, error: 'LINK_CODE_USED' });
    const telegram = runCli(['users', 'invite', 'bob'], { env }).stdout.split('\n')[0]!;
    expect((await linkFromChat(env.DATABASE_URL!, 'telegram', '777', telegram)).ok).toBe(true);

    const after = runCli(['users', 'list'], { env: { ...env, KAIFANG_LOCALE: 'en' } });
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout.split('\n')).toEqual([
      'Users: 7 · with a linked chat account: 1',
      'alice · Alice 王丽 · applicant · no agency · no chat account linked',
      'bob · Bob 陈波 · reviewer · 市交通运输局 (transport) · Slack U0BOB, Telegram 777',
      'carol · Carol 李卡 · reviewer · 市大数据局 (bdb) · no chat account linked',
      'dave · Dave 赵达 · supervisor · 市大数据局 (bdb) · no chat account linked',
      'erin · Erin 孙艺 · applicant · no agency · no chat account linked',
      'frank · Frank 周凡 · reviewer · 市生态环境局 (ecology) · no chat account linked',
      'grace · Grace 吴佳 · reviewer · 市交通运输局 (transport) · no chat account linked',
      '',
    ]);

    const json = runCli(['users', 'list', '--json'], { env });
    expect(json.status, json.stderr).toBe(0);
    const users = JSON.parse(json.stdout);
    expect(users).toHaveLength(7);
    expect(users[1]).toEqual({
      id: 'bob',
      name: 'Bob 陈波',
      roles: ['reviewer'],
      agency: { id: 'transport', name: '市交通运输局' },
      verified: true,
      dishonest: false,
      locale: 'zh-CN',
      accounts: [
        { platform: 'slack', externalId: 'U0BOB', linkedAt: '2026-11-24T02:00:00.000Z' },
        { platform: 'telegram', externalId: '777', linkedAt: '2026-11-24T02:00:00.000Z' },
      ],
    });
    expect(users[0]).toMatchObject({ id: 'alice', agency: null, accounts: [] });
  });

  it('refuses an unknown user on stderr with exit 1', async () => {
    const run = runCli(['users', 'invite', 'nobody'], { env });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual(['用户 nobody 不存在。', 'kaifang users list 可列出全部用户编号。', '']);
    const english = runCli(['users', 'invite', 'nobody'], { env: { ...env, KAIFANG_LOCALE: 'en' } });
    expect(english.stderr).toContain('There is no user nobody.');
  });

  it('refuses to invite the platform itself, the author of the demo usage report, and lists no such person', async () => {
    // The demo's W10 report is opened in the platform's name, so the platform is a user of the database: a chat
    // account linked to it would act as the platform.
    const run = await runInProcess(['users', 'invite', 'platform'], env);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('platform 是开放平台自身');
    expect(await withStore(env.DATABASE_URL!, async (store) => (await store.users.get('platform'))?.name)).toBe('开放平台');
    const listed = await runInProcess(['users', 'list', '--json'], env);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((u) => u.id)).not.toContain('platform');
  });

  it('answers a command line it cannot understand with the usage and exit 64', () => {
    for (const args of [
      ['users'],
      ['users', 'invite'],
      ['users', 'invite', 'bob', 'carol'],
      ['users', 'invite', 'bob', '--json'],
      ['users', 'frob'],
      ['users', 'list', 'bob'],
      ['users', 'list', '--all'],
    ]) {
      const run = runCli(args, { env: { ...env, KAIFANG_LOCALE: 'en' } });
      expect(run.status, args.join(' ')).toBe(64);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr, args.join(' ')).toContain('Usage: kaifang users invite <user>');
    }
    expect(runCli(['users', 'invite'], { env }).stderr).toContain('请指定要邀请的用户');
    expect(runCli(['users', 'frob'], { env }).stderr).toContain('未知的 users 子命令：frob');

    const help = runCli(['users', '--help'], { env: { ...env, KAIFANG_LOCALE: 'en' } });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('within 7 days');
    expect(runCli(['help'], { env: { ...env, KAIFANG_LOCALE: 'en' } }).stdout).toContain('users invite <user>');
  });
});
