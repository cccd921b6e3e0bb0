import { and, desc, eq, lte, or, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { mailOutbox } from './mail.tables';

export async function insertMail(db: DbOrTx, values: typeof mailOutbox.$inferInsert) {
	const rows = await db.insert(mailOutbox).values(values).returning({ id: mailOutbox.id });
	return rows[0].id;
}

/**
 * Claims up to `limit` due messages for `lockMs`, skipping rows another worker holds
 * (FOR UPDATE SKIP LOCKED), so several processes can share one outbox.
 */
export async function claimDue(db: DbOrTx, now: Date, lockMs: number, limit: number) {
	const lockedUntil = new Date(now.getTime() + lockMs);
	return db.transaction(async (tx) => {
		const due = await tx
			.select({ id: mailOutbox.id })
			.from(mailOutbox)
			.where(
				and(
					eq(mailOutbox.status, 'pending'),
					lte(mailOutbox.nextAttemptAt, now),
					or(isNull(mailOutbox.lockedUntil), lte(mailOutbox.lockedUntil, now))
				)
			)
			.orderBy(mailOutbox.nextAttemptAt)
			.limit(limit)
			.for('update', { skipLocked: true });
		if (due.length === 0) return [];
		const claimed = await tx
			.update(mailOutbox)
			.set({ lockedUntil, attempts: sql`${mailOutbox.attempts} + 1` })
			.where(sql`${mailOutbox.id} in (${sql.join(due.map((d) => sql`${d.id}`), sql`, `)})`)
			.returning();
		// UPDATE … RETURNING does not keep the SELECT's order: oldest due first.
		return claimed.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime());
	});
}

/**
 * Extends this worker's lease on a claimed message just before it is sent. Succeeds
 * only while the lease is still the one this worker took (`held`): once it ran out
 * and another worker re-claimed the message, the row has a new locked_until and
 * this returns false, so the message is not sent twice.
 */
export async function renewLock(db: DbOrTx, id: string, held: Date, until: Date): Promise<boolean> {
	const rows = await db
		.update(mailOutbox)
		.set({ lockedUntil: until })
		.where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'pending'), eq(mailOutbox.lockedUntil, held)))
		.returning({ id: mailOutbox.id });
	return rows.length === 1;
}

export async function markSent(db: DbOrTx, id: string, at: Date) {
	await db.update(mailOutbox).set({ status: 'sent', sentAt: at, lockedUntil: null, lastError: null }).where(eq(mailOutbox.id, id));
}

export async function markRetry(db: DbOrTx, id: string, nextAttemptAt: Date, error: string, giveUp: boolean) {
	await db
		.update(mailOutbox)
		.set({ status: giveUp ? 'failed' : 'pending', nextAttemptAt, lockedUntil: null, lastError: error.slice(0, 1000) })
		.where(eq(mailOutbox.id, id));
}

export async function listRecent(db: DbOrTx, limit: number, offset: number) {
	return db.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id)).limit(limit).offset(offset);
}

export async function countByStatus(db: DbOrTx) {
	return db.select({ status: mailOutbox.status, n: sql<number>`count(*)::int` }).from(mailOutbox).groupBy(mailOutbox.status);
}
