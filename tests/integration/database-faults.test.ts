import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase, describeOnPostgres } from '../support/db';
import { freePort } from '../support/net';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import type { Database } from '../../src/lib/server/db/client';

/**
 * The server process as it runs in production (`tsx src/server/main.ts`, the built pages),
 * talking to PostgreSQL through a TCP proxy that resets or swallows its connections. A bad
 * connection may cost the request in flight (503), never the process.
 */
describeOnPostgres('the server on a faulty database network (postgres)', () => {
	let database: Database & { url?: string };
	let proxy: TcpProxy;
	let server: ChildProcess;
	let base: string;
	let dataDir: string;
	const output: string[] = [];

	beforeAll(async () => {
		database = await createTestDatabase('postgres');
		const url = new URL(database.url!);
		proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
		const port = await freePort();
		base = `http://127.0.0.1:${port}`;
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-faults-'));
		server = spawn('node_modules/.bin/tsx', ['src/server/main.ts'], {
			env: {
				PATH: process.env.PATH,
				NODE_ENV: 'test',
				PORT: String(port),
				HOST: '127.0.0.1',
				ORIGIN: base,
				DATA_DIR: dataDir,
				DATABASE_URL: proxy.via(database.url!),
				DATABASE_POOL_MAX: '4',
				DATABASE_CONNECT_TIMEOUT: '2',
				DATABASE_QUERY_TIMEOUT: '1',
				LOG_LEVEL: 'warn'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		server.stdout!.on('data', (chunk) => output.push(String(chunk)));
		server.stderr!.on('data', (chunk) => output.push(String(chunk)));
		await vi.waitFor(
			async () => {
				if (server.exitCode !== null) throw new Error(`the server exited: ${output.join('')}`);
				expect((await fetch(`${base}/readyz`).catch(() => null))?.status).toBe(200);
			},
			{ timeout: 150_000, interval: 250 }
		);
	});

	afterAll(async () => {
		if (server && server.exitCode === null) {
			server.kill('SIGTERM');
			await new Promise((resolve) => server.once('exit', resolve));
		}
		await proxy?.close();
		await database?.close();
		if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
	});

	const alive = () => expect(server.exitCode, output.join('')).toBeNull();
	const get = (path: string) => fetch(`${base}${path}`, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });

	it('connections reset while pages query the database cost those requests at most (503), and the process keeps serving', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 16; i++) {
			proxy.resetOnTraffic(i % 8);
			statuses.push((await get(i % 2 ? '/courses' : '/courses/ochrona-danych-osobowych')).status);
		}
		alive();
		expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
		expect(output.join('')).not.toMatch(/Cannot read properties of null|uncaughtException|closing after error/);
		await expect.poll(async () => (await get('/courses')).status, { timeout: 15_000 }).toBe(200);
		expect((await get('/healthz')).status).toBe(200);
		alive();
	});

	it('a database that stops answering gets a translated 503 page and "not ready" within seconds; once it answers again, so does the server', async () => {
		proxy.silent();
		try {
			const page = await get('/courses');
			expect(page.status).toBe(503);
			expect(page.headers.get('retry-after')).toBe('5');
			expect(await page.text()).toContain('Baza danych platformy chwilowo nie odpowiada');
			const ready = await get('/readyz');
			expect(ready.status).toBe(503);
			expect(await ready.json()).toMatchObject({ status: 'not_ready' });
			expect((await get('/healthz')).status).toBe(200);
		} finally {
			proxy.heal();
		}
		await expect.poll(async () => (await get('/courses')).status, { timeout: 15_000 }).toBe(200);
		alive();
	});
});
