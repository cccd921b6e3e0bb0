import { fail } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { isAppError } from '$lib/server/errors';
import { requireUser } from '$lib/server/kit/guards';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { getSurveyPage, submitResponse } from '$lib/server/surveys';
import type { Actions, PageServerLoad } from './$types';

/** The survey page: description for everyone who may see the course, the form for its participants (and a preview for managers). */
export const load: PageServerLoad = async (event) => {
	const { db, clock } = event.locals.services;
	const view = await orHttpError(getSurveyPage({ db, clock }, { user: event.locals.user, slug: event.params.slug, activityId: event.params.activityId }));
	return { ...view, loginHref: `/auth/login?returnTo=${encodeURIComponent(event.url.pathname)}` };
};

/** Form values of the answers: every `q-<question id>` field, all its values (checkboxes send several). */
function answersOf(form: FormData) {
	const answers: Record<string, string[]> = {};
	for (const key of new Set(form.keys())) {
		if (!key.startsWith('q-') || key.length > 50) continue;
		answers[key.slice(2)] = form
			.getAll(key)
			.slice(0, 50)
			.map((v) => (typeof v === 'string' ? v.slice(0, 10_000) : ''));
	}
	return answers;
}

/** Refusals shown above the form (nothing stored). */
const refusals: Record<string, MessageKey> = {
	'surveys.already_responded': 'surveys.error.already_responded',
	'surveys.closed': 'surveys.error.closed',
	'surveys.not_open': 'surveys.error.not_open',
	'surveys.preview_only': 'surveys.error.preview_only',
	'surveys.not_participant': 'surveys.error.not_participant'
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const answers = answersOf(await event.request.formData());
		const { db, clock } = event.locals.services;
		try {
			await submitResponse({ db, clock }, { user, activityId: event.params.activityId, answers });
		} catch (cause) {
			if (isAppError(cause) && cause.code === 'surveys.invalid_answers') {
				return fail(400, { answers, errors: (cause.details?.fields ?? {}) as Record<string, MessageKey>, formError: 'surveys.page.formError' as MessageKey });
			}
			if (isAppError(cause) && refusals[cause.code]) return fail(cause.status, { answers, errors: {} as Record<string, MessageKey>, formError: refusals[cause.code] });
			return orHttpError(Promise.reject(cause));
		}
		return { thanks: true };
	}
};
