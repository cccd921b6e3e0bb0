import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const roles = ['participant', 'trainer', 'admin', 'specialist'] as const;
export type Role = (typeof roles)[number];

/**
 * A person known to the platform. Identity is the pair (issuer, subject) from the
 * OpenID provider, never the email or username: those change and get reused.
 */
export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		issuer: text('issuer').notNull(),
		subject: text('subject').notNull(),
		givenName: text('given_name'),
		familyName: text('family_name'),
		email: text('email'),
		pictureUrl: text('picture_url'),
		/** Profile fields refreshed from the provider at every login, shown read-only in the profile. */
		managedFields: text('managed_fields').array().notNull().default(sql`'{}'::text[]`),
		locale: text('locale', { enum: ['pl', 'en'] }),
		status: text('status', { enum: ['active', 'blocked'] }).notNull().default('active'),
		/** Shown to the person on the blocked page (terms §4.4: access returns once the reason is clarified). */
		blockedReason: text('blocked_reason'),
		blockedAt: timestamp('blocked_at', { withTimezone: true }),
		/** An avatar uploaded in the profile (a row of `files`), used when the provider owns no picture. */
		avatarFileId: uuid('avatar_file_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
		/** Last request with a valid session (written at most once a minute, with the session touch). */
		lastAccessAt: timestamp('last_access_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('users_issuer_subject_key').on(t.issuer, t.subject),
		index('users_email_idx').on(t.email),
		index('users_last_access_idx').on(t.lastAccessAt)
	]
);

/**
 * Roles beyond the default participant. `source` tells who owns the grant: the
 * identity provider's roles claim (replaced at every login) or an admin in the app (kept).
 */
export const userRoles = pgTable(
	'user_roles',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: roles }).notNull(),
		source: text('source', { enum: ['idp', 'app'] }).notNull(),
		grantedBy: uuid('granted_by').references(() => users.id, { onDelete: 'set null' }),
		grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.role, t.source] })]
);

export type UserRow = typeof users.$inferSelect;
