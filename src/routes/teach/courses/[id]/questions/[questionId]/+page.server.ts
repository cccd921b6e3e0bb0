import { redirect } from '@sveltejs/kit';
import { definitionToDraft, deleteQuestion, getQuestion, listCategories, setArchived, updateQuestion } from '$lib/server/quiz/index';
import { AppError } from '$lib/server/errors';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { bankAccess, editorFailure, editorOptions, messageFor, readEditor, refusal } from '../bank';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** A question's editor (its current version, or ?version=n to start from an older one) and its version history. */
export const load: PageServerLoad = async (event) => {
	const { actor, deps, course } = await bankAccess(event);
	const requested = Number.parseInt(event.url.searchParams.get('version') ?? '', 10);
	const version = Number.isInteger(requested) && requested > 0 ? requested : undefined;
	const view = await orHttpError(getQuestion(deps, { actor, courseId: course.id, questionId: event.params.questionId, version }));
	const categories = await orHttpError(listCategories(deps, { actor, courseId: course.id }));
	const v = view.version;
	return {
		course,
		categories,
		question: { id: view.question.id, currentVersion: view.question.currentVersion, categoryId: view.question.categoryId, archived: view.question.archivedAt !== null, inUse: view.inUse },
		viewing: v.version,
		name: v.name,
		draft: definitionToDraft({ name: v.name, textMd: v.textMd, generalFeedbackMd: v.generalFeedbackMd, defaultMark: v.defaultMark, penalty: v.penalty, hints: v.hints, data: v.data }),
		history: view.history.map((h) => ({ version: h.version, name: h.name, createdAt: h.createdAt.toISOString(), author: [h.givenName, h.familyName].filter(Boolean).join(' ') || null })),
		done: event.url.searchParams.get('done') === 'saved' ? ('questions.done.saved' as const) : null,
		...editorOptions
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { actor, deps, course } = await bankAccess(event);
		const { draft, categoryId, definition, errors } = readEditor(await event.request.formData());
		if (!definition || Object.keys(errors).length > 0) return editorFailure(400, { draft, categoryId, errors });
		try {
			await updateQuestion(deps, { actor, courseId: course.id, questionId: event.params.questionId, categoryId, definition });
		} catch (cause) {
			const key = messageFor(cause);
			if (key) return editorFailure(400, { draft, categoryId, errors: key === 'questions.error.categoryNotFound' ? { categoryId: key } : {}, formError: key });
			return refusal(cause, {});
		}
		redirect(303, `/teach/courses/${course.id}/questions/${event.params.questionId}?done=saved`);
	},
	archive: async (event) => archive(event, true),
	restore: async (event) => archive(event, false),
	delete: async (event) => {
		const { actor, deps, course } = await bankAccess(event);
		const form = await event.request.formData();
		try {
			if (form.get('confirm') !== 'yes') throw new AppError('questions.invalid', 400, 'confirmation missing', { field: 'confirmRequired' });
			await deleteQuestion(deps, { actor, courseId: course.id, questionId: event.params.questionId });
		} catch (cause) {
			return refusal(cause, { action: 'delete' });
		}
		redirect(303, `/teach/courses/${course.id}/questions?done=deleted`);
	}
};

async function archive(event: RequestEvent, archived: boolean) {
	const { actor, deps, course } = await bankAccess(event);
	try {
		await setArchived(deps, { actor, courseId: course.id, questionId: event.params.questionId, archived });
	} catch (cause) {
		return refusal(cause, { action: 'archive' });
	}
	return { action: 'archive', done: archived ? ('questions.done.archived' as const) : ('questions.done.restored' as const) };
}
