// `kaifang users invite <user>`: a one-time code with which a person links their Slack or Telegram
// account; the code is the first line of stdout, for scripts. `kaifang users list [--json]`: everyone, with roles,
// agency and linked chat accounts.
import { formatInstant } from '../application/commands/render.ts';
import { LINK_CODE_VALID_MS, type AuditActor } from '../application/identity-service.ts';
import type { ChatIdentity } from '../application/ports/chat.ts';
import { PLATFORM_USER_ID, type Agency, type User } from '../domain/model.ts';
import type { App } from '../main.ts';
import type { Translate } from '../i18n/translator.ts';
import { EXIT, usageError, type CommandIo, type OperatorCommandDeps } from './operator-command.ts';
import { exportJson } from './export-json.ts';
import { parseOptions } from './parse-options.ts';

/** The CLI has no login of its own: the audit log records that the platform's operator acted, from the command line. */
const CLI_OPERATOR: AuditActor = { actorId: 'operator', channel: 'cli' };

const DAY_MS = 24 * 60 * 60 * 1000;

export interface UserEntry {
  id: string;
  name: string;
  roles: User['roles'];
  agency: { id: string; name: string | null } | null;
  verified: boolean;
  dishonest: boolean;
  locale: User['locale'];
  accounts: { platform: ChatIdentity['platform']; externalId: string; linkedAt: string }[];
}

export async function runUsersCommand(args: string[], io: CommandIo, deps: OperatorCommandDeps): Promise<number> {
  const { t } = deps;
  const usage = t('cli.users.usage', { days: LINK_CODE_VALID_MS / DAY_MS });
  const parsed = parseOptions(args, { flags: ['--json', '--help'], values: [] });
  if (!parsed.ok) return usageError(io, t, usage, parsed);
  if (parsed.flags.has('--help')) {
    io.out(usage);
    return EXIT.ok;
  }
  const [sub, ...rest] = parsed.positional;
  switch (sub) {
    case 'invite': {
      if (parsed.flags.has('--json')) return usageError(io, t, usage, { error: 'unknownOption', option: '--json' });
      const [userId, ...extra] = rest;
      if (userId === undefined) {
        io.err(t('cli.users.inviteNeedsUser'));
        io.err(usage);
        return EXIT.usage;
      }
      if (extra.length > 0) return usageError(io, t, usage, { error: 'extraArgs', option: extra.join(' ') });
      return invite(userId, io, deps);
    }
    case 'list':
      if (rest.length > 0) return usageError(io, t, usage, { error: 'extraArgs', option: rest.join(' ') });
      return list(parsed.flags.has('--json'), io, deps);
    default:
      if (sub !== undefined) io.err(t('cli.users.unknownSub', { sub }));
      io.err(usage);
      return EXIT.usage;
  }
}

async function invite(userId: string, io: CommandIo, deps: OperatorCommandDeps): Promise<number> {
  const { t } = deps;
  return deps.withApp(async (app) => {
    const outcome = await app.identities.invite(userId, app.clock.now(), CLI_OPERATOR);
    if (!outcome.ok) {
      io.err(t(`errors.${outcome.error}`, outcome.params));
      io.err(t('cli.users.listHint'));
      return EXIT.refused;
    }
    const { code, expiresAt } = outcome.value;
    const person = await app.store.users.get(userId);
    io.out(code);
    // The instructions are for the person, to forward as they are: in their language, not the operator's.
    const locale = person?.locale ?? app.config.defaultLocale;
    const expires = formatInstant(expiresAt, deps.timeZone);
    const bot = await telegramBotName(app, io, t);
    const params = { name: person?.name ?? userId, code, expiresAt: expires, timeZone: deps.timeZone };
    if (!bot) {
      io.out(app.translator.t(locale, 'cli.users.invited', params));
      return EXIT.ok;
    }
    // Telegram's deep link: opening it sends `/start <code>` to the bot, which links the account.
    const link = `https://t.me/${bot}?start=${code}`;
    io.out(app.translator.t(locale, 'cli.users.invitedWithLink', { ...params, link }));
    io.out(link);
    return EXIT.ok;
  });
}

/**
 * The Telegram bot's @name for the deep link: as `serve` last learned it from Telegram (getMe), else asked now when a
 * token is configured. Null without Telegram, or when Telegram cannot be asked (said on stderr; the code still works).
 */
async function telegramBotName(app: App, io: CommandIo, t: Translate): Promise<string | null> {
  const { TELEGRAM_BOT_NAME_SETTING } = await import('../adapters/telegram/telegram-platform.ts');
  const known = await app.store.settings.get(TELEGRAM_BOT_NAME_SETTING);
  const telegram = app.config.platforms.telegram;
  if (known || !telegram) return known ?? null;
  try {
    const { Api } = await import('grammy');
    const me = await new Api(telegram.token, telegram.apiRoot ? { apiRoot: telegram.apiRoot } : {}).getMe();
    await app.store.settings.put(TELEGRAM_BOT_NAME_SETTING, me.username);
    return me.username;
  } catch (e) {
    io.err(t('cli.users.noDeepLink', { reason: e instanceof Error ? e.message : String(e) }));
    return null;
  }
}

async function list(json: boolean, io: CommandIo, deps: OperatorCommandDeps): Promise<number> {
  const { t } = deps;
  return deps.withApp(async (app) => {
    const [users, agencies, identities] = await Promise.all([app.store.users.list(), app.store.agencies.list(), app.store.identities.list()]);
    // The platform, the author of the cases it opens by itself, is no person to invite or link.
    const entries = users.filter((u) => u.id !== PLATFORM_USER_ID).map((u) => entryOf(u, agencies, identities));
    if (json) {
      io.out(exportJson(entries));
      return EXIT.ok;
    }
    io.out(t('cli.users.counts', { count: entries.length, linked: entries.filter((e) => e.accounts.length > 0).length }));
    for (const e of entries) io.out(entryLine(t, e));
    return EXIT.ok;
  });
}

function entryOf(user: User, agencies: readonly Agency[], identities: readonly ChatIdentity[]): UserEntry {
  const agency = user.agencyId === null ? null : { id: user.agencyId, name: agencies.find((a) => a.id === user.agencyId)?.name ?? null };
  return {
    id: user.id,
    name: user.name,
    roles: user.roles,
    agency,
    verified: user.verified,
    dishonest: user.dishonest,
    locale: user.locale,
    accounts: identities
      .filter((i) => i.userId === user.id)
      .map((i) => ({ platform: i.platform, externalId: i.externalId, linkedAt: i.linkedAt.toISOString() })),
  };
}

function entryLine(t: Translate, e: UserEntry): string {
  const roles = e.roles.map((r) => t(`cli.users.role.${r}`)).join(t('cli.users.separator'));
  const agency = e.agency === null ? t('cli.users.noAgency') : e.agency.name === null ? e.agency.id : t('cli.users.agency', { name: e.agency.name, id: e.agency.id });
  const accounts =
    e.accounts.length === 0
      ? t('cli.users.notLinked')
      : e.accounts.map((a) => t('cli.users.account', { platform: t(`cli.users.platform.${a.platform}`), account: a.externalId })).join(t('cli.users.separator'));
  return t('cli.users.line', { user: e.id, name: e.name, roles, agency, accounts });
}
