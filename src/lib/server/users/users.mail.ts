import { translate, type Locale } from '../../i18n/index';
import { composeMail } from '../mail/mail.templates';
import type { OutgoingMail } from '../mail/mail.service';
import type { UserRow } from './users.tables';

/** Where a blocked person is told to turn: the contact address and the contact page. */
export interface ContactLinks {
	origin: string;
	contactEmail: string;
}

const localeOf = (user: Pick<UserRow, 'locale'>): Locale => user.locale ?? 'pl';

/**
 * The block notice: the reason and how to reach the administrator, in the person's
 * language (Polish unless they chose English). null when the account has no address.
 */
export function blockedMail(user: Pick<UserRow, 'email' | 'locale'>, reason: string, links: ContactLinks): OutgoingMail | null {
	if (!user.email) return null;
	const locale = localeOf(user);
	const tr = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => translate(locale, key, params);
	return composeMail({
		locale,
		to: user.email,
		subject: tr('admin.mail.blocked.subject'),
		paragraphs: [tr('admin.mail.blocked.intro'), tr('admin.mail.blocked.reason', { reason }), tr('admin.mail.blocked.contact', { email: links.contactEmail })],
		action: { label: tr('admin.mail.blocked.action'), url: `${links.origin}/contact` },
		after: [tr('admin.mail.blocked.after')]
	});
}

/** "Your account is active again", with a link to the platform. null when the account has no address. */
export function unblockedMail(user: Pick<UserRow, 'email' | 'locale'>, links: ContactLinks): OutgoingMail | null {
	if (!user.email) return null;
	const locale = localeOf(user);
	return composeMail({
		locale,
		to: user.email,
		subject: translate(locale, 'admin.mail.unblocked.subject'),
		paragraphs: [translate(locale, 'admin.mail.unblocked.intro')],
		action: { label: translate(locale, 'admin.mail.unblocked.action'), url: `${links.origin}/` }
	});
}
