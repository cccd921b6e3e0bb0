import { and, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import type { PrivacyProvider } from '../privacy/privacy.types';
import { users } from '../users/users.tables';
import * as repo from './notifications.repository';
import { notifications } from './notifications.tables';

/**
 * Personal data of the notifications module: the notifications a person received and
 * their channel choices. Erasing deletes both (nothing here is needed once they are
 * gone), and replaces the person's name in notifications other people received about
 * them (a reply names its author) with "deleted user".
 */
export const notificationsPrivacy = {
	domain: 'notifications',
	declarations: [
		{
			table: 'notifications',
			userColumns: ['user_id'],
			fields: ['notifications received', 'read and emailed dates'],
			purpose: 'telling the person about replies, new content and announcements',
			erasure: 'deleted'
		},
		{ table: 'notification_preferences', userColumns: ['user_id'], fields: ['channel and frequency per kind'], purpose: 'the person’s choices', erasure: 'deleted' }
	],
	async export(db: DbOrTx, userId: string) {
		const [items, preferences] = await Promise.all([repo.listForUser(db, userId, 100_000, 0), repo.preferencesOf(db, userId)]);
		return {
			data: {
				// Kind, link and dates only: a title names other people ("… replied") and a body quotes their posts.
				notifications: items.map((n) => ({ kind: n.kind, url: n.url, createdAt: n.createdAt, readAt: n.readAt, emailedAt: n.emailedAt })),
				preferences: preferences.map(({ userId: _user, ...rest }) => rest)
			}
		};
	},
	async erase(tx: Tx, userId: string) {
		await repo.deleteOfUser(tx, userId);
		const [person] = await tx.select({ givenName: users.givenName, familyName: users.familyName }).from(users).where(eq(users.id, userId));
		const name = [person?.givenName, person?.familyName].filter(Boolean).join(' ');
		if (!name) return;
		const placeholder = sql`(select case when u.locale = 'en' then 'deleted user' else 'usunięty użytkownik' end from users u where u.id = ${notifications.userId})`;
		await tx
			.update(notifications)
			.set({ title: sql`replace(${notifications.title}, ${name}, ${placeholder})`, body: sql`replace(${notifications.body}, ${name}, ${placeholder})` })
			.where(and(ne(notifications.userId, userId), sql`(strpos(${notifications.title}, ${name}) > 0 or strpos(${notifications.body}, ${name}) > 0)`));
	}
} satisfies PrivacyProvider;
