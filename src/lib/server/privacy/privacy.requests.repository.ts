import { and, asc, count, desc, eq, gt, inArray, isNotNull, lte, min, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { users } from '../users/users.tables';
import { auditLog } from '../admin/admin.tables';
import { privacyRequests, type RequestKind, type RequestStatus } from './privacy.tables';

export type RequestRow = typeof privacyRequests.$inferSelect;
export type NewRequest = typeof privacyRequests.$inferInsert;

export const openStatuses: RequestStatus[] = ['pending', 'awaiting_confirmation', 'processing'];

export async function insertRequest(db: DbOrTx, values: NewRequest): Promise<RequestRow> {
	const [row] = await db.insert(privacyRequests).values(values).returning();
	return row;
}

export async function findRequest(db: DbOrTx, id: string): Promise<RequestRow | undefined> {
	const [row] = await db.select().from(privacyRequests).where(eq(privacyRequests.id, id));
	return row;
}

export async function findByTokenHash(db: DbOrTx, tokenHash: string): Promise<RequestRow | undefined> {
	const [row] = await db.select().from(privacyRequests).where(eq(privacyRequests.tokenHash, tokenHash));
	return row;
}

/**
 * Takes the request the link was issued for, once: the row changes only while it still
 * waits for this token and the token is valid, so of two concurrent posts one gets it.
 */
export async function claimByToken(db: DbOrTx, tokenHash: string, now: Date, next: RequestStatus): Promise<RequestRow | undefined> {
	const [row] = await db
		.update(privacyRequests)
		.set({ status: next, confirmedAt: now, tokenHash: null, tokenExpiresAt: null })
		.where(and(eq(privacyRequests.tokenHash, tokenHash), eq(privacyRequests.status, 'awaiting_confirmation'), gt(privacyRequests.tokenExpiresAt, now)))
		.returning();
	return row;
}

/** Closes a request: status, time, who handled it, the answer; the contact address, message and token are erased. */
export async function closeRequest(
	db: DbOrTx,
	id: string,
	values: { status: 'completed' | 'rejected' | 'expired'; closedAt: Date; handledBy?: string | null; resolution?: string | null },
	onlyFrom: RequestStatus[] = openStatuses
): Promise<RequestRow | undefined> {
	const [row] = await db
		.update(privacyRequests)
		.set({ ...values, email: null, message: null, tokenHash: null, tokenExpiresAt: null })
		.where(and(eq(privacyRequests.id, id), inArray(privacyRequests.status, onlyFrom)))
		.returning();
	return row;
}

/** Accounts with this email address (any issuer), compared case-insensitively. */
export async function findAccountsByEmail(db: DbOrTx, email: string) {
	return db
		.select({ id: users.id, email: users.email, locale: users.locale })
		.from(users)
		.where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
		.limit(20);
}

/** Requests to this address since `since`, and the oldest of them (the per-email limit; addresses are stored in lower case). */
export async function countRecentByEmail(db: DbOrTx, email: string, since: Date): Promise<{ n: number; oldest: Date | null }> {
	const [row] = await db
		.select({ n: count(), oldest: min(privacyRequests.requestedAt) })
		.from(privacyRequests)
		.where(and(eq(privacyRequests.email, email.toLowerCase()), gt(privacyRequests.requestedAt, since)));
	return { n: Number(row?.n ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
}

/**
 * When an account is erased, the other requests about it lose their purpose and their
 * copy of the address: pending and processing ones are closed as rejected, and the
 * address and message of every request of the account, or sent to its address, are
 * erased. Links still waiting keep their token until they expire, so that following one
 * says the account no longer exists rather than that the link was used.
 */
export async function closeRequestsOfAccount(db: DbOrTx, input: { userId: string; email: string | null; exceptId?: string; now: Date }) {
	const mine = input.email
		? or(eq(privacyRequests.userId, input.userId), eq(privacyRequests.email, input.email.toLowerCase()))!
		: eq(privacyRequests.userId, input.userId);
	const others = input.exceptId ? and(mine, sql`${privacyRequests.id} <> ${input.exceptId}`)! : mine;
	await db
		.update(privacyRequests)
		.set({ status: 'rejected', closedAt: input.now })
		.where(and(others, inArray(privacyRequests.status, ['pending', 'processing'])));
	await db.update(privacyRequests).set({ email: null, message: null }).where(others);
}

/** Requests awaiting confirmation whose link ran out, closed as expired; returns how many. */
export async function expireAwaiting(db: DbOrTx, now: Date): Promise<number> {
	const rows = await db
		.update(privacyRequests)
		.set({ status: 'expired', closedAt: now, email: null, message: null, tokenHash: null, tokenExpiresAt: null })
		.where(and(eq(privacyRequests.status, 'awaiting_confirmation'), lte(privacyRequests.tokenExpiresAt, now)))
		.returning({ id: privacyRequests.id });
	return rows.length;
}

/** The case list: by deadline, then request time. `statuses`/`kinds` empty: all. */
export async function listRequests(db: DbOrTx, filter: { statuses: RequestStatus[]; kinds: RequestKind[]; limit: number; offset: number }) {
	const where: SQL[] = [];
	if (filter.statuses.length) where.push(inArray(privacyRequests.status, filter.statuses));
	if (filter.kinds.length) where.push(inArray(privacyRequests.kind, filter.kinds));
	return db
		.select({
			id: privacyRequests.id,
			kind: privacyRequests.kind,
			status: privacyRequests.status,
			source: privacyRequests.source,
			requestedAt: privacyRequests.requestedAt,
			dueAt: privacyRequests.dueAt,
			closedAt: privacyRequests.closedAt,
			hasAccount: isNotNull(privacyRequests.userId)
		})
		.from(privacyRequests)
		.where(where.length ? and(...where) : undefined)
		.orderBy(asc(privacyRequests.dueAt), asc(privacyRequests.requestedAt), asc(privacyRequests.id))
		.limit(filter.limit)
		.offset(filter.offset);
}

/** Audit entries about one request, oldest first (the case's history). */
export async function auditOfRequest(db: DbOrTx, id: string) {
	return db
		.select({ at: auditLog.at, action: auditLog.action, actorId: auditLog.actorId, reason: auditLog.reason })
		.from(auditLog)
		.where(or(and(eq(auditLog.targetType, 'privacy_request'), eq(auditLog.targetId, id)), sql`${auditLog.details}->>'requestId' = ${id}`))
		.orderBy(asc(auditLog.at), desc(auditLog.id))
		.limit(50);
}
