import { gradingQueue } from '$lib/server/quiz/quiz.reports';
import { loadOrError, quizAdmin } from '../quizadmin.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, deps } = quizAdmin(event);
	const view = await loadOrError(gradingQueue(deps, { actor, courseId: event.params.id, activityId: event.params.activityId }));
	return {
		graded: event.url.searchParams.get('done') === 'graded',
		items: view.items.map((i) => ({ ...i, submittedAt: i.submittedAt?.toISOString() ?? null }))
	};
};
