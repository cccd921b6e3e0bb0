import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, describeOnPostgres } from '../../../../tests/support/db';
import { startTcpProxy, type TcpProxy } from '../../../../tests/support/tcp-proxy';
import { AppError } from '../errors';
import { openDatabase, type Database } from './client';
import { databaseTimeout, isDatabaseUnavailable } from './faults';

describe('telling an unreachable database from other errors', () => {
	it('recognises connection, timeout and shutdown errors, also wrapped as Drizzle wraps them', () => {
		for (const code of ['ECONNRESET', 'ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT', '08006', '57P01', '57014', '53300']) {
			expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code).toBe(true);
			expect(isDatabaseUnavailable(new Error('Failed query', { cause: Object.assign(new Error('x'), { code }) })), code).toBe(true);
		}
		expect(isDatabaseUnavailable(databaseTimeout(1000))).toBe(true);
	});

	it('does not take a constraint violation, a coded domain error or a plain error for one', () => {
		expect(isDatabaseUnavailable(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
		expect(isDatabaseUnavailable(new AppError('quiz.attempt_closed', 409))).toBe(false);
		expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
		expect(isDatabaseUnavailable(null)).toBe(false);
	});
});

/**
 * The postgres.js client behind a real TCP proxy that resets or swallows the connections.
 * Before the driver patch (patches/postgres+3.4.9.patch) a reset during a transaction threw
 * an uncaught TypeError from a deferred write (Vitest fails the run on it) or left a query
 * waiting for ever.
 */
describeOnPostgres('the database client on a faulty network (postgres)', () => {
	let target: Database & { url?: string };
	let proxy: TcpProxy;
	let database: Database;

	beforeAll(async () => {
		target = await createTestDatabase('postgres');
		const url = new URL(target.url!);
		proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
		database = await openDatabase({ url: proxy.via(target.url!), poolMax: 4, connectTimeoutSeconds: 2, queryTimeoutSeconds: 1 });
	});
	afterAll(async () => {
		await database?.close();
		await proxy?.close();
		await target?.close();
	});

	const outcome = async (work: Promise<unknown>) => {
		try {
			await work;
			return 'ok';
		} catch (error) {
			return isDatabaseUnavailable(error) ? 'unavailable' : `other: ${String(error)}`;
		}
	};

	it('a connection reset mid-transaction fails that transaction with a connection error, and the next query succeeds', async () => {
		const results: string[] = [];
		for (let i = 0; i < 40; i++) {
			proxy.resetOnTraffic(i % 8);
			const work = database.db.transaction(async (tx) => {
				for (let k = 0; k < 10; k++) await tx.execute(sql`select ${k}::int as k`);
			});
			const beside = database.db.execute(sql`select pg_sleep(0.005)`);
			results.push(await outcome(work), await outcome(beside));
		}
		expect(results.filter((r) => r.startsWith('other'))).toEqual([]);
		expect(results).toContain('unavailable');
		await expect.poll(() => outcome(database.db.execute(sql`select 1`)), { timeout: 10_000 }).toBe('ok');
	});

	it('a database that stops answering fails queries and transactions within the query timeout, then recovers', async () => {
		await database.db.execute(sql`select 1`);
		proxy.silent();
		const started = Date.now();
		const [query, transaction] = await Promise.all([
			outcome(database.db.execute(sql`select 1`)),
			outcome(database.db.transaction(async (tx) => tx.execute(sql`select 2`)))
		]);
		expect([query, transaction]).toEqual(['unavailable', 'unavailable']);
		// 1 s statement timeout + 2 s for the client side; generous for a loaded machine, far below TCP's minutes.
		expect(Date.now() - started).toBeLessThan(20_000);
		proxy.heal();
		await expect.poll(() => outcome(database.db.execute(sql`select 1`)), { timeout: 15_000 }).toBe('ok');
	});
});
