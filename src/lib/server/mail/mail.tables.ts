import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The persistent outbox: every email is written here (in the caller's transaction)
 * and sent by the worker with retries, so a mail outage delays mail but loses none.
 */
export const mailOutbox = pgTable(
	'mail_outbox',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		to: text('to').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		html: text('html'),
		/**
		 * The Message-ID header, fixed when the row is written: a resend after a crash between
		 * the SMTP server's acceptance and `sent` carries the same id, so the copy is recognisable.
		 * The enqueue sets it with the sender's domain; the default only fills rows written before.
		 */
		messageId: text('message_id')
			.notNull()
			.default(sql`'<' || gen_random_uuid() || '@outbox.invalid>'`),
		status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		lockedUntil: timestamp('locked_until', { withTimezone: true }),
		lastError: text('last_error'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp('sent_at', { withTimezone: true })
	},
	(t) => [index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt)]
);
