import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { withQueryTimeout } from './faults';

export type Schema = typeof schema;
/** The one database handle type, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: the same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
	db: Db;
	driver: 'postgres' | 'pglite';
	/** Applies the committed migrations in drizzle/. */
	migrate(): Promise<void>;
	/** True when the database answers and every committed migration is applied. */
	ready(): Promise<{ database: boolean; migrations: boolean }>;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	/** PostgreSQL URL; without it an embedded PGlite database is used. */
	url?: string;
	/** Directory for PGlite's files; omitted means in-memory (tests). */
	dataDir?: string;
	poolMax?: number;
	connectTimeoutSeconds?: number;
	/** PostgreSQL: `statement_timeout`; a query without any answer fails 2 s later (client side). */
	queryTimeoutSeconds?: number;
}

/** Finds drizzle/ whether running from src/ (tsx) or from a bundle. */
export function migrationsFolder(): string {
	const candidates = [
		path.resolve(process.cwd(), 'drizzle'),
		path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../drizzle')
	];
	const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'meta', '_journal.json')));
	if (!found) throw new Error(`drizzle/ migrations folder not found (looked in ${candidates.join(', ')})`);
	return found;
}

function journalCount(folder: string): number {
	const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8'));
	return journal.entries.length;
}

/** Opens the database chosen by configuration. Nothing connects at import time. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	const folder = migrationsFolder();
	if (options.url) {
		const { default: postgres } = await import('postgres');
		const { drizzle } = await import('drizzle-orm/postgres-js');
		const { migrate } = await import('drizzle-orm/postgres-js/migrator');
		const queryTimeoutMs = (options.queryTimeoutSeconds ?? 15) * 1000;
		const client = postgres(options.url, {
			max: options.poolMax ?? 10,
			connect_timeout: options.connectTimeoutSeconds ?? 5,
			idle_timeout: 30,
			onnotice: () => {},
			connection: {
				application_name: 'wzp-platform',
				// A slow statement is cancelled by the server; a transaction left open (a request
				// that died half-way) gives its locks back.
				statement_timeout: queryTimeoutMs,
				idle_in_transaction_session_timeout: queryTimeoutMs * 4
			}
		});
		// The server's own timeout answers first; the client's covers a server that answers nothing.
		const db = drizzle(withQueryTimeout(client, queryTimeoutMs + 2000), { schema }) as unknown as Db;
		return withCommon(db, 'postgres', folder, () => migrate(drizzle(client, { schema }), { migrationsFolder: folder }), () =>
			client.end({ timeout: 5 })
		);
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
	const client = new PGlite(options.dataDir);
	await client.waitReady;
	const db = drizzle(client, { schema }) as unknown as Db;
	return withCommon(db, 'pglite', folder, () => migrate(drizzle(client, { schema }), { migrationsFolder: folder }), () =>
		client.close()
	);
}

function withCommon(
	db: Db,
	driver: Database['driver'],
	folder: string,
	runMigrations: () => Promise<void>,
	close: () => Promise<void>
): Database {
	let closed = false;
	return {
		db,
		driver,
		migrate: runMigrations,
		async ready() {
			try {
				const rows = await db.execute<{ n: number }>(
					sql`select count(*)::int as n from drizzle.__drizzle_migrations`
				);
				const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: { n: number }[] }).rows;
				return { database: true, migrations: Number(list[0]?.n) >= journalCount(folder) };
			} catch (error) {
				const e = error as { code?: string; cause?: { code?: string } };
				const code = e.code ?? e.cause?.code;
				// 42P01/3F000: the migrations table or schema does not exist yet; the database itself answered.
				return { database: code === '42P01' || code === '3F000', migrations: false };
			}
		},
		async close() {
			if (closed) return;
			closed = true;
			await close();
		}
	};
}
