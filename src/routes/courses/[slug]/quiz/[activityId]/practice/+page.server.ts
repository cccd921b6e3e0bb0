import { orHttpError } from '$lib/server/kit/domain-errors';
import { getPracticeQuiz, gradePractice } from '$lib/server/quiz/attempts.service';
import { readPageAnswers } from '$lib/components/quiz/response-form';
import type { QuestionResponse } from '$lib/quiz/questions';
import { guidParam, orFail, quizDeps } from '../quiz.server';
import type { Actions, PageServerLoad } from './$types';

/** Practice of a quiz marked as practice: open to anonymous visitors; nothing is stored. */
export const load: PageServerLoad = async (event) => {
	const activityId = guidParam(event.params.activityId);
	const quiz = await orHttpError(getPracticeQuiz(quizDeps(event), { slug: event.params.slug, activityId, user: event.locals.user, locale: event.locals.locale }));
	return { quiz, activityId };
};

export const actions: Actions = {
	grade: async (event) => {
		const activityId = guidParam(event.params.activityId);
		const form = await event.request.formData();
		const responses: Record<number, QuestionResponse> = {};
		for (const a of readPageAnswers(form, 0)) responses[a.slot] = a.response;
		const result = await orFail(gradePractice(quizDeps(event), { slug: event.params.slug, activityId, user: event.locals.user, responses, locale: event.locals.locale }));
		if (!result.ok) return result.failure;
		return { result: result.value };
	}
};
