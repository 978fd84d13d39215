import { describe, expect, it } from 'vitest';
import { parseOptions } from './parse-options.ts';

const spec = { flags: ['--dry-run', '--json', '--help'], values: ['--at', '--limit'] };

describe('parseOptions', () => {
  it('reads flags, `--name value`, `--name=value` and positional arguments in any order', () => {
    const parsed = parseOptions(['retry', '--dry-run', '--at', '2026-02-24 09:00', '--limit=5', '12'], spec);
    expect(parsed).toEqual({
      ok: true,
      flags: new Set(['--dry-run']),
      values: new Map([
        ['--at', '2026-02-24 09:00'],
        ['--limit', '5'],
      ]),
      positional: ['retry', '12'],
    });
  });

  it('takes -h for --help, and a value starting with a dash only in the = form', () => {
    expect(parseOptions(['-h'], spec)).toMatchObject({ ok: true, flags: new Set(['--help']) });
    expect(parseOptions(['--at=-1'], spec)).toMatchObject({ ok: true, values: new Map([['--at', '-1']]) });
  });

  it.each([
    [['--verbose'], { error: 'unknownOption', option: '--verbose' }],
    [['--json=yes'], { error: 'unknownOption', option: '--json=yes' }],
    [['--at'], { error: 'missingValue', option: '--at' }],
    [['--at', '--json'], { error: 'missingValue', option: '--at' }],
    [['--at='], { error: 'missingValue', option: '--at' }],
    [['--at', 'x', '--at', 'y'], { error: 'repeatedOption', option: '--at' }],
  ])('%j is an error', (args, error) => {
    expect(parseOptions(args, spec)).toEqual({ ok: false, ...error });
  });
});
