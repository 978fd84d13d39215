// Shared by every reader of the environment: the config loader and each platform module's variables.

/** An empty or blank variable (`SLACK_APP_TOKEN=` in .env) counts as unset. */
export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
