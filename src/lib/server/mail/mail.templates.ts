import { translate, type Locale } from '../../i18n/index';
import type { OutgoingMail } from './mail.service';
import { escapeHtml } from '../platform/html';

export interface MailContent {
	locale: Locale;
	to: string;
	subject: string;
	/** Plain paragraphs (already translated); escaped in the HTML part. */
	paragraphs: string[];
	/** One call to action: a button in HTML, a bare URL on its own line in text. */
	action?: { label: string; url: string };
	/** Paragraphs after the action (e.g. "if it was not you, ignore this message"). */
	after?: string[];
}

/**
 * A transactional email in one language, as HTML and plain text with the same content.
 * Every interpolated value is escaped; the link is absolute and shown in full in both parts.
 */
export function composeMail(content: MailContent): OutgoingMail {
	const { locale, subject, paragraphs, action, after = [] } = content;
	const appName = translate(locale, 'app.name');
	const text = [
		...paragraphs,
		...(action ? [`${action.label}:\n${action.url}`] : []),
		...after,
		`-- \n${appName}`
	].join('\n\n');
	const p = (value: string) => `<p style="margin:0 0 1em">${escapeHtml(value)}</p>`;
	const html =
		`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
		`<body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;max-width:40em">` +
		paragraphs.map(p).join('') +
		(action
			? `<p style="margin:1.5em 0"><a href="${escapeHtml(action.url)}" style="background:#0b4ea2;color:#ffffff;padding:0.75em 1.25em;text-decoration:none;font-weight:bold;display:inline-block">${escapeHtml(action.label)}</a></p>` +
				`<p style="margin:0 0 1em;font-size:0.9em;word-break:break-all">${escapeHtml(action.url)}</p>`
			: '') +
		after.map(p).join('') +
		`<hr style="border:0;border-top:1px solid #ccc"><p style="font-size:0.9em;color:#444">${escapeHtml(appName)}</p></body></html>`;
	return { to: content.to, subject, text, html };
}
