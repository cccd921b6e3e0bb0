import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.tables';

/**
 * Server-side sessions. The browser holds only a random token; the table keeps its
 * SHA-256 hash, so a leaked database dump cannot be replayed as cookies.
 */
export const sessions = pgTable(
	'sessions',
	{
		idHash: text('id_hash').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		/** Provider session id (`sid` claim), matched by back-channel logout. */
		idpSid: text('idp_sid'),
		idpIssuer: text('idp_issuer').notNull(),
		/** Kept only to send as id_token_hint in RP-initiated logout. */
		idToken: text('id_token')
	},
	(t) => [index('sessions_user_idx').on(t.userId), index('sessions_idp_sid_idx').on(t.idpIssuer, t.idpSid)]
);

/**
 * One sign-in in progress: state, nonce and PKCE verifier bound to the browser that
 * started it through a short-lived cookie holding the random id. Deleted on first use.
 */
export const loginTransactions = pgTable('login_transactions', {
	idHash: text('id_hash').primaryKey(),
	state: text('state').notNull(),
	nonce: text('nonce').notNull(),
	codeVerifier: text('code_verifier').notNull(),
	returnTo: text('return_to').notNull(),
	expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
});

/**
 * What is left of a session ended by a block: the same token hash, so the browser's next
 * request lands on the blocked page (with the reason) instead of silently signing out.
 * A refused sign-in of a blocked account gets one too. Deleted on unblock or expiry.
 */
export const blockNotices = pgTable(
	'block_notices',
	{
		idHash: text('id_hash').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('block_notices_user_idx').on(t.userId)]
);

/**
 * IP addresses and access dates (terms §1.2.10): one row per person, address and day,
 * written at sign-in and with the session touch. Purged after ACCESS_LOG_RETENTION_DAYS.
 */
export const accessLog = pgTable(
	'access_log',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		ip: text('ip').notNull(),
		day: date('day', { mode: 'string' }).notNull(),
		firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
		lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
		signIns: integer('sign_ins').notNull().default(0),
		requests: integer('requests').notNull().default(0)
	},
	(t) => [uniqueIndex('access_log_user_ip_day_key').on(t.userId, t.ip, t.day), index('access_log_last_at_idx').on(t.lastAt)]
);
