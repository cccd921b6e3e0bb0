import { itemAnalysis, WEAK_DISCRIMINATION } from '$lib/server/quiz/quiz.reports';
import { loadOrError, quizAdmin } from '../quizadmin.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, deps } = quizAdmin(event);
	const view = await loadOrError(itemAnalysis(deps, { actor, courseId: event.params.id, activityId: event.params.activityId }));
	return { attemptsUsed: view.attemptsUsed, items: view.items, weakBelow: WEAK_DISCRIMINATION };
};
