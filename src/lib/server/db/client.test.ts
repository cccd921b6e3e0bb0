import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { users } from '../users/users.tables';

describe('embedded database (PGlite)', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wzp-pglite-'));
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('keeps its data across a stop and a start, and re-applying migrations is a no-op', async () => {
		const first = await openDatabase({ dataDir: dir });
		await first.migrate();
		await first.db.insert(users).values({ issuer: 'https://idp.example', subject: 'persist-1', givenName: 'Łucja' });
		await first.close();

		const second = await openDatabase({ dataDir: dir });
		await second.migrate();
		expect(await second.ready()).toEqual({ database: true, migrations: true });
		const rows = await second.db.select().from(users);
		expect(rows.map((r) => r.givenName)).toEqual(['Łucja']);
		await second.close();
	});
});

describe('PostgreSQL driver', () => {
	it('gives up quickly when the database cannot be reached, instead of hanging', async () => {
		const database = await openDatabase({ url: 'postgres://postgres@127.0.0.1:9/none', connectTimeoutSeconds: 1 });
		const started = Date.now();
		expect(await database.ready()).toEqual({ database: false, migrations: false });
		expect(Date.now() - started).toBeLessThan(5000);
		await database.close();
	});
});
