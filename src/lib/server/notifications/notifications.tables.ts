import { boolean, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.tables';

export const notificationKinds = ['post_reply', 'course_content', 'announcement', 'post_moderated'] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const notificationChannels = ['app', 'email'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];
export const notificationFrequencies = ['immediate', 'daily', 'weekly', 'off'] as const;
export type NotificationFrequency = (typeof notificationFrequencies)[number];

/** One notification for one person; delivered in the app and, per preference, by email. */
export const notifications = pgTable(
	'notifications',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: notificationKinds }).notNull(),
		title: text('title').notNull(),
		body: text('body').notNull().default(''),
		url: text('url'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		readAt: timestamp('read_at', { withTimezone: true }),
		/** When this notification went out by email (immediately or in a digest); null: not yet / not by email. */
		emailedAt: timestamp('emailed_at', { withTimezone: true })
	},
	(t) => [index('notifications_user_idx').on(t.userId, t.createdAt), index('notifications_email_due_idx').on(t.emailedAt, t.createdAt)]
);

/** A person's choice per kind and channel. Missing rows mean the platform default. */
export const notificationPreferences = pgTable(
	'notification_preferences',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: notificationKinds }).notNull(),
		channel: text('channel', { enum: notificationChannels }).notNull(),
		frequency: text('frequency', { enum: notificationFrequencies }).notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.kind, t.channel] })]
);

/** The administrator's policy per kind and channel: its default, and whether people may change it or use it at all. */
export const notificationPolicies = pgTable(
	'notification_policies',
	{
		kind: text('kind', { enum: notificationKinds }).notNull(),
		channel: text('channel', { enum: notificationChannels }).notNull(),
		defaultFrequency: text('default_frequency', { enum: notificationFrequencies }).notNull(),
		locked: boolean('locked').notNull().default(false),
		disabled: boolean('disabled').notNull().default(false)
	},
	(t) => [primaryKey({ columns: [t.kind, t.channel] })]
);
