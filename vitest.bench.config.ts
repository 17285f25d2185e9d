import { defineConfig } from 'vitest/config';

// The bench's own run (test/bench): apart from the unit tests because it loads both cores for
// about a minute, which would slow every test that shares the machine with it.
export default defineConfig({
  test: {
    include: ['test/bench/**/*.test.ts'],
    testTimeout: 600_000,
  },
});
