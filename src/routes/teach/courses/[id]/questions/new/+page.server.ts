import { redirect } from '@sveltejs/kit';
import { createQuestion, listCategories, questionTypeSchema, emptyDraft } from '$lib/server/quiz/index';
import { questionTypes } from '$lib/quiz/questions';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { bankAccess, editorFailure, editorOptions, messageFor, readEditor, refusal, uuidParam } from '../bank';
import type { Actions, PageServerLoad } from './$types';

/** A new question: the type is chosen first (?type=), then the editor shows only its fields. */
export const load: PageServerLoad = async (event) => {
	const { actor, deps, course } = await bankAccess(event);
	const categories = await orHttpError(listCategories(deps, { actor, courseId: course.id }));
	const typed = questionTypeSchema.safeParse(event.url.searchParams.get('type'));
	const requested = uuidParam(event.url.searchParams.get('category'));
	const categoryId = categories.find((c) => c.id === requested)?.id ?? categories[0]?.id ?? '';
	return { course, categories, categoryId, types: questionTypes, type: typed.success ? typed.data : null, draft: typed.success ? emptyDraft(typed.data) : null, ...editorOptions };
};

export const actions: Actions = {
	save: async (event) => {
		const { actor, deps, course } = await bankAccess(event);
		const { draft, categoryId, definition, errors } = readEditor(await event.request.formData());
		if (!definition || Object.keys(errors).length > 0) return editorFailure(400, { draft, categoryId, errors });
		try {
			await createQuestion(deps, { actor, courseId: course.id, categoryId, definition });
		} catch (cause) {
			const key = messageFor(cause);
			if (key) return editorFailure(400, { draft, categoryId, errors: key === 'questions.error.categoryNotFound' ? { categoryId: key } : {}, formError: key });
			return refusal(cause, {});
		}
		redirect(303, `/teach/courses/${course.id}/questions?category=${categoryId}&done=created`);
	}
};
