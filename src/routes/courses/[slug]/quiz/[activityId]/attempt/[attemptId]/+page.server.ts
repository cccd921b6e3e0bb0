import { redirect, type RequestEvent } from '@sveltejs/kit';
import { requireUser } from '$lib/server/kit/guards';
import { clientErrorCode, orHttpError } from '$lib/server/kit/domain-errors';
import { checkQuestion, getAttemptPage, saveAnswers } from '$lib/server/quiz/attempts.service';
import { isEmptyResponse, readPageAnswers } from '$lib/components/quiz/response-form';
import { guidParam, orFail, pageParam, quizDeps } from '../../quiz.server';
import type { Actions, PageServerLoad } from './$types';

type Event = RequestEvent<{ slug: string; activityId: string; attemptId: string }>;
const quizHref = (e: Event) => `/courses/${e.params.slug}/quiz/${e.params.activityId}`;
const attemptHref = (e: Event) => `${quizHref(e)}/attempt/${e.params.attemptId}`;

/** A finished attempt has no pages any more: back to the quiz with a notice. */
async function closedToQuiz<T>(event: Event, work: Promise<T>): Promise<T> {
	try {
		return await work;
	} catch (cause) {
		if (clientErrorCode(cause) === 'quiz.attempt_closed') redirect(303, `${quizHref(event)}?closed=1`);
		throw cause;
	}
}

/** One page of my open attempt. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const attemptId = guidParam(event.params.attemptId);
	guidParam(event.params.activityId);
	const view = await orHttpError(closedToQuiz(event, getAttemptPage(quizDeps(event), { attemptId, user, page: pageParam(event.url), locale: event.locals.locale })));
	return { view };
};

/** The page's answers from the form; empty ones only when they clear a saved answer. */
async function postedAnswers(event: Event) {
	const form = await event.request.formData();
	const now = event.locals.services.clock.now().getTime();
	const answers = readPageAnswers(form, now).filter((a) => a.had || !isEmptyResponse(a.response));
	const page = Number(form.get('page'));
	return { form, answers: answers.map(({ slot, seq, response }) => ({ slot, seq, response })), page: Number.isInteger(page) && page >= 0 ? page : 0 };
}

export const actions: Actions = {
	/** Without JavaScript: save the page, then go where the pressed button says. */
	save: async (event) => {
		const user = requireUser(event);
		const attemptId = guidParam(event.params.attemptId);
		const { form, answers, page } = await postedAnswers(event);
		const result = await closedToQuiz(event, orFail(saveAnswers(quizDeps(event), { attemptId, user, answers, page })));
		if (!result.ok) return result.failure;
		const go = String(form.get('goto') ?? '');
		if (go === 'summary') redirect(303, `${attemptHref(event)}/summary`);
		const target = go === 'prev' ? page - 1 : go === 'next' ? page + 1 : /^page:\d+$/.test(go) ? Number(go.slice(5)) : page;
		redirect(303, `${attemptHref(event)}?page=${Math.max(0, target) + 1}`);
	},
	/** Immediate and interactive behaviours: grade one question now. */
	check: async (event) => {
		const user = requireUser(event);
		const attemptId = guidParam(event.params.attemptId);
		const { form, answers } = await postedAnswers(event);
		const slot = Number(form.get('check'));
		const answer = answers.find((a) => a.slot === slot);
		const result = await closedToQuiz(event, orFail(checkQuestion(quizDeps(event), { attemptId, user, slot, answer, locale: event.locals.locale })));
		if (!result.ok) return result.failure;
		return { checked: result.value };
	}
};
