import { asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import type { PrivacyProvider } from '../privacy/privacy.types';
import { accessLog, blockNotices, sessions } from './auth.tables';

/**
 * Sign-in data: open sessions, the IP addresses and access dates (terms §1.2.10, purged
 * after ACCESS_LOG_RETENTION_DAYS by privacy.jobs.ts), and notices left by a block.
 * Token hashes and ID tokens are secrets, never exported. Erasure ends every session.
 */
export const authPrivacy = {
	domain: 'access',
	declarations: [
		{ table: 'sessions', userColumns: ['user_id'], fields: ['sessions: started, last seen, expiry'], purpose: 'keeping the person signed in', erasure: 'deleted', retention: 'until sign-out or expiry' },
		{
			table: 'access_log',
			userColumns: ['user_id'],
			fields: ['IP addresses', 'access dates', 'number of sign-ins and requests per day'],
			purpose: 'security of the platform (terms §1.2.10)',
			erasure: 'deleted',
			retention: 'ACCESS_LOG_RETENTION_DAYS (90 days by default)'
		},
		{ table: 'block_notices', userColumns: ['user_id'], fields: ['notice of a blocked account'], purpose: 'telling a blocked person why', erasure: 'deleted', retention: '7 days' }
	],
	async export(db: DbOrTx, userId: string) {
		const open = await db
			.select({ createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt })
			.from(sessions)
			.where(eq(sessions.userId, userId))
			.orderBy(asc(sessions.createdAt));
		const log = await db
			.select({ ip: accessLog.ip, day: accessLog.day, firstAt: accessLog.firstAt, lastAt: accessLog.lastAt, signIns: accessLog.signIns, requests: accessLog.requests })
			.from(accessLog)
			.where(eq(accessLog.userId, userId))
			.orderBy(desc(accessLog.day), asc(accessLog.ip));
		const notices = await db.select({ expiresAt: blockNotices.expiresAt }).from(blockNotices).where(eq(blockNotices.userId, userId));
		return { data: { sessions: open, accessLog: log, blockNotices: notices } };
	},
	async erase(tx: Tx, userId: string) {
		await tx.delete(sessions).where(eq(sessions.userId, userId));
		await tx.delete(blockNotices).where(eq(blockNotices.userId, userId));
		await tx.delete(accessLog).where(eq(accessLog.userId, userId));
	}
} satisfies PrivacyProvider;
