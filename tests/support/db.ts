import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/lib/server/db/client';

export type Driver = 'pglite' | 'postgres';

/**
 * The databases every domain test runs on: embedded PGlite always, and real
 * PostgreSQL when DATABASE_URL is set. Under CI=true a missing DATABASE_URL is an
 * error, never a silent skip.
 */
export function testDrivers(): Driver[] {
	// CI runs the PGlite side in its run without DATABASE_URL (scripts/test.mjs), not twice.
	if (process.env.DATABASE_URL && process.env.TEST_DRIVERS === 'postgres') return ['postgres'];
	if (process.env.DATABASE_URL) return ['pglite', 'postgres'];
	if (process.env.CI === 'true') {
		throw new Error('CI=true but DATABASE_URL is not set: the tests must also run on real PostgreSQL (see .ci/run).');
	}
	return ['pglite'];
}

/**
 * A suite only real PostgreSQL can show (races between connections, network faults):
 * it runs when DATABASE_URL is set; otherwise its tests are reported skipped, with the
 * reason in the suite's name, so the file stays valid on a machine without PostgreSQL.
 * Under CI=true a missing DATABASE_URL is an error, as in testDrivers().
 */
export function describeOnPostgres(name: string, body: () => void) {
	const skip = !testDrivers().includes('postgres');
	describe.skipIf(skip)(skip ? `${name} (skipped: needs PostgreSQL, set DATABASE_URL)` : name, body);
}

/**
 * A fresh, migrated, isolated database: in-memory PGlite, or a new PostgreSQL
 * database created for this test file and dropped by `close()`.
 */
export async function createTestDatabase(driver: Driver): Promise<Database & { url?: string }> {
	if (driver === 'pglite') {
		const database = await openDatabase({});
		await database.migrate();
		return database;
	}
	const adminUrl = process.env.DATABASE_URL;
	if (!adminUrl) throw new Error('DATABASE_URL is required for the postgres driver');
	const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const database = await openDatabase({ url: url.href, poolMax: 4, connectTimeoutSeconds: 5 });
	await database.migrate();
	return {
		...database,
		url: url.href,
		async close() {
			await database.close();
			const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
			await dropper.unsafe(`drop database if exists "${name}" with (force)`);
			await dropper.end();
		}
	};
}
