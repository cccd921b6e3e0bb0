import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.tables';

export const requestKinds = ['export', 'deletion', 'inquiry'] as const;
export type RequestKind = (typeof requestKinds)[number];
export const requestStatuses = ['pending', 'awaiting_confirmation', 'processing', 'completed', 'rejected', 'expired'] as const;
export type RequestStatus = (typeof requestStatuses)[number];
export const requestSources = ['profile', 'contact_form', 'admin'] as const;
export type RequestSource = (typeof requestSources)[number];

/**
 * A data-subject request handled as a case (GDPR art. 12: answer within one month).
 * Requests from the contact form are confirmed through a single-use, time-limited link
 * sent to the account's own address (terms §4.7); only its SHA-256 hash is stored.
 * Once a request is closed its contact address and message are erased.
 */
export const privacyRequests = pgTable(
	'privacy_requests',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind', { enum: requestKinds }).notNull(),
		status: text('status', { enum: requestStatuses }).notNull(),
		source: text('source', { enum: requestSources }).notNull(),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		/** Address the confirmation went to (the account's own); erased when the request closes. */
		email: text('email'),
		locale: text('locale', { enum: ['pl', 'en'] }).notNull().default('pl'),
		/** The inquiry's text; erased when the request closes. */
		message: text('message'),
		tokenHash: text('token_hash'),
		tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
		requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
		/** One month from the request (GDPR art. 12(3)). */
		dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		handledBy: uuid('handled_by').references(() => users.id, { onDelete: 'set null' }),
		/** The administrator's answer or reason for rejecting, shown to the requester. */
		resolution: text('resolution')
	},
	(t) => [
		uniqueIndex('privacy_requests_token_key').on(t.tokenHash),
		index('privacy_requests_status_idx').on(t.status, t.dueAt),
		index('privacy_requests_user_idx').on(t.userId),
		index('privacy_requests_email_idx').on(t.email, t.requestedAt)
	]
);
