import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { auditLog } from './admin.tables';

export type AuditEntry = Omit<typeof auditLog.$inferInsert, 'id'>;

/** Appends one audit entry; pass the transaction of the change it records. There is no update or delete. */
export async function appendAudit(db: DbOrTx, entry: AuditEntry) {
	await db.insert(auditLog).values(entry);
}

export async function listAudit(db: DbOrTx, filter: { action?: string; targetType?: string; limit: number; offset: number }) {
	const where: SQL[] = [];
	if (filter.action) where.push(eq(auditLog.action, filter.action));
	if (filter.targetType) where.push(eq(auditLog.targetType, filter.targetType));
	return db
		.select()
		.from(auditLog)
		.where(where.length ? and(...where) : undefined)
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(filter.limit)
		.offset(filter.offset);
}
