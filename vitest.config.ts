import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The platform runs in Asia/Shanghai; the tests run elsewhere on purpose, so nothing may lean on the machine's zone.
    env: { TZ: 'America/Los_Angeles' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
