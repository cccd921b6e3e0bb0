import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../db/like';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import { users } from '../users/users.tables';
import { courses } from '../courses/courses.tables';
import { auditLog } from './admin.tables';

/*
 * The audit log is append-only for the application: this module offers appendAudit and
 * list* reads, never an update or a delete (admin.repository.test.ts holds it to that).
 */

export type AuditEntry = Omit<typeof auditLog.$inferInsert, 'id'>;

/** Appends one audit entry; pass the transaction of the change it records. There is no update or delete. */
export async function appendAudit(db: DbOrTx, entry: AuditEntry) {
	await db.insert(auditLog).values(entry);
}

export interface AuditFilter {
	action?: string;
	targetType?: string;
	targetId?: string;
	/** Part of the acting person's name or email address, any case. */
	actor?: string;
	/** Entries at or after `from` and before `to`. */
	from?: Date;
	to?: Date;
	limit: number;
	offset: number;
}

const actor = alias(users, 'actor');
const targetUser = alias(users, 'target_user');

function conditions(filter: Omit<AuditFilter, 'limit' | 'offset'>): SQL | undefined {
	const where: SQL[] = [];
	if (filter.action) where.push(eq(auditLog.action, filter.action));
	if (filter.targetType) where.push(eq(auditLog.targetType, filter.targetType));
	if (filter.targetId) where.push(eq(auditLog.targetId, filter.targetId));
	if (filter.from) where.push(gte(auditLog.at, filter.from));
	if (filter.to) where.push(lt(auditLog.at, filter.to));
	for (const word of (filter.actor ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5)) {
		const pattern = containsPattern(word);
		where.push(or(ilike(actor.givenName, pattern), ilike(actor.familyName, pattern), ilike(actor.email, pattern))!);
	}
	return where.length ? and(...where) : undefined;
}

/**
 * Entries newest first, with the acting person's name and what the target still is
 * (an account or a course that exists, else only its type and id).
 */
export async function listAudit(db: DbOrTx, filter: AuditFilter) {
	return db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			targetType: auditLog.targetType,
			targetId: auditLog.targetId,
			reason: auditLog.reason,
			details: auditLog.details,
			actorId: auditLog.actorId,
			actorGivenName: actor.givenName,
			actorFamilyName: actor.familyName,
			actorEmail: actor.email,
			targetUserId: targetUser.id,
			targetUserGivenName: targetUser.givenName,
			targetUserFamilyName: targetUser.familyName,
			targetUserEmail: targetUser.email,
			targetCourseId: courses.id,
			targetCourseTitle: courses.title
		})
		.from(auditLog)
		.leftJoin(actor, eq(actor.id, auditLog.actorId))
		.leftJoin(targetUser, and(eq(auditLog.targetType, 'user'), eq(sql`${targetUser.id}::text`, auditLog.targetId)))
		.leftJoin(courses, and(eq(auditLog.targetType, 'course'), eq(sql`${courses.id}::text`, auditLog.targetId)))
		.where(conditions(filter))
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(filter.limit)
		.offset(filter.offset);
}

export async function countAudit(db: DbOrTx, filter: Omit<AuditFilter, 'limit' | 'offset'>): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)`.mapWith(Number) })
		.from(auditLog)
		.leftJoin(actor, eq(actor.id, auditLog.actorId))
		.where(conditions(filter));
	return row?.n ?? 0;
}

/** Every action code present in the log (for the filter), alphabetically. */
export async function listAuditActions(db: DbOrTx): Promise<string[]> {
	const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
	return rows.map((r) => r.action);
}

/** Every target type present in the log (for the filter), alphabetically. */
export async function listAuditTargetTypes(db: DbOrTx): Promise<string[]> {
	const rows = await db.selectDistinct({ targetType: auditLog.targetType }).from(auditLog).orderBy(auditLog.targetType);
	return rows.map((r) => r.targetType);
}
