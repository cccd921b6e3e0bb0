import { previewQuestion } from '$lib/server/quiz/index';
import { readResponse } from '$lib/components/quiz/response-form';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { bankAccess, refusal } from '../../bank';
import type { Actions, PageServerLoad } from './$types';

const versionOf = (url: URL) => {
	const n = Number.parseInt(url.searchParams.get('version') ?? '', 10);
	return Number.isInteger(n) && n > 0 ? n : undefined;
};

/** The question as participants see it; "check" grades the trainer's test answer and shows all feedback. Nothing is stored. */
export const load: PageServerLoad = async (event) => {
	const { actor, deps, course } = await bankAccess(event);
	const preview = await orHttpError(previewQuestion(deps, { actor, courseId: course.id, questionId: event.params.questionId, version: versionOf(event.url), locale: event.locals.locale }));
	return { course, name: preview.name, version: preview.version, questionId: preview.question.id, display: preview.display };
};

export const actions: Actions = {
	check: async (event) => {
		const { actor, deps, course } = await bankAccess(event);
		const form = await event.request.formData();
		try {
			const preview = await previewQuestion(deps, {
				actor,
				courseId: course.id,
				questionId: event.params.questionId,
				version: versionOf(event.url),
				locale: event.locals.locale,
				answer: (data) =>
					readResponse(form, 0, data.type, {
						prompts: data.type === 'matching' ? data.pairs.map((p) => p.id) : undefined,
						items: data.type === 'ordering' ? data.items.map((i) => i.id) : undefined
					})
			});
			return { display: preview.display, checked: preview.checked };
		} catch (cause) {
			return refusal(cause, {});
		}
	}
};
