/**
 * `npm run bench`: throughput and latency of the built app on this machine, driven by a
 * script (not a timed test). Needs `npm run build` first. With DATABASE_URL it creates a
 * fresh database on that server for the run, otherwise it uses an in-memory PGlite database. Prints a Markdown table for BENCHMARKS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/lib/server/config/config';
import { createTestDatabase } from '../tests/support/db';
import { createServices } from '../src/lib/server/services';
import { setRuntimeServices } from '../src/lib/server/runtime';
import { systemClock } from '../src/lib/server/platform/clock';
import { buildApp } from '../src/server/app';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3917);

async function scenario(name: string, url: string) {
	const latencies: number[] = [];
	let errors = 0;
	let next = 0;
	const started = performance.now();
	async function worker() {
		while (next < REQUESTS) {
			next++;
			const t0 = performance.now();
			try {
				const res = await fetch(url, { redirect: 'manual' });
				await res.arrayBuffer();
				if (res.status >= 400) errors++;
			} catch {
				errors++;
			}
			latencies.push(performance.now() - t0);
		}
	}
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	const seconds = (performance.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
	return { name, rps: (latencies.length / seconds).toFixed(0), p50: pct(0.5), p99: pct(0.99), errors };
}

async function main() {
	if (!fs.existsSync('build/handler.js')) throw new Error('Run `npm run build` first.');
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wzp-bench-'));
	const config = loadConfig({ ...process.env, PORT: String(PORT), DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
	// A database of its own (created and dropped on PostgreSQL), never the one DATABASE_URL names.
	const database = await createTestDatabase(config.database.url ? 'postgres' : 'pglite');
	const services = createServices({ config, database, logger: pino({ level: 'silent' }), clock: systemClock });
	setRuntimeServices(services);
	const app = await buildApp({ services, pages: 'build' });
	await app.listen({ port: PORT, host: '127.0.0.1' });
	const base = `http://127.0.0.1:${PORT}`;
	// Warm up.
	for (let i = 0; i < 50; i++) await (await fetch(`${base}/`)).arrayBuffer();

	const results = [
		await scenario('GET /healthz', `${base}/healthz`),
		await scenario('GET /readyz (database round trip)', `${base}/readyz`),
		await scenario('GET / (anonymous home page, SSR)', `${base}/`)
	];
	const rssMb = (process.memoryUsage().rss / 1_048_576).toFixed(0);
	console.log(`\nDriver: ${database.driver}; ${REQUESTS} requests per scenario, concurrency ${CONCURRENCY}; node ${process.version}; ${os.cpus().length} CPUs\n`);
	console.log('| scenario | req/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|');
	for (const r of results) console.log(`| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`);
	console.log(`\nResident memory after the run (server and load generator in one process): ${rssMb} MB`);
	await app.close();
	await database.close();
	fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
