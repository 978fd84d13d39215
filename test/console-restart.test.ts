// Nothing lost on a crash: a form half filled in one run of the bot is finished in the next, against the same file.
// A script that ends inside a form says so on stderr and exits 1; the next run tells the person where they stopped.
import { describe, expect, it } from 'vitest';
import { runCli, tempDatabaseUrl } from './support/run-cli.ts';

describe('console: a half-filled form survives a restart', () => {
  it('asks the next field after the process ended mid-form', () => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: '2026-11-23T10:00:00+08:00', KAIFANG_LOCALE: 'en' };
    expect(runCli(['seed', '--demo', '--no-cases'], { env }).status).toBe(0);

    const first = runCli(['console'], { env, input: 'as alice\nlang en\napply DS-0002 title="Ridership study"\nNetwork planning\n' });
    expect(first.status, first.stderr).toBe(1);
    expect(first.stdout).toContain('(3/8) Type:');
    expect(first.stderr).toBe(
      'kaifang console: the input ended with the form of Alice 王丽 (alice) (Conditional data application DS-0002) unfinished; it is kept: in the next run, as alice carries on with it, or cancel drops it.\n',
    );

    // The process is gone; the next one picks the conversation up where it stopped.
    const second = runCli(['console'], { env, input: 'as alice\napi\n2027-06-30\nA report\nRoute planning\nyes\nyes\n' });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain(
      '?> as alice\nYou are now Alice 王丽 (alice).\nYou have an unfinished form (Conditional data application DS-0002); carry on where you left off:\n(3/8) Type:',
    );
    expect(second.stdout).toContain('(4/8) Usage period:');
    expect(second.stdout).toMatch(/Received C-0001 \(Conditional data application\)\. Now: in formal review, due by 2026-11-30 \(inclusive\)\./);

    const cases = JSON.parse(runCli(['cases', '--json'], { env }).stdout);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ id: 'C-0001', workflow: 'W5', state: 'formal_review', applicant: 'alice' });
  });
});
