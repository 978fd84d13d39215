import { readFileSync } from 'node:fs';
import { KaifangError } from '../domain/errors.ts';

/** A line-oriented operator file an environment variable names: the parsed value, or one error naming the file and line. */
export type LineResult<T> = { ok: true; value: T } | { ok: false; line: number; message: string };

/**
 * Reads the file `variable` names and parses it; a file that cannot be read, or a bad line, stops the start with
 * `VARIABLE: <path> line N: …`.
 */
export function readConfigFile<T>(variable: string, path: string, parse: (text: string) => LineResult<T>): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new KaifangError('CONFIG_INVALID', `${variable}: cannot read ${path}`, { cause });
  }
  const parsed = parse(text);
  if (!parsed.ok) throw configLineError(variable, path, parsed);
  return parsed.value;
}

export function configLineError(variable: string, path: string, at: { line: number; message: string }): KaifangError {
  return new KaifangError('CONFIG_INVALID', `${variable}: ${path} line ${at.line}: ${at.message}`);
}
