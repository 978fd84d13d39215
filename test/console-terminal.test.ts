// The console in a real terminal: the bin runs inside tmux (a pseudo-terminal), keys are sent as a person presses
// them, and the screen is read back. History is recalled with ↑, across runs; Tab completes a case id; Ctrl-C drops a
// form and the console stays; `clear` empties the screen; Ctrl-D leaves with a goodbye (and says a form is kept).
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { BIN, tempDatabaseUrl } from './support/run-cli.ts';

const W5 = 'title="客流研究" reason="线网优化" type=api period=2027-06-30 result="研究报告" scenario="线网规划" commit=yes meets=yes';

/** One tmux server of its own per test, on its own socket, so nothing of the machine's tmux is touched. */
function terminal(env: Record<string, string>) {
  const socket = `kaifang-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const vars = Object.entries({ ...env, TZ: 'America/Los_Angeles', LANG: 'C.UTF-8' }).map(([k, v]) => `${k}=${v}`);
  let runs = 0;
  return {
    /** Starts `kaifang console …` in a fresh window; when it ends, the window says `[exit N]` and stays to be read. */
    start(args: string[]) {
      const name = `run${++runs}`;
      const quoted = ['env', ...vars, process.execPath, BIN, 'console', ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
      const command = `${quoted}; echo "[exit $?]"; sleep 60`;
      if (runs === 1) tmux('new-session', '-d', '-s', 'k', '-n', name, '-x', '160', '-y', '50', command);
      else tmux('new-window', '-t', 'k', '-n', name, command);
      return name;
    },
    /** What the window shows now, trailing blanks dropped. */
    screen: (window: string) => tmux('capture-pane', '-p', '-J', '-t', `k:${window}`).replace(/\s+$/, ''),
    /** Keys as tmux names them: text is typed as is (`-l`), `Tab`, `Up`, `Enter`, `C-c`, `C-d` are keys. */
    keys: (window: string, ...keys: string[]) => {
      for (const k of keys) tmux('send-keys', '-t', `k:${window}`, ...(/^(Tab|Up|Down|Enter|C-[a-z])$/.test(k) ? [k] : ['-l', k]));
    },
    /** Waits (20 s at most) until the screen satisfies `ok`; returns the screen. */
    async until(window: string, ok: (screen: string) => boolean): Promise<string> {
      let shown = '';
      for (let waited = 0; waited < 20_000; waited += 100) {
        shown = this.screen(window);
        if (ok(shown)) return shown;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`The terminal never showed what was awaited. It shows:\n${shown}`);
    },
    close: () => {
      try {
        tmux('kill-server');
      } catch {
        // Already gone: every window ended.
      }
    },
  };
}

let close: (() => void) | null = null;
afterEach(() => close?.());

describe('the console in a terminal', () => {
  it('recalls history across runs, completes a case id with Tab, cancels a form with Ctrl-C and leaves with Ctrl-D', async () => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: '2026-11-23T10:00:00+08:00', KAIFANG_LOCALE: 'zh-CN' };
    expect((await runInProcess(['seed', '--demo', '--no-cases'], env)).status).toBe(0);
    expect((await runInProcess(['console'], env, `as alice\napply DS-0002 ${W5}\n`)).stdout).toContain('已提交 C-0001');
    const term = terminal(env);
    close = term.close;

    const first = term.start(['--as', 'alice']);
    await term.until(first, (s) => s.endsWith('alice>'));
    // Tab completes the only case id that starts so.
    term.keys(first, 'status C-00', 'Tab');
    await term.until(first, (s) => s.endsWith('alice> status C-0001'));
    term.keys(first, 'Enter');
    await term.until(first, (s) => s.includes('状态：形式审核中'));

    // A form, then Ctrl-C: the form is dropped, the console stays and answers the next command.
    term.keys(first, 'apply DS-0002', 'Enter');
    await term.until(first, (s) => s.includes('请填写「标题」'));
    term.keys(first, 'C-c');
    await term.until(first, (s) => s.includes('已取消，未做任何更改。'));
    term.keys(first, 'mine', 'Enter');
    await term.until(first, (s) => /alice> mine\n.*\nC-0001 · /.test(s));

    // Ctrl-D: a goodbye, and the process ends with status 0.
    term.keys(first, 'C-d');
    const last = await term.until(first, (s) => s.includes('再见。'));
    expect(last).not.toContain('未填完的表单');
    await term.until(first, (s) => s.endsWith('再见。\n[exit 0]'));

    // The next run recalls the last run's lines with ↑, newest first.
    const second = term.start(['--as', 'alice']);
    await term.until(second, (s) => s.endsWith('alice>'));
    term.keys(second, 'Up');
    await term.until(second, (s) => s.endsWith('alice> mine'));
    term.keys(second, 'Up', 'Up');
    await term.until(second, (s) => s.endsWith('alice> status C-0001'));
    term.keys(second, 'Enter');
    await term.until(second, (s) => (s.match(/状态：形式审核中/g) ?? []).length === 1 && s.includes('alice> status C-0001\nC-0001'));

    // Ctrl-C on a half-typed line drops the line only: nothing is decided.
    term.keys(second, 'approve C-0001', 'C-c');
    await term.until(second, (s) => s.endsWith('alice> approve C-0001^C\nalice>'));
    term.keys(second, 'status C-0001', 'Enter');
    await term.until(second, (s) => (s.match(/状态：形式审核中/g) ?? []).length === 2);
    // clear empties the screen; leaving inside a form says the form is kept.
    term.keys(second, 'clear', 'Enter');
    await term.until(second, (s) => s === 'alice>');
    term.keys(second, 'apply DS-0002', 'Enter');
    await term.until(second, (s) => s.includes('请填写「标题」'));
    term.keys(second, 'C-d');
    const kept = await term.until(second, (s) => s.endsWith('再见。\n[exit 0]'));
    expect(kept).toContain('Alice 王丽（alice）未填完的表单（有条件开放数据申请 DS-0002）已保存，下次 as alice 即可接着填写。\n再见。');
  });
});
