#!/usr/bin/env node
// `npm test`: type check, the build (integration tests also exercise build/handler.js),
// unit and integration tests (Vitest), then the end-to-end journeys in Chromium.
// Stops at the first failing stage; ends with one plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const reports = ['test-results/vitest-unit.json', 'test-results/vitest-e2e.json', 'test-results/vitest-newcomer.json'];
const json = (file) => ['--reporter=default', '--reporter=json', `--outputFile=${file}`];
const stages = [
	['svelte-kit', ['sync']],
	['svelte-check', ['--tsconfig', './tsconfig.json', '--threshold', 'error']],
	['vite', ['build']],
	['vitest', ['run', ...json(reports[0])]],
	['vitest', ['run', '--config', 'vitest.e2e.config.ts', ...json(reports[1])]]
];
// Under CI, the unit and integration stage runs once more as a newcomer runs it: no
// DATABASE_URL and no CI (PGlite only; PostgreSQL-only suites report skipped), so a test
// file that is invalid without PostgreSQL fails CI too. TEST_NEWCOMER=0 leaves it out.
const newcomerEnv = { ...process.env };
delete newcomerEnv.DATABASE_URL;
delete newcomerEnv.CI;
if (process.env.CI === 'true' && process.env.TEST_NEWCOMER !== '0') {
	// The first run then takes the PostgreSQL side of the per-driver suites only (tests/support/db.ts).
	stages[3] = ['vitest', stages[3][1], { ...process.env, TEST_DRIVERS: 'postgres' }, 'PostgreSQL side'];
	stages.splice(4, 0, ['vitest', ['run', ...json(reports[2])], newcomerEnv, 'as a newcomer: no DATABASE_URL, PGlite']);
}

fs.mkdirSync('test-results', { recursive: true });
for (const file of reports) fs.rmSync(file, { force: true });

function summary() {
	let passed = 0;
	let failed = 0;
	for (const file of reports) {
		if (!fs.existsSync(file)) continue;
		const report = JSON.parse(fs.readFileSync(file, 'utf8'));
		// Under CI a skipped test counts as failed, except in the newcomer run, where the
		// PostgreSQL-only suites are meant to report skipped.
		const skipped = file === reports[2] ? (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) : 0;
		passed += report.numPassedTests ?? 0;
		failed += (report.numFailedTests ?? 0) + (report.numTotalTests ?? 0) - (report.numPassedTests ?? 0) - (report.numFailedTests ?? 0) - skipped;
	}
	return { passed, failed };
}

for (const [bin, args, env = process.env, label = ''] of stages) {
	console.log(`\n> ${bin} ${args.join(' ')}${label ? ` (${label})` : ''}`);
	const started = Date.now();
	const result = spawnSync('npx', ['--no-install', bin, ...args], { stdio: 'inherit', env });
	console.log(`(${bin} ${args[0] ?? ''}${label ? `, ${label}` : ''}: ${Math.round((Date.now() - started) / 1000)} s)`);
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
