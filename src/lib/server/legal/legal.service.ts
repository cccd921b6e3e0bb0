import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { DocumentKind } from './legal.tables';

/**
 * Kinds of document whose latest published version the person has not accepted yet.
 * Read at every request of a signed-in person (the consent gate): one indexed query.
 */
export async function pendingDocuments(db: DbOrTx, userId: string): Promise<DocumentKind[]> {
	const rows = await db.execute<{ kind: DocumentKind }>(sql`
		select d.kind from (
			select kind, max(version) as version from legal_documents where published_at is not null group by kind
		) d
		where not exists (
			select 1 from document_acceptances a where a.user_id = ${userId} and a.kind = d.kind and a.version = d.version
		)
		order by d.kind`);
	return (Array.isArray(rows) ? rows : (rows as { rows: { kind: DocumentKind }[] }).rows).map((r) => r.kind);
}
