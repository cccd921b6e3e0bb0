import { eq, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { PrivacyProvider } from '../privacy/privacy.types';
import { users } from '../users/users.tables';
import { mailOutbox } from './mail.tables';

/** What replaces an erased person's name in email other people were sent about them. */
const ERASED_NAME = 'usunięty użytkownik / deleted user';

/**
 * The outbox holds email by address, not by account (no column references users), and
 * sent mail is purged after MAIL_RETENTION_DAYS. It is not exported (the person has the
 * messages in their mailbox). Erasure deletes every message to the person's address and
 * replaces their name in messages to others (a reply notification names its author).
 */
export const mailPrivacy = {
	domain: 'mail',
	declarations: [
		{
			table: 'mail_outbox',
			userColumns: [],
			fields: ['email messages to the person’s address, waiting or sent'],
			purpose: 'delivering email (confirmations, notifications)',
			erasure: 'deleted',
			retention: 'MAIL_RETENTION_DAYS after sending'
		}
	],
	async export() {
		return { data: {} };
	},
	async erase(tx: Tx, userId: string) {
		const [person] = await tx.select({ email: users.email, givenName: users.givenName, familyName: users.familyName }).from(users).where(eq(users.id, userId));
		if (!person) return;
		if (person.email) await tx.delete(mailOutbox).where(eq(sql`lower(${mailOutbox.to})`, person.email.toLowerCase()));
		const name = [person.givenName, person.familyName].filter(Boolean).join(' ');
		if (!name) return;
		const scrub = (column: typeof mailOutbox.subject | typeof mailOutbox.text | typeof mailOutbox.html) => sql`replace(${column}, ${name}, ${ERASED_NAME})`;
		const mentions = (column: typeof mailOutbox.subject | typeof mailOutbox.text | typeof mailOutbox.html) => sql`strpos(${column}, ${name}) > 0`;
		await tx
			.update(mailOutbox)
			.set({ subject: scrub(mailOutbox.subject), text: scrub(mailOutbox.text), html: scrub(mailOutbox.html) })
			.where(or(mentions(mailOutbox.subject), mentions(mailOutbox.text), mentions(mailOutbox.html)));
	}
} satisfies PrivacyProvider;
