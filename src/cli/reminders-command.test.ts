import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { createMemoryStore } from '../adapters/memory/create-memory-store.ts';
import { seedDemo } from '../application/seed/seed-demo.ts';
import { loadTranslator } from '../i18n/load-locales.ts';
import { fixedClock, openApp, type App } from '../main.ts';
import type { OperatorCommandDeps } from './operator-command.ts';
import { runRemindersCommand } from './reminders-command.ts';

const translator = loadTranslator();

async function run(args: string[], app?: App) {
  const out: string[] = [];
  const err: string[] = [];
  let opened = false;
  const deps: OperatorCommandDeps = {
    t: translator.for('en'),
    timeZone: 'Asia/Shanghai',
    withApp: async (work) => {
      opened = true;
      if (!app) throw new Error('this run should not open the database');
      return work(app);
    },
  };
  const code = await runRemindersCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, deps);
  return { code, out, err, opened };
}

/** The demo, and C-0001 filed on Mon 23 Nov 2026 10:00 (Shanghai): formal review due Mon 30 Nov. */
async function appWithW5(): Promise<App> {
  const store = createMemoryStore();
  const app = await openApp(loadConfig({ KAIFANG_LOCALE: 'en' }), { store, clock: fixedClock(new Date('2026-11-23T02:00:00Z')) });
  await seedDemo(store);
  await app.handler.handle({
    channel: 'console',
    userId: 'alice',
    text: 'apply DS-0002 title=t reason=r type=api period=2027-06-30 result=x scenario=s commit=yes meets=yes',
  });
  // The filing's own messages go out at once, as in a running bot.
  await app.dispatcher({ send: async () => ({ ok: true }) }).dispatch(app.clock.now());
  return app;
}

describe('reminders: arguments', () => {
  it.each([
    [['--dry-run', '--at', '2026-02-30 09:00'], 2, '"2026-02-30 09:00" is not a valid time'],
    [['--dry-run', '--at', '2026-11-27 24:00'], 2, 'is not a valid time'],
    [['--dry-run', '--at', 'tomorrow'], 2, '"tomorrow" is not a valid time'],
    [['--dry-run', '--at', '2026-11-27T09:00+25:00'], 2, 'is not a valid time'],
    [['--dry-run', '--at', '2026-11-27'], 2, '"2026-11-27" is not a valid time'],
    [['--dry-run', '--at'], 64, 'Option --at needs a value.'],
    [['--dry-run', '--at', 'x', '--at', 'y'], 64, 'Option --at may be given only once.'],
    [['--dry-run', '--verbose'], 64, 'Unknown option: --verbose'],
    [['--dry-run', 'now'], 64, 'Unexpected arguments: now'],
    [['--at', '2026-11-27 09:30'], 64, 'reminders only has a dry run (--dry-run)'],
    [[], 64, 'reminders only has a dry run (--dry-run)'],
  ])('%j exits %i without opening the database', async (args, code, message) => {
    const r = await run(args);
    expect(r).toMatchObject({ code, out: [], opened: false });
    expect(r.err[0]).toContain(message);
    if (code === 64) expect(r.err.at(-1)).toContain('Usage: kaifang reminders --dry-run');
  });

  it('prints its usage for --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^Usage: kaifang reminders --dry-run \[--at <time>\] \[--json\]/);
  });
});

describe('reminders: the digest', () => {
  it('lists a digest reader’s morning list instead of the single reminder, and says so', async () => {
    const app = await appWithW5();
    await app.store.preferences.put('carol', { digest: true, localeChosen: false });
    const r = await run(['--dry-run', '--at', '2026-11-27 09:30'], app);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('2026-11-27 09:30 (Asia/Shanghai): 1 message(s) would be sent:');
    expect(r.out).toContain('[1] daily digest → Carol 李卡 (carol)');
    expect(r.out.join('\n')).toMatch(/\[1\] daily digest .*\n {4}.*2026-11-27.*\n {4}• C-0001/);
    expect(r.out).toContain('Carol 李卡 (carol) reads the daily digest: the reminder before the due day for case C-0001 goes there, not in a message of its own.');
    // Nothing was claimed: the tick still finds the digest and the rung.
    expect(await app.store.once.isClaimed('digest:carol:2026-11-27')).toBe(false);
    expect((await app.store.schedule.listByCase('C-0001')).every((s) => s.status === 'pending')).toBe(true);
  });
});
