import { translate, type Locale } from '../../i18n/index';
import type { OutgoingMail } from '../mail/mail.service';
import type { NotificationKind } from './notifications.tables';
import { escapeHtml } from '../platform/html';

export interface MailItem {
	kind: NotificationKind;
	title: string;
	body: string;
	url: string | null;
}

const absolute = (origin: string, url: string | null) => (url ? new URL(url, origin).href : null);

function itemText(locale: Locale, origin: string, item: MailItem) {
	const link = absolute(origin, item.url);
	return [item.title, item.body, link ? `${translate(locale, 'notifications.email.open')}: ${link}` : ''].filter(Boolean).join('\n');
}

function itemHtml(locale: Locale, origin: string, item: MailItem) {
	const link = absolute(origin, item.url);
	return [
		`<h2 style="font-size:1.1em">${escapeHtml(item.title)}</h2>`,
		item.body ? `<p style="white-space:pre-line">${escapeHtml(item.body)}</p>` : '',
		link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(translate(locale, 'notifications.email.open'))}</a></p>` : ''
	].join('');
}

function wrap(locale: Locale, origin: string, subject: string, text: string, html: string): Omit<OutgoingMail, 'to'> {
	const settings = `${origin}/notifications/preferences`;
	const footer = translate(locale, 'notifications.email.footer');
	return {
		subject,
		text: `${text}\n\n-- \n${footer}\n${settings}\n`,
		html:
			`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
			`<body style="font-family:sans-serif;line-height:1.5;color:#1b1b1b">${html}` +
			`<hr><p style="font-size:0.9em">${escapeHtml(footer)} <a href="${escapeHtml(settings)}">${escapeHtml(settings)}</a></p></body></html>`
	};
}

/** One notification as an email, in the recipient's language; every interpolated value escaped in the HTML part. */
export function notificationMail(input: { locale: Locale; origin: string; to: string; item: MailItem }): OutgoingMail {
	const { locale, origin, item } = input;
	const subject = `${item.title} – ${translate(locale, 'app.name')}`;
	return { to: input.to, ...wrap(locale, origin, subject, itemText(locale, origin, item), itemHtml(locale, origin, item)) };
}

/** Several notifications in one digest email. */
export function digestMail(input: { locale: Locale; origin: string; to: string; frequency: 'daily' | 'weekly'; items: MailItem[] }): OutgoingMail {
	const { locale, origin, items } = input;
	const subject = translate(locale, input.frequency === 'daily' ? 'notifications.email.digestDaily' : 'notifications.email.digestWeekly', {
		count: items.length
	});
	const text = items.map((item) => itemText(locale, origin, item)).join('\n\n');
	const html = `<h1 style="font-size:1.3em">${escapeHtml(subject)}</h1>` + items.map((item) => itemHtml(locale, origin, item)).join('<hr>');
	return { to: input.to, ...wrap(locale, origin, subject, text, html) };
}
