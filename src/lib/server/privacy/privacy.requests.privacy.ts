import { desc, eq, or, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import { users } from '../users/users.tables';
import type { PrivacyProvider } from './privacy.types';
import { privacyRequests } from './privacy.tables';

/**
 * The person's privacy requests (export, deletion, inquiry) as cases. On erasure a
 * request keeps its kind, status and dates (the controller must be able to show it was
 * answered in time) but loses the link to the person, their address and message; an
 * administrator who handled requests is unlinked.
 */
export const privacyRequestsPrivacy = {
	domain: 'requests',
	declarations: [
		{
			table: 'privacy_requests',
			userColumns: ['user_id', 'handled_by'],
			fields: ['kind of request', 'status', 'dates and deadline', 'contact address', 'message', 'answer'],
			purpose: 'handling data-protection requests within the legal deadline (GDPR art. 12)',
			erasure: 'anonymised',
			retention: 'address and message until the request is closed'
		}
	],
	async export(db: DbOrTx, userId: string) {
		const rows = await db
			.select({
				kind: privacyRequests.kind,
				status: privacyRequests.status,
				source: privacyRequests.source,
				message: privacyRequests.message,
				requestedAt: privacyRequests.requestedAt,
				dueAt: privacyRequests.dueAt,
				confirmedAt: privacyRequests.confirmedAt,
				closedAt: privacyRequests.closedAt,
				resolution: privacyRequests.resolution
			})
			.from(privacyRequests)
			.where(eq(privacyRequests.userId, userId))
			.orderBy(desc(privacyRequests.requestedAt));
		return { data: { requests: rows } };
	},
	async erase(tx: Tx, userId: string) {
		const [person] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
		const own = person?.email
			? or(eq(privacyRequests.userId, userId), eq(sql`lower(${privacyRequests.email})`, person.email.toLowerCase()))
			: eq(privacyRequests.userId, userId);
		await tx.update(privacyRequests).set({ userId: null, email: null, message: null }).where(own);
		await tx.update(privacyRequests).set({ handledBy: null }).where(eq(privacyRequests.handledBy, userId));
	}
} satisfies PrivacyProvider;
