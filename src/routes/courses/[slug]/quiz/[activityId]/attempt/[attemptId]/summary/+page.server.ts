import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/kit/guards';
import { clientErrorCode, orHttpError } from '$lib/server/kit/domain-errors';
import { getAttemptPage, submitAttempt } from '$lib/server/quiz/attempts.service';
import { questionResponseSchema } from '$lib/quiz/questions';
import type { SaveAnswer } from '$lib/types/quiz';
import { guidParam, orFail, quizDeps } from '../../../quiz.server';
import type { Actions, PageServerLoad } from './$types';

/** Before submitting: which questions have an answer; `?confirm=1` asks for confirmation. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const attemptId = guidParam(event.params.attemptId);
	const quizHref = `/courses/${event.params.slug}/quiz/${guidParam(event.params.activityId)}`;
	try {
		const view = await orHttpError(getAttemptPage(quizDeps(event), { attemptId, user, page: null, locale: event.locals.locale }));
		return { quiz: view.quiz, attempt: view.attempt, navigation: view.navigation, confirm: event.url.searchParams.get('confirm') === '1' };
	} catch (cause) {
		if (clientErrorCode(cause) === 'quiz.attempt_closed') redirect(303, `${quizHref}/attempt/${attemptId}/review`);
		throw cause;
	}
};

/** Answers the page still held when the time ran out (sent along with the automatic submit). */
const lastAnswers = z.array(z.object({ slot: z.number().int().min(0), seq: z.number().int().min(0), response: questionResponseSchema })).max(200);
function parseAnswers(raw: FormDataEntryValue | null): SaveAnswer[] | undefined {
	if (typeof raw !== 'string' || raw === '') return undefined;
	try {
		const parsed = lastAnswers.safeParse(JSON.parse(raw));
		return parsed.success && parsed.data.length > 0 ? parsed.data : undefined;
	} catch {
		return undefined;
	}
}

export const actions: Actions = {
	/** Submits (idempotent: a double click or a second tab ends in the same finished attempt). */
	submit: async (event) => {
		const user = requireUser(event);
		const attemptId = guidParam(event.params.attemptId);
		const activityId = guidParam(event.params.activityId);
		const form = await event.request.formData();
		if (form.get('confirm') !== 'yes') redirect(303, `/courses/${event.params.slug}/quiz/${activityId}/attempt/${attemptId}/summary?confirm=1`);
		const result = await orFail(submitAttempt(quizDeps(event), { attemptId, user, answers: parseAnswers(form.get('answers')) }));
		if (!result.ok) return result.failure;
		redirect(303, `/courses/${event.params.slug}/quiz/${activityId}/attempt/${attemptId}/review`);
	}
};
