import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { accessLog, blockNotices, loginTransactions, sessions } from './auth.tables';

export async function insertLoginTransaction(db: DbOrTx, values: typeof loginTransactions.$inferInsert) {
	await db.insert(loginTransactions).values(values);
}

/** Deletes and returns the transaction in one statement: a second use finds nothing. */
export async function takeLoginTransaction(db: DbOrTx, idHash: string) {
	const rows = await db.delete(loginTransactions).where(eq(loginTransactions.idHash, idHash)).returning();
	return rows[0];
}

export async function insertSession(db: DbOrTx, values: typeof sessions.$inferInsert) {
	await db.insert(sessions).values(values);
}

export async function findSession(db: DbOrTx, idHash: string) {
	const rows = await db.select().from(sessions).where(eq(sessions.idHash, idHash)).limit(1);
	return rows[0];
}

export async function touchSession(db: DbOrTx, idHash: string, at: Date) {
	await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(db: DbOrTx, idHash: string) {
	const rows = await db.delete(sessions).where(eq(sessions.idHash, idHash)).returning();
	return rows[0];
}

export async function deleteSessionsOfUser(db: DbOrTx, userId: string) {
	return db.delete(sessions).where(eq(sessions.userId, userId)).returning({ idHash: sessions.idHash });
}

export async function deleteSessionsByIdpSid(db: DbOrTx, issuer: string, sid: string) {
	return db
		.delete(sessions)
		.where(and(eq(sessions.idpIssuer, issuer), eq(sessions.idpSid, sid)))
		.returning({ idHash: sessions.idHash });
}

export async function deleteExpired(db: DbOrTx, now: Date, idleBefore: Date) {
	await db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleBefore)));
	await db.delete(loginTransactions).where(lt(loginTransactions.expiresAt, now));
}

export async function insertBlockNotices(db: DbOrTx, rows: (typeof blockNotices.$inferInsert)[]) {
	if (rows.length > 0) await db.insert(blockNotices).values(rows).onConflictDoNothing();
}

export async function findBlockNotice(db: DbOrTx, idHash: string) {
	const rows = await db.select().from(blockNotices).where(eq(blockNotices.idHash, idHash)).limit(1);
	return rows[0];
}

export async function deleteBlockNotice(db: DbOrTx, idHash: string) {
	await db.delete(blockNotices).where(eq(blockNotices.idHash, idHash));
}

export async function deleteBlockNoticesOfUser(db: DbOrTx, userId: string) {
	await db.delete(blockNotices).where(eq(blockNotices.userId, userId));
}

/** One row per person, address and (UTC) day; a sign-in or a request adds to its counters. */
export async function recordAccess(db: DbOrTx, input: { userId: string; ip: string; at: Date; signIn: boolean }) {
	const day = input.at.toISOString().slice(0, 10);
	await db
		.insert(accessLog)
		.values({ userId: input.userId, ip: input.ip, day, firstAt: input.at, lastAt: input.at, signIns: input.signIn ? 1 : 0, requests: 1 })
		.onConflictDoUpdate({
			target: [accessLog.userId, accessLog.ip, accessLog.day],
			set: {
				lastAt: sql`greatest(${accessLog.lastAt}, excluded.last_at)`,
				signIns: sql`${accessLog.signIns} + excluded.sign_ins`,
				requests: sql`${accessLog.requests} + 1`
			}
		});
}

/** Deletes access records last used before `before`; returns how many went. */
export async function purgeAccessLog(db: DbOrTx, before: Date): Promise<number> {
	const rows = await db.delete(accessLog).where(lt(accessLog.lastAt, before)).returning({ id: accessLog.id });
	return rows.length;
}

export async function deleteExpiredBlockNotices(db: DbOrTx, now: Date) {
	await db.delete(blockNotices).where(lt(blockNotices.expiresAt, now));
}

/** How long a blocked person keeps seeing the blocked page at their next visits. */
export const BLOCK_NOTICE_MS = 7 * 24 * 3_600_000;

/**
 * Ends every session of the person at once and leaves a block notice under each
 * session's token hash, so each of their browsers lands on the blocked page next.
 */
export async function convertSessionsToNotices(db: DbOrTx, userId: string, now: Date) {
	const ended = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ idHash: sessions.idHash });
	const expiresAt = new Date(now.getTime() + BLOCK_NOTICE_MS);
	await insertBlockNotices(db, ended.map((s) => ({ idHash: s.idHash, userId, expiresAt })));
	return ended.length;
}
