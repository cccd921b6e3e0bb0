import type { Db } from '../db/client';
import * as repo from './notifications.repository';

/**
 * Personal data of the notifications module: the notifications a person received and
 * their channel choices. Erasing deletes both (nothing here is needed once they are gone).
 */
export const notificationsPrivacy = {
	async export(deps: { db: Db }, userId: string) {
		const [items, preferences] = await Promise.all([repo.listForUser(deps.db, userId, 100_000, 0), repo.preferencesOf(deps.db, userId)]);
		return {
			notifications: items.map(({ userId: _user, ...rest }) => rest),
			preferences: preferences.map(({ userId: _user, ...rest }) => rest)
		};
	},
	async erase(deps: { db: Db }, userId: string) {
		await deps.db.transaction((tx) => repo.deleteOfUser(tx, userId));
	}
};
