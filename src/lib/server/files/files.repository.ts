import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { files } from './files.tables';

export type FileRow = typeof files.$inferSelect;

export async function insertFile(db: DbOrTx, values: typeof files.$inferInsert): Promise<FileRow> {
	const rows = await db.insert(files).values(values).returning();
	return rows[0];
}

export async function findFileById(db: DbOrTx, id: string): Promise<FileRow | undefined> {
	const rows = await db.select().from(files).where(eq(files.id, id)).limit(1);
	return rows[0];
}

export async function deleteFileRow(db: DbOrTx, id: string): Promise<void> {
	await db.delete(files).where(eq(files.id, id));
}
