import { getQuizForEditing, managedQuiz, updateSettings } from '$lib/server/quiz/quiz.settings.service';
import { dateToWarsawLocal, quizSettingsSchema, settingsFormToInput, FEEDBACK_BANDS, type QuizSettingsInput } from '$lib/server/quiz/quiz.schemas';
import { reviewItems, reviewTimes } from '$lib/quiz/settings';
import { loadOrError, quizAction, quizAdmin } from './quizadmin.server';
import type { Actions, PageServerLoad } from './$types';

type QuizRow = Awaited<ReturnType<typeof getQuizForEditing>>['quiz'];

/** The stored settings as the form's strings (times in Polish wall-clock time). */
function formOf(quiz: QuizRow): Record<string, string> {
	const values: Record<string, string> = {
		opensAt: quiz.opensAt ? dateToWarsawLocal(quiz.opensAt) : '',
		closesAt: quiz.closesAt ? dateToWarsawLocal(quiz.closesAt) : '',
		timeLimitMinutes: quiz.timeLimitSeconds === null ? '' : String(Math.round(quiz.timeLimitSeconds / 60)),
		overdueHandling: quiz.overdueHandling,
		graceMinutes: String(Math.round(quiz.graceSeconds / 60)),
		attemptsAllowed: String(quiz.attemptsAllowed),
		delayMinutes: String(Math.round(quiz.attemptDelaySeconds / 60)),
		gradingMethod: quiz.gradingMethod,
		behaviour: quiz.behaviour,
		maxTries: String(quiz.maxTries),
		passPercent: quiz.passPercent === null ? '' : String(quiz.passPercent).replace('.', ','),
		questionsPerPage: String(quiz.questionsPerPage)
	};
	for (const flag of ['shuffleQuestions', 'shuffleAnswers', 'finalTest', 'practice'] as const) if (quiz[flag]) values[flag] = 'on';
	for (const item of reviewItems) for (const time of reviewTimes) if (quiz.review[item]?.[time]) values[`review.${item}.${time}`] = 'on';
	quiz.overallFeedback.slice(0, FEEDBACK_BANDS).forEach((band, i) => {
		values[`feedback.${i}.min`] = String(band.minPercent).replace('.', ',');
		values[`feedback.${i}.text`] = band.text;
	});
	return values;
}

export const load: PageServerLoad = async (event) => {
	const { actor, deps } = quizAdmin(event);
	const view = await loadOrError(getQuizForEditing(deps, { actor, courseId: event.params.id, activityId: event.params.activityId }));
	return { values: formOf(view.quiz), attempts: view.attempts, slotCount: view.slotCount, finalTest: view.quiz.finalTest };
};

export const actions: Actions = {
	save: (event) =>
		quizAction(event, {
			action: 'save',
			schema: quizSettingsSchema,
			shape: settingsFormToInput,
			check: ({ actor, deps }) => managedQuiz(deps.db, actor, event.params.id, event.params.activityId),
			work: ({ actor, deps, data }) => updateSettings(deps, { actor, courseId: event.params.id, activityId: event.params.activityId, settings: data as QuizSettingsInput }),
			done: 'quizadmin.done.settings'
		})
};
