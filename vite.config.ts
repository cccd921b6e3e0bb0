import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 90_000,
		hookTimeout: 180_000,
		pool: 'forks',
		fileParallelism: true,
		maxWorkers: 2,
		// The built SvelteKit app (build/) is loaded by Node as it is in production, not
		// transformed again by Vite: its *.svelte.js chunks are compiled output, not source.
		server: { deps: { external: [/\/build\//] } }
	}
});
