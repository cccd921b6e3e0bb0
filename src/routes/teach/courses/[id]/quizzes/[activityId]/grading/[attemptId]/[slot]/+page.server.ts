import { error, redirect } from '@sveltejs/kit';
import { getGradingItem, gradeAnswer } from '$lib/server/quiz/quiz.reports';
import { managedQuiz } from '$lib/server/quiz/quiz.settings.service';
import { gradeSchema } from '$lib/server/quiz/quiz.schemas';
import { loadOrError, quizAction, quizAdmin } from '../../../quizadmin.server';
import type { Actions, PageServerLoad } from './$types';

const slotOf = (raw: string) => {
	const slot = Number(raw);
	if (!Number.isInteger(slot) || slot < 0 || slot > 1000) error(404, { message: 'Not found', code: 'questions.not_found' });
	return slot;
};

export const load: PageServerLoad = async (event) => {
	const { actor, deps } = quizAdmin(event);
	const view = await loadOrError(getGradingItem(deps, { actor, courseId: event.params.id, activityId: event.params.activityId, attemptId: event.params.attemptId, slot: slotOf(event.params.slot) }));
	return { attempt: { ...view.attempt, submittedAt: view.attempt.submittedAt?.toISOString() ?? null }, question: { ...view.question, gradedAt: view.question.gradedAt?.toISOString() ?? null } };
};

export const actions: Actions = {
	default: async (event) => {
		const slot = slotOf(event.params.slot);
		const result = await quizAction(event, {
			action: 'grade',
			schema: gradeSchema,
			check: ({ actor, deps }) => managedQuiz(deps.db, actor, event.params.id, event.params.activityId),
			work: ({ actor, deps, data }) => gradeAnswer(deps, { actor, courseId: event.params.id, activityId: event.params.activityId, attemptId: event.params.attemptId, slot, mark: data.mark, comment: data.comment }),
			done: 'quizadmin.done.graded'
		});
		if ('done' in result) redirect(303, `/teach/courses/${event.params.id}/quizzes/${event.params.activityId}/grading?done=graded`);
		return result;
	}
};
