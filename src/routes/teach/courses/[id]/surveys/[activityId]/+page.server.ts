import { fail, type RequestEvent } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { isAppError } from '$lib/server/errors';
import { requireUser } from '$lib/server/kit/guards';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { addQuestion, editQuestion, getSurveyAdmin, moveQuestion, parseWarsawDateTime, questionFormValues, removeQuestion, saveSettings, toWarsawDateTime } from '$lib/server/surveys';
import type { Actions, PageServerLoad } from './$types';

type Event = RequestEvent<{ id: string; activityId: string }>;

/** The course's managers only: everyone else gets "not found" from the domain, before any form is read. */
function manage(event: Event) {
	const user = requireUser(event);
	const { db, clock } = event.locals.services;
	return { deps: { db, clock }, input: { user, courseId: event.params.id, activityId: event.params.activityId } };
}

export const load: PageServerLoad = async (event) => {
	const { deps, input } = manage(event);
	const view = await orHttpError(getSurveyAdmin(deps, input));
	const editId = event.url.searchParams.get('edit');
	return {
		...view,
		settings: { anonymous: view.settings.anonymous, opensAt: toWarsawDateTime(view.settings.opensAt), closesAt: toWarsawDateTime(view.settings.closesAt) },
		editing: view.questions.find((q) => q.id === editId) ?? null
	};
};

/** Domain refusals of the trainer's forms, as a message above the form or per field; the rest become error pages. */
async function attempt(action: string, values: Record<string, unknown>, work: () => Promise<unknown>, done: MessageKey) {
	try {
		await work();
	} catch (cause) {
		if (isAppError(cause) && cause.code === 'surveys.invalid_input') return fail(400, { action, values, errors: (cause.details?.fields ?? {}) as Record<string, string>, formError: 'surveys.error.invalid_input' as MessageKey });
		if (isAppError(cause) && (cause.code === 'surveys.locked' || cause.code === 'surveys.question_not_found')) return fail(409, { action, values, errors: {} as Record<string, string>, formError: `surveys.error.${cause.code.slice(8)}` as MessageKey });
		return orHttpError(Promise.reject(cause));
	}
	return { action, done };
}

export const actions: Actions = {
	settings: async (event) => {
		const { deps, input } = manage(event);
		await orHttpError(getSurveyAdmin(deps, input));
		const form = await event.request.formData();
		const raw = { anonymous: form.get('anonymous') === 'on', opensAt: String(form.get('opensAt') ?? '').slice(0, 40), closesAt: String(form.get('closesAt') ?? '').slice(0, 40) };
		const opensAt = parseWarsawDateTime(raw.opensAt);
		const closesAt = parseWarsawDateTime(raw.closesAt);
		if (opensAt === undefined || closesAt === undefined) {
			const errors = { ...(opensAt === undefined ? { opensAt: 'surveys.form.date' } : {}), ...(closesAt === undefined ? { closesAt: 'surveys.form.date' } : {}) };
			return fail(400, { action: 'settings', values: raw, errors, formError: 'surveys.error.invalid_input' as MessageKey });
		}
		return attempt('settings', raw, () => saveSettings(deps, { ...input, anonymous: raw.anonymous, opensAt, closesAt }), 'surveys.settings.saved');
	},
	add: async (event) => {
		const { deps, input } = manage(event);
		await orHttpError(getSurveyAdmin(deps, input));
		const form = await event.request.formData();
		const values = questionFormValues((name) => form.get(name));
		return attempt('add', values, () => addQuestion(deps, { ...input, form: values }), 'surveys.questions.added');
	},
	edit: async (event) => {
		const { deps, input } = manage(event);
		await orHttpError(getSurveyAdmin(deps, input));
		const form = await event.request.formData();
		const values = questionFormValues((name) => form.get(name));
		const questionId = String(form.get('questionId') ?? '').slice(0, 40);
		return attempt('edit', { ...values, questionId }, () => editQuestion(deps, { ...input, questionId, form: values }), 'surveys.questions.saved');
	},
	delete: async (event) => {
		const { deps, input } = manage(event);
		await orHttpError(getSurveyAdmin(deps, input));
		const questionId = String((await event.request.formData()).get('questionId') ?? '').slice(0, 40);
		return attempt('delete', {}, () => removeQuestion(deps, { ...input, questionId }), 'surveys.questions.deleted');
	},
	move: async (event) => {
		const { deps, input } = manage(event);
		await orHttpError(getSurveyAdmin(deps, input));
		const form = await event.request.formData();
		const questionId = String(form.get('questionId') ?? '').slice(0, 40);
		const direction = form.get('direction') === 'up' ? 'up' : 'down';
		return attempt('move', {}, () => moveQuestion(deps, { ...input, questionId, direction }), 'surveys.questions.moved');
	}
};
