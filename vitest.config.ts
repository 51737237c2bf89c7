import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Where Debian's PgBouncer is installed (CI installs it), the database suite
 * runs a second time through it in transaction pooling mode, as a library's
 * scale-out layout runs the service (tests/support/pgbouncer.ts).
 */
const pgbouncer = existsSync('/usr/sbin/pgbouncer') || process.env.REQUIRE_POSTGRES === '1';

export default defineConfig({
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    // One log line per request floods the test output; LOG_LEVEL=info npx vitest shows them.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
    // expect.poll gives up after 1 s by default: on a CI machine running every file at once a
    // service worker waking for a push took longer, and a poll that succeeds returns at once.
    expect: { poll: { timeout: 15_000 } },
    projects: [
      // Each project names its files: `extends` would add the root's list to a project's own.
      { extends: true, test: { name: 'library', include: ['tests/**/*.test.{ts,tsx}'] } },
      ...(pgbouncer ? [{ extends: true as const, test: { name: 'pgbouncer', include: ['tests/db/**/*.test.ts'] } }] : []),
    ],
  },
});
