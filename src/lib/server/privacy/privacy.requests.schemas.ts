import { z } from 'zod';
import { requestKinds, requestStatuses } from './privacy.tables';

/**
 * Form and query schemas of the privacy requests. Messages are i18n keys: the pages show
 * them next to the field they concern.
 */

/** Topics of the contact form: the first four are a plain message to the platform, the last three privacy requests. */
export const generalTopics = ['question', 'problem', 'opinion', 'support'] as const;
export const privacyTopics = ['deletion', 'export', 'inquiry'] as const;
export const contactTopics = [...generalTopics, ...privacyTopics] as const;
export type ContactTopic = (typeof contactTopics)[number];
export type PrivacyTopic = (typeof privacyTopics)[number];

export const isPrivacyTopic = (topic: ContactTopic): topic is PrivacyTopic => (privacyTopics as readonly string[]).includes(topic);

const emailAddress = z.email().max(254);

/**
 * The contact form. The message is required except for a deletion or export request; the
 * acknowledgement only for the privacy topics. Every field is checked in one pass, so
 * each mistake is reported at once, next to its field.
 */
export const contactForm = z
	.object({ topic: z.string(), email: z.string(), message: z.string(), acknowledge: z.string().optional() })
	.transform((form) => ({ ...form, email: form.email.trim().toLowerCase(), message: form.message.trim() }))
	.superRefine((form, ctx) => {
		const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
		const topic = (contactTopics as readonly string[]).includes(form.topic) ? (form.topic as ContactTopic) : null;
		if (!topic) issue('topic', 'requests.contact.topicRequired');
		if (!emailAddress.safeParse(form.email).success) issue('email', 'requests.contact.emailInvalid');
		const needsMessage = topic !== 'deletion' && topic !== 'export';
		if ((needsMessage || form.message.length > 0) && (form.message.length < 10 || form.message.length > 5000)) issue('message', 'requests.contact.messageLength');
		if (topic && isPrivacyTopic(topic) && form.acknowledge !== 'yes') issue('acknowledge', 'requests.contact.acknowledgeRequired');
	})
	.transform((form) => ({ topic: form.topic as ContactTopic, email: form.email, message: form.message }));
export type ContactForm = z.infer<typeof contactForm>;

/** The deletion page: only the confirmation checkbox. */
export const deletionForm = z.object({ confirm: z.literal('yes', 'requests.delete.confirmRequired') });

/** The admin's note when completing a request (optional) and reason when rejecting (required). */
export const completeForm = z.object({ note: z.string().trim().max(2000, 'requests.admin.noteInvalid') });
export const rejectForm = z.object({ reason: z.string().trim().min(3, 'requests.admin.reasonInvalid').max(2000, 'requests.admin.reasonInvalid') });

/** The admin deleting an account: reason, checkbox, and the person's email or "USUŃ" typed out. */
export const adminDeleteForm = z.object({
	reason: z.string().trim().min(3, 'requests.adminDelete.reasonInvalid').max(500, 'requests.adminDelete.reasonInvalid'),
	confirm: z.literal('yes', 'requests.adminDelete.confirmRequired'),
	typed: z.string().trim().max(300)
});

/** The case list's query string; bad values fall back to the defaults, never an error page. */
export const requestListQuery = z.object({
	status: z.enum(['open', 'all', ...requestStatuses]).catch('open'),
	kind: z.enum(['all', ...requestKinds]).catch('all'),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});
export type RequestListQuery = z.infer<typeof requestListQuery>;

/** A confirmation token as sent in links: 32 random bytes in base64url. */
export const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
