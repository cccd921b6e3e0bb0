import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { users } from '../users/users.tables';
import {
	notificationPolicies,
	notificationPreferences,
	notifications,
	type NotificationChannel,
	type NotificationFrequency,
	type NotificationKind
} from './notifications.tables';

export type NotificationRow = typeof notifications.$inferSelect;
export type PolicyRow = typeof notificationPolicies.$inferSelect;
export type PreferenceRow = typeof notificationPreferences.$inferSelect;

export const insertNotifications = (db: DbOrTx, rows: (typeof notifications.$inferInsert)[]) =>
	rows.length ? db.insert(notifications).values(rows).returning() : Promise.resolve([] as NotificationRow[]);

export const listPolicies = (db: DbOrTx) => db.select().from(notificationPolicies);

export const listPreferencesOf = (db: DbOrTx, userIds: string[]) =>
	userIds.length ? db.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, userIds)) : Promise.resolve([] as PreferenceRow[]);

export const recipients = (db: DbOrTx, userIds: string[]) =>
	userIds.length
		? db.select({ id: users.id, email: users.email, locale: users.locale, status: users.status }).from(users).where(inArray(users.id, userIds))
		: Promise.resolve([]);

export async function upsertPreference(db: DbOrTx, row: PreferenceRow) {
	await db
		.insert(notificationPreferences)
		.values(row)
		.onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind, notificationPreferences.channel], set: { frequency: row.frequency } });
}

export async function upsertPolicy(db: DbOrTx, row: PolicyRow) {
	await db
		.insert(notificationPolicies)
		.values(row)
		.onConflictDoUpdate({
			target: [notificationPolicies.kind, notificationPolicies.channel],
			set: { defaultFrequency: row.defaultFrequency, locked: row.locked, disabled: row.disabled }
		});
}

export const listForUser = (db: DbOrTx, userId: string, limit: number, offset: number) =>
	db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(limit).offset(offset);

export async function countUnread(db: DbOrTx, userId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
	return Number(row?.n ?? 0);
}

export const markRead = (db: DbOrTx, userId: string, id: string, at: Date) =>
	db
		.update(notifications)
		.set({ readAt: at })
		.where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
		.returning({ id: notifications.id });

export const markAllRead = (db: DbOrTx, userId: string, at: Date) =>
	db.update(notifications).set({ readAt: at }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));

export const findOwn = (db: DbOrTx, userId: string, id: string) =>
	db.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, userId))).limit(1);

/** Not yet emailed notifications created in [from, before), oldest first, with their recipients. */
export const pendingEmail = (db: DbOrTx, from: Date, before: Date) =>
	db
		.select({ notification: notifications, email: users.email, locale: users.locale })
		.from(notifications)
		.innerJoin(users, eq(users.id, notifications.userId))
		.where(
			and(
				isNull(notifications.emailedAt),
				gte(notifications.createdAt, from),
				lt(notifications.createdAt, before),
				isNotNull(users.email),
				eq(users.status, 'active')
			)
		)
		.orderBy(asc(notifications.userId), asc(notifications.createdAt));

/** Marks as emailed only rows still pending, so two concurrent digests cannot both claim one. */
export const markEmailed = (db: DbOrTx, ids: string[], at: Date) =>
	ids.length
		? db
				.update(notifications)
				.set({ emailedAt: at })
				.where(and(inArray(notifications.id, ids), isNull(notifications.emailedAt)))
				.returning({ id: notifications.id })
		: Promise.resolve([]);

export const deleteOfUser = async (db: DbOrTx, userId: string) => {
	await db.delete(notifications).where(eq(notifications.userId, userId));
	await db.delete(notificationPreferences).where(eq(notificationPreferences.userId, userId));
};

export const preferencesOf = (db: DbOrTx, userId: string) =>
	db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));

export type { NotificationChannel, NotificationFrequency, NotificationKind };
