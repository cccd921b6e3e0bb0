import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
