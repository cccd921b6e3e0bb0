#!/usr/bin/env node
// `npm test`: type check, the build (integration tests also exercise build/handler.js),
// unit and integration tests (Vitest), then the end-to-end journeys in Chromium.
// Stops at the first failing stage; ends with one plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const reports = ['test-results/vitest-unit.json', 'test-results/vitest-e2e.json'];
const json = (file) => ['--reporter=default', '--reporter=json', `--outputFile=${file}`];
const stages = [
	['svelte-kit', ['sync']],
	['svelte-check', ['--tsconfig', './tsconfig.json', '--threshold', 'error']],
	['vite', ['build']],
	['vitest', ['run', ...json(reports[0])]],
	['vitest', ['run', '--config', 'vitest.e2e.config.ts', ...json(reports[1])]]
];

fs.mkdirSync('test-results', { recursive: true });
for (const file of reports) fs.rmSync(file, { force: true });

function summary() {
	let passed = 0;
	let failed = 0;
	for (const file of reports) {
		if (!fs.existsSync(file)) continue;
		const report = JSON.parse(fs.readFileSync(file, 'utf8'));
		passed += report.numPassedTests ?? 0;
		failed += (report.numFailedTests ?? 0) + (report.numTotalTests ?? 0) - (report.numPassedTests ?? 0) - (report.numFailedTests ?? 0);
	}
	return { passed, failed };
}

for (const [bin, args] of stages) {
	console.log(`\n> ${bin} ${args.join(' ')}`);
	const result = spawnSync('npx', ['--no-install', bin, ...args], { stdio: 'inherit', env: process.env });
	if (result.status !== 0) {
		const { passed, failed } = summary();
		console.error(`\n${bin} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
		console.log(`Tests: ${passed} passed, ${Math.max(failed, 1)} failed`);
		process.exit(result.status ?? 1);
	}
}
const { passed, failed } = summary();
if (passed === 0) {
	console.error('No test ran.');
	process.exit(1);
}
console.log(`\nTests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
