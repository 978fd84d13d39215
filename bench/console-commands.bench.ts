// Median time of the console's busiest commands (apply, then approve) against a real SQLite file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load-config.ts';
import { openApp, fixedClock } from '../src/main.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';

export interface CommandTiming {
  name: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function runConsoleCommandBench(runs = 100): Promise<CommandTiming[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kaifang-bench-'));
  const config = loadConfig({ DATABASE_URL: `file:${join(dir, 'bench.db')}` });
  const app = await openApp(config, { clock: fixedClock(new Date('2026-11-23T02:00:00Z')) });
  try {
    await seedDemo(app.store);
    const apply = 'apply DS-0002 title="客流研究" reason="线网优化" type=api period=2027-06-30 result="报告" scenario="规划" commit=yes meets=yes';
    const timings = { apply: [] as number[], approve: [] as number[] };
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now();
      const [reply] = await app.handler.handle({ channel: 'console', userId: 'alice', text: apply });
      timings.apply.push(performance.now() - t0);
      const caseId = /C-\d+/.exec(reply ?? '')?.[0];
      if (!caseId) throw new Error(`apply did not create a case: ${reply}`);
      t0 = performance.now();
      await app.handler.handle({ channel: 'console', userId: 'carol', text: `approve ${caseId}` });
      timings.approve.push(performance.now() - t0);
    }
    return Object.entries(timings).map(([name, list]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return { name, runs, medianMs: quantile(sorted, 0.5), p90Ms: quantile(sorted, 0.9) };
    });
  } finally {
    await app.close();
  }
}
