import { fail } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { translate } from '$lib/i18n';
import { clientErrorCode } from '$lib/server/kit/domain-errors';
import { clientIp } from '$lib/server/platform/client-ip';
import { isAppError } from '$lib/server/errors';
import { contactForm, isPrivacyTopic, type ContactTopic } from '$lib/server/privacy/privacy.requests.schemas';
import { requestDeps, requestForAccount, requestFromContactForm } from '$lib/server/privacy/privacy.requests.service';
import { contactMessageMail } from '$lib/server/privacy/privacy.requests.mail';
import { minutesFrom } from '$lib/server/privacy/privacy.rate-limit';
import { fieldErrors } from './form-errors';
import type { Actions, PageServerLoad } from './$types';

type Field = 'topic' | 'email' | 'message' | 'acknowledge';

/** The contact form (terms 000 §3): for everyone, signed in or not. */
export const load: PageServerLoad = ({ locals }) => ({
	accountEmail: locals.user?.email ?? null,
	contactEmail: locals.services.config.privacy.contactEmail,
	dpoEmail: locals.services.config.privacy.dpoEmail
});

export const actions: Actions = {
	default: async (event) => {
		const { locals, request } = event;
		const services = locals.services;
		const user = locals.user;
		const form = await request.formData();
		const values = {
			topic: String(form.get('topic') ?? '').slice(0, 40),
			email: user?.email ?? String(form.get('email') ?? '').slice(0, 300),
			message: String(form.get('message') ?? '').slice(0, 6000)
		};
		const parsed = contactForm.safeParse({ ...values, acknowledge: form.get('acknowledge') ?? undefined });
		if (!parsed.success) return fail(400, { values, errors: fieldErrors<Field>(parsed.error), tooMany: null, formError: null });
		const limit = services.privacyLimiter.hit(clientIp(request) ?? 'unknown');
		if (!limit.allowed) return fail(429, { values, errors: {}, tooMany: minutesFrom(limit.retryAfterMs), formError: null });

		const { topic, email, message } = parsed.data;
		if (!isPrivacyTopic(topic)) {
			const topicName = translate('pl', `requests.contact.topic.${topic}` as MessageKey);
			const mail = contactMessageMail({ to: services.config.privacy.contactEmail, from: email, topic: topicName, message, signedIn: Boolean(user) });
			await services.mail.enqueue(mail);
			return { sent: 'general' as const, topic: topic as ContactTopic };
		}
		const deps = requestDeps(services);
		if (!user) {
			await requestFromContactForm(deps, { kind: topic, email, message: message || null, locale: locals.locale });
			return { sent: 'privacy' as const, topic: topic as ContactTopic };
		}
		try {
			const result = await requestForAccount(deps, { userId: user.id, kind: topic, source: 'contact_form', message: message || null, locale: locals.locale });
			return { sent: result.status === 'pending' ? ('inquiry' as const) : ('account' as const), topic: topic as ContactTopic };
		} catch (cause) {
			const code = clientErrorCode(cause);
			if (code === 'requests.rate_limited' && isAppError(cause)) {
				return fail(429, { values, errors: {}, tooMany: Number(cause.details?.retryAfterMinutes ?? 60), formError: null });
			}
			if (code === 'requests.no_email') return fail(409, { values, errors: {}, tooMany: null, formError: 'requests.contact.noEmail' as MessageKey });
			throw cause;
		}
	}
};
