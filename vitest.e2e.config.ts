import { defineConfig } from 'vitest/config';

/**
 * End-to-end journeys: the built app started once as a user would start it
 * (tests/e2e/support/global-setup.ts), driven by Debian's Chromium through
 * playwright-core, every visited page checked with axe. Files run one after another
 * against the one server; `npm run build` must have run first (npm test does).
 */
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		environment: 'node',
		globalSetup: ['tests/e2e/support/global-setup.ts'],
		pool: 'forks',
		fileParallelism: false,
		maxWorkers: 1,
		testTimeout: 60_000,
		hookTimeout: 60_000,
		teardownTimeout: 30_000
	}
});
