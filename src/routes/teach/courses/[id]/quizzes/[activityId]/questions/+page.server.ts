import type { RequestEvent } from '@sveltejs/kit';
import * as settings from '$lib/server/quiz/quiz.settings.service';
import { addQuestionsSchema, addRandomSchema, markSchema, moveSlotSchema, slotSchema } from '$lib/server/quiz/quiz.schemas';
import { loadOrError, quizAction, quizAdmin } from '../quizadmin.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actor, deps } = quizAdmin(event);
	return loadOrError(settings.getQuizQuestions(deps, { actor, courseId: event.params.id, activityId: event.params.activityId, categoryId: event.url.searchParams.get('category') }));
};

type Event = RequestEvent<{ id: string; activityId: string }>;
const target = (event: Event) => ({ courseId: event.params.id, activityId: event.params.activityId });
const check = (event: Event) => ({ actor, deps }: ReturnType<typeof quizAdmin>) => settings.managedQuiz(deps.db, actor, event.params.id, event.params.activityId);

export const actions: Actions = {
	add: (event) =>
		quizAction(event, { action: 'add', schema: addQuestionsSchema, check: check(event), work: ({ actor, deps, data }) => settings.addQuestions(deps, { actor, ...target(event), questionIds: data.questionIds }), done: 'quizadmin.done.added' }),
	random: (event) =>
		quizAction(event, { action: 'random', schema: addRandomSchema, check: check(event), work: ({ actor, deps, data }) => settings.addRandom(deps, { actor, ...target(event), ...data }), done: 'quizadmin.done.added' }),
	remove: (event) =>
		quizAction(event, { action: 'remove', schema: slotSchema, check: check(event), work: ({ actor, deps, data }) => settings.removeSlot(deps, { actor, ...target(event), slotId: data.slotId }), done: 'quizadmin.done.removed' }),
	move: (event) =>
		quizAction(event, { action: 'move', schema: moveSlotSchema, check: check(event), work: ({ actor, deps, data }) => settings.moveSlot(deps, { actor, ...target(event), ...data }), done: 'quizadmin.done.moved' }),
	mark: (event) =>
		quizAction(event, { action: 'mark', schema: markSchema, check: check(event), work: ({ actor, deps, data }) => settings.setMark(deps, { actor, ...target(event), ...data }), done: 'quizadmin.done.mark' })
};
