import { and, eq, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { loginTransactions, sessions } from './auth.tables';

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
