import { managedQuiz } from '$lib/server/quiz/quiz.settings.service';
import { loadOrError, quizAdmin } from './quizadmin.server';
import type { LayoutServerLoad } from './$types';

/** The quiz's name and course for the tabs; every page below checks access again in its own load. */
export const load: LayoutServerLoad = async (event) => {
	const { actor, deps } = quizAdmin(event);
	const { course, title } = await loadOrError(managedQuiz(deps.db, actor, event.params.id, event.params.activityId));
	return { admin: { course: { id: course.id, slug: course.slug, title: course.title }, quizTitle: title, base: `/teach/courses/${course.id}/quizzes/${event.params.activityId}`, activityId: event.params.activityId } };
};
