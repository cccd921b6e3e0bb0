import * as reports from '$lib/server/quiz/quiz.reports';
import { managedQuiz } from '$lib/server/quiz/quiz.settings.service';
import { attemptsFilterSchema, regradeSchema } from '$lib/server/quiz/quiz.schemas';
import { loadOrError, quizAction, quizAdmin } from '../quizadmin.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, deps } = quizAdmin(event);
	const filter = attemptsFilterSchema.parse(Object.fromEntries(event.url.searchParams));
	const view = await loadOrError(reports.listAttempts(deps, { actor, courseId: event.params.id, activityId: event.params.activityId, filter }));
	const query = new URLSearchParams({ state: filter.state, passed: filter.passed, q: filter.q });
	const pageLink = (page: number) => `?${new URLSearchParams({ ...Object.fromEntries(query), page: String(page) })}`;
	return {
		filter,
		total: view.total,
		passPercent: view.quiz.passPercent,
		attempts: view.attempts.map((a) => ({ ...a, startedAt: a.startedAt.toISOString(), submittedAt: a.submittedAt?.toISOString() ?? null })),
		prev: filter.page > 1 ? pageLink(filter.page - 1) : null,
		next: view.hasNext ? pageLink(filter.page + 1) : null,
		csv: `results/csv?${query}`,
		questions: view.questions
	};
};

export const actions: Actions = {
	regrade: (event) =>
		quizAction(event, {
			action: 'regrade',
			schema: regradeSchema,
			check: ({ actor, deps }) => managedQuiz(deps.db, actor, event.params.id, event.params.activityId),
			work: ({ actor, deps, data }) => reports.regrade(deps, { actor, courseId: event.params.id, activityId: event.params.activityId, questionId: data.questionId, toCurrentVersion: data.toCurrentVersion }),
			done: 'quizadmin.done.regraded'
		})
};
