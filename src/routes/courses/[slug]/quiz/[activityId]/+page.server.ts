import { redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/kit/guards';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { getQuizSummary, startAttempt } from '$lib/server/quiz/attempts.service';
import { guidParam, orFail, quizDeps } from './quiz.server';
import type { Actions, PageServerLoad } from './$types';

/** The quiz page: rules in words, my attempts, and starting or continuing an attempt. */
export const load: PageServerLoad = async (event) => {
	const activityId = guidParam(event.params.activityId);
	const view = await orHttpError(getQuizSummary(quizDeps(event), { slug: event.params.slug, activityId, user: event.locals.user, locale: event.locals.locale }));
	// The settings link needs the course id, which the summary view does not carry.
	const manageHref = view.canManage ? `/teach/courses/${view.quiz.courseId}/quizzes/${activityId}` : null;
	return { view, manageHref, closedNotice: event.url.searchParams.get('closed') === '1', returnTo: event.url.pathname };
};

export const actions: Actions = {
	start: async (event) => {
		const user = requireUser(event);
		const activityId = guidParam(event.params.activityId);
		const result = await orFail(startAttempt(quizDeps(event), { slug: event.params.slug, activityId, user }));
		if (!result.ok) return result.failure;
		redirect(303, `/courses/${event.params.slug}/quiz/${activityId}/attempt/${result.value.attemptId}`);
	}
};
