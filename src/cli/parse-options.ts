// The operator commands' option syntax, shared so every sub-command reads `--flag`, `--name value` and `--name=value`
// alike. Only the shape is checked here; what a value means (a time, a status, a number) is the command's business.

export interface OptionSpec {
  /** Options that stand alone, e.g. `--dry-run`. */
  flags: readonly string[];
  /** Options that take the next argument (or `=value`) as their value, e.g. `--at`. */
  values: readonly string[];
}

export type ParsedOptions =
  | { ok: true; flags: ReadonlySet<string>; values: ReadonlyMap<string, string>; positional: string[] }
  | { ok: false; error: 'unknownOption' | 'missingValue' | 'repeatedOption'; option: string };

const OPTION = /^--?[A-Za-z]/;

export function parseOptions(args: readonly string[], spec: OptionSpec): ParsedOptions {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!OPTION.test(arg)) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (arg === '-h') flags.add('--help');
    else if (spec.flags.includes(name) && eq === -1) flags.add(name);
    else if (spec.values.includes(name)) {
      // A value may itself start with a dash only in the `=` form, so a forgotten value is not confused with the
      // option that follows.
      const value = eq === -1 ? args[i + 1] : arg.slice(eq + 1);
      if (value === undefined || value === '' || (eq === -1 && OPTION.test(value))) return { ok: false, error: 'missingValue', option: name };
      if (values.has(name)) return { ok: false, error: 'repeatedOption', option: name };
      values.set(name, value);
      if (eq === -1) i++;
    } else return { ok: false, error: 'unknownOption', option: arg };
  }
  return { ok: true, flags, values, positional };
}
