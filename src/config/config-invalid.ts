import { KaifangError } from '../domain/errors.ts';

/** The one shape of a configuration error: each bad variable on its own line with what it must be. */
export function configInvalid(lines: readonly { variable: string; problem: string }[]): KaifangError {
  const body = lines.map((l) => `  ${l.variable}: ${l.problem}`).join('\n');
  return new KaifangError('CONFIG_INVALID', `Invalid configuration:\n${body}\nSee .env.example for every variable.`);
}
