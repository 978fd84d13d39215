// serve's start-up check for Slack: one `auth.test` with the bot token at SLACK_API_URL. Without it a wrong token
// surfaced only at the first delivery — Bolt is given the token through `authorize` (no auth.test before every
// request, see create-slack-app.ts), so nothing asked Slack before then — and every message was parked as it failed.
import { webApi } from '@slack/bolt';
import { PlatformCheckFailed } from '../platform-check-failed.ts';

const { ErrorCode, WebClient, LogLevel } = webApi;

export const SLACK_DEFAULT_API_URL = 'https://slack.com/api/';

/** Slack's answers that mean this token will not do, whatever we retry (auth.test's documented errors). */
const REFUSED = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'no_permission',
  'org_login_required',
  'ekm_access_denied',
  'team_access_not_granted',
  'two_factor_setup_required',
]);

/** Long enough for a slow government instance, short enough that a black-holed address does not hang the start. */
const VERIFY_TIMEOUT_MS = 15_000;

/** Its one line is what serve prints; the client's own warnings (`http request failed …`) would only repeat it. */
const silent: webApi.Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

export async function verifySlackToken(botToken: string, apiUrl: string | null): Promise<void> {
  const url = apiUrl ?? SLACK_DEFAULT_API_URL;
  const client = new WebClient(botToken, { slackApiUrl: url, logger: silent, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: VERIFY_TIMEOUT_MS });
  try {
    await client.auth.test();
  } catch (e) {
    throw slackCheckFailure(e, url);
  }
}

/** Slack said no to the token (78), or no answer came (69): see platform-check-failed.ts. */
export function slackCheckFailure(e: unknown, url: string): PlatformCheckFailed {
  const err = e as { code?: string; data?: { error?: string }; statusCode?: number; original?: { code?: string; message?: string }; message?: string };
  const unreachable = (reason: string) => new PlatformCheckFailed('unreachable', { platform: 'Slack', reason, variable: 'SLACK_API_URL', url }, { cause: e });
  if (err.code === ErrorCode.PlatformError) {
    const code = err.data?.error ?? 'platform_error';
    // Any other refusal (fatal_error, internal_error…) is Slack's trouble, not the token's.
    return REFUSED.has(code) ? new PlatformCheckFailed('refused', { platform: 'Slack', reason: code, variable: 'SLACK_BOT_TOKEN' }, { cause: e }) : unreachable(code);
  }
  if (err.code === ErrorCode.RateLimitedError) return unreachable('rate limited');
  if (err.code === ErrorCode.HTTPError) return unreachable(`HTTP ${err.statusCode ?? '?'}`);
  if (err.code === ErrorCode.RequestError) return unreachable(err.original?.code ?? err.original?.message ?? 'request failed');
  return unreachable(err.message ?? String(e));
}
