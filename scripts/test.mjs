#!/usr/bin/env node
// `npm test`: the build (integration tests also exercise build/handler.js), unit and
// integration tests (Vitest), then the end-to-end journeys in Chromium. Fails on the first failing stage.
import { spawnSync } from 'node:child_process';

const stages = [
	['svelte-kit', ['sync']],
	['svelte-check', ['--tsconfig', './tsconfig.json', '--threshold', 'error']],
	['vite', ['build']],
	['vitest', ['run']],
	['vitest', ['run', '--config', 'vitest.e2e.config.ts']]
];
for (const [bin, args] of stages) {
	console.log(`\n> ${bin} ${args.join(' ')}`);
	const result = spawnSync('npx', ['--no-install', bin, ...args], { stdio: 'inherit', env: process.env });
	if (result.status !== 0) {
		console.error(`\n${bin} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
		process.exit(result.status ?? 1);
	}
}
