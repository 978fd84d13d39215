// What a platform's start-up check (Platform.verify) throws: its API refused the credentials, or could not be reached.
// Two origins, two exit codes (serve-command.ts): a refused token is the operator's configuration to fix; an API that
// does not answer may answer on the next start, and a process manager may well try again.
import { KaifangError } from '../domain/errors.ts';

export type PlatformCheckProblem = 'refused' | 'unreachable';

export interface PlatformCheckDetail {
  /** The platform as people name it: `Slack`, `Telegram`. */
  platform: string;
  /** What it answered: its error code (`invalid_auth`), or the network's (`ECONNREFUSED`, `HTTP 503`). */
  reason: string;
  /** The variable to look at: the token when refused, the API's address when unreachable. */
  variable: string;
  /** The API's address, when unreachable. */
  url?: string;
}

export class PlatformCheckFailed extends KaifangError {
  constructor(
    readonly problem: PlatformCheckProblem,
    readonly detail: PlatformCheckDetail,
    options?: { cause?: unknown },
  ) {
    const { platform, reason, variable } = detail;
    super(
      problem === 'refused' ? 'PLATFORM_CREDENTIALS_REFUSED' : 'PLATFORM_UNREACHABLE',
      problem === 'refused'
        ? `${platform} refused the bot token (${reason}): check ${variable}`
        : `cannot reach ${platform} at ${detail.url ?? '?'} (${reason}): check the network and ${variable}`,
      options,
    );
  }
}
