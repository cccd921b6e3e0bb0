import { z } from 'zod';
import * as settings from '$lib/server/quiz/quiz.settings.service';
import { dateToWarsawLocal, overrideSchema } from '$lib/server/quiz/quiz.schemas';
import { loadOrError, quizAction, quizAdmin } from '../quizadmin.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, deps } = quizAdmin(event);
	const search = event.url.searchParams.get('q') ?? '';
	const view = await loadOrError(settings.getOverrides(deps, { actor, courseId: event.params.id, activityId: event.params.activityId, search }));
	return {
		search,
		quizTimeLimit: view.quiz.timeLimitSeconds,
		overrides: view.overrides.map((o) => ({
			userId: o.userId,
			name: o.name,
			email: o.email,
			timeLimitMinutes: o.timeLimitSeconds === null ? null : Math.round(o.timeLimitSeconds / 60),
			extraAttempts: o.extraAttempts,
			closesAt: o.closesAt ? dateToWarsawLocal(o.closesAt) : null
		})),
		found: view.found
	};
};

export const actions: Actions = {
	set: (event) =>
		quizAction(event, {
			action: 'set',
			schema: overrideSchema,
			check: ({ actor, deps }) => settings.managedQuiz(deps.db, actor, event.params.id, event.params.activityId),
			work: ({ actor, deps, data }) => settings.setOverride(deps, { actor, courseId: event.params.id, activityId: event.params.activityId, override: data }),
			done: 'quizadmin.done.override'
		}),
	delete: (event) =>
		quizAction(event, {
			action: 'delete',
			schema: z.object({ userId: z.guid('quizadmin.error.person') }),
			check: ({ actor, deps }) => settings.managedQuiz(deps.db, actor, event.params.id, event.params.activityId),
			work: ({ actor, deps, data }) => settings.deleteOverride(deps, { actor, courseId: event.params.id, activityId: event.params.activityId, userId: data.userId }),
			done: 'quizadmin.done.overrideDeleted'
		})
};
