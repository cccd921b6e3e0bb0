import { desc, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import type { PrivacyProvider } from '../privacy/privacy.types';
import { auditLog } from './admin.tables';

/**
 * The audit log names its actor by id only; entries never hold names or email addresses.
 * The export lists what the person did as an administrator or moderator (not whom it
 * concerned: that is someone else's data); erasure keeps the entries (the log is
 * append-only) and cuts the link to the actor.
 */
export const adminPrivacy = {
	domain: 'audit',
	declarations: [
		{
			table: 'audit_log',
			userColumns: ['actor_id'],
			fields: ['administrative and moderation actions taken, with dates'],
			purpose: 'accountability of administrators and moderators',
			erasure: 'unlinked'
		}
	],
	async export(db: DbOrTx, userId: string) {
		const actions = await db
			.select({ at: auditLog.at, action: auditLog.action, targetType: auditLog.targetType })
			.from(auditLog)
			.where(eq(auditLog.actorId, userId))
			.orderBy(desc(auditLog.at))
			.limit(10_000);
		return { data: { actionsTaken: actions } };
	},
	async erase(tx: Tx, userId: string) {
		await tx.update(auditLog).set({ actorId: null }).where(eq(auditLog.actorId, userId));
	}
} satisfies PrivacyProvider;
