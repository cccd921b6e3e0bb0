import { translate, type Locale } from '../../i18n/index';
import { composeMail } from '../mail/mail.templates';
import type { OutgoingMail } from '../mail/mail.service';
import type { RequestKind } from './privacy.tables';

/**
 * The emails of privacy requests, each in the requester's language (the account's, or the
 * page's for someone not signed in), HTML and plain text through composeMail.
 */

/** The single-use confirmation link for a deletion, export or inquiry. */
export function confirmationMail(input: { kind: RequestKind; locale: Locale; to: string; url: string; ttlHours: number }): OutgoingMail {
	const { kind, locale } = input;
	const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(locale, key, params);
	return composeMail({
		locale,
		to: input.to,
		subject: t(`requests.mail.${kind}.subject`),
		paragraphs: [t(`requests.mail.${kind}.intro`), t(`requests.mail.${kind}.what`), t('requests.mail.validity', { hours: input.ttlHours })],
		action: { label: t(`requests.mail.${kind}.action`), url: input.url },
		after: [t('requests.mail.ignore')]
	});
}

/** The outcome of a request the administrator completed or rejected, with their note or reason. */
export function outcomeMail(input: {
	kind: RequestKind;
	outcome: 'completed' | 'rejected';
	locale: Locale;
	to: string;
	resolution: string | null;
	contactUrl: string;
}): OutgoingMail {
	const { locale } = input;
	const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(locale, key, params);
	const kindName = t(`requests.kind.${input.kind}`);
	return composeMail({
		locale,
		to: input.to,
		subject: t(`requests.mail.outcome.${input.outcome}.subject`),
		paragraphs: [
			t(`requests.mail.outcome.${input.outcome}.intro`, { kind: kindName }),
			...(input.resolution ? [t(`requests.mail.outcome.${input.outcome}.note`), input.resolution] : [])
		],
		action: { label: t('requests.mail.outcome.contact'), url: input.contactUrl }
	});
}

/** Tells the person that an administrator deleted their account, and why. */
export function deletedByAdminMail(input: { locale: Locale; to: string; reason: string; contactEmail: string }): OutgoingMail {
	const { locale } = input;
	const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(locale, key, params);
	return composeMail({
		locale,
		to: input.to,
		subject: t('requests.mail.adminDeleted.subject'),
		paragraphs: [t('requests.mail.adminDeleted.intro'), t('requests.mail.adminDeleted.reason'), input.reason, t('requests.mail.adminDeleted.after')],
		after: [t('requests.mail.adminDeleted.contact', { email: input.contactEmail })]
	});
}

/** A general message from the contact form, to the platform's contact address (always Polish: the office's language). */
export function contactMessageMail(input: { to: string; from: string; topic: string; message: string; signedIn: boolean }): OutgoingMail {
	const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('pl', key, params);
	return composeMail({
		locale: 'pl',
		to: input.to,
		subject: t('requests.mail.contact.subject', { topic: input.topic }),
		paragraphs: [
			t('requests.mail.contact.intro', { email: input.from }),
			t(input.signedIn ? 'requests.mail.contact.signedIn' : 'requests.mail.contact.anonymous'),
			input.message
		]
	});
}
