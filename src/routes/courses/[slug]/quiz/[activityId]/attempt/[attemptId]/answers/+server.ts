import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { isAppError } from '$lib/server/errors';
import { translate } from '$lib/i18n';
import { saveAnswers } from '$lib/server/quiz/attempts.service';
import { questionResponseSchema } from '$lib/quiz/questions';
import { errorKey, quizDeps } from '../../../quiz.server';
import type { RequestHandler } from './$types';

/**
 * Autosave endpoint: POST {answers:[{slot, seq, response}]} → SaveResult. The body is read
 * as text whatever its content type (a keepalive request on page hide sends the same JSON).
 * Errors answer {code, message} with the domain error's status; bad JSON is a 400, never a 500.
 */
const body = z.object({
	answers: z
		.array(z.object({ slot: z.number().int().min(0).max(10_000), seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), response: questionResponseSchema }))
		.max(200)
});

export const POST: RequestHandler = async (event) => {
	const locale = event.locals.locale;
	const problem = (status: number, code: string) => json({ code, message: translate(locale, errorKey(code)) }, { status });
	const user = event.locals.user;
	if (!user) return problem(401, 'quiz.login_required');
	if (!z.guid().safeParse(event.params.attemptId).success) return problem(404, 'quiz.not_found');
	let parsed: z.infer<typeof body>;
	try {
		const text = await event.request.text();
		if (text.length > 2_000_000) return problem(400, 'quiz.invalid_answer');
		const result = body.safeParse(JSON.parse(text));
		if (!result.success) return problem(400, 'quiz.invalid_answer');
		parsed = result.data;
	} catch {
		return problem(400, 'quiz.bad_request');
	}
	try {
		const result = await saveAnswers(quizDeps(event), { attemptId: event.params.attemptId, user, answers: parsed.answers });
		return json(result, { headers: { 'cache-control': 'no-store' } });
	} catch (cause) {
		if (isAppError(cause) && cause.status < 500) return problem(cause.status, cause.code);
		throw cause;
	}
};
