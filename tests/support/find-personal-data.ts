import { sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client';

export interface PersonalDataHit {
	table: string;
	column: string;
	/** The first matching value, cut to 200 characters. */
	sample: string;
}

function rowsOf<T>(result: unknown): T[] {
	return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** Text-like columns: anything where a name or an email address could be stored. */
const searchedTypes = ['text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED'];

/**
 * Searches every text, varchar, json/jsonb and array column of every table in the public
 * schema, case-insensitively, for each needle, and says where it was found. Used to prove
 * that an erased person can no longer be found anywhere in the database.
 */
export async function findPersonalData(db: Db, needles: string[]): Promise<PersonalDataHit[]> {
	const columns = rowsOf<{ table_name: string; column_name: string }>(
		await db.execute(sql`
			select c.table_name, c.column_name
			from information_schema.columns c
			join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
			where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
				and c.data_type in (${sql.join(
					searchedTypes.map((type) => sql`${type}`),
					sql`, `
				)})
			order by c.table_name, c.ordinal_position`)
	);
	const hits: PersonalDataHit[] = [];
	for (const needle of needles.filter((n) => n.length > 0)) {
		const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		for (const { table_name, column_name } of columns) {
			const found = rowsOf<{ sample: string }>(
				await db.execute(
					sql`select left(${sql.identifier(column_name)}::text, 200) as sample from ${sql.identifier(table_name)}
						where ${sql.identifier(column_name)}::text ilike ${pattern} limit 1`
				)
			);
			if (found.length > 0) hits.push({ table: table_name, column: column_name, sample: found[0].sample });
		}
	}
	return hits;
}
