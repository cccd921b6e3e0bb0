import { redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/kit/guards';
import { clientErrorCode, orHttpError } from '$lib/server/kit/domain-errors';
import { getReview } from '$lib/server/quiz/attempts.service';
import { guidParam, quizDeps } from '../../../quiz.server';
import type { PageServerLoad } from './$types';

/** The review of a finished attempt, showing only what the review options allow now. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const attemptId = guidParam(event.params.attemptId);
	const activityId = guidParam(event.params.activityId);
	try {
		return { review: await orHttpError(getReview(quizDeps(event), { attemptId, user, locale: event.locals.locale })) };
	} catch (cause) {
		// Not reviewable now (or still open): the quiz page shows the attempt and its state.
		const code = clientErrorCode(cause);
		if (code === 'quiz.review_not_allowed') redirect(303, `/courses/${event.params.slug}/quiz/${activityId}`);
		if (code === 'quiz.attempt_closed') redirect(303, `/courses/${event.params.slug}/quiz/${activityId}/attempt/${attemptId}`);
		throw cause;
	}
};
