import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { isAppError } from '$lib/server/errors';
import { requireAuthor } from '$lib/server/kit/authoring';
import { formValues, parseQuizForm } from '$lib/server/quiz/quiz.schemas';
import type { QuizAdminDeps } from '$lib/server/quiz/quiz.settings.service';
import type { z } from 'zod';

/**
 * Shared by the trainer's quiz pages: the actor (sign-in, courses:author), the domain's
 * dependencies, and one way to run a form action so that refusals come back to the form
 * and hidden or forbidden things become the 404/403 page with nothing written.
 */
export function quizAdmin(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireAuthor(event);
	const { db, clock } = event.locals.services;
	const deps: QuizAdminDeps = { db, clock };
	return { actor, deps };
}

/** Domain codes a trainer can act on, with the message shown above the form. */
const messages: Record<string, MessageKey> = {
	'quiz.structure_locked': 'quizadmin.error.structureLocked',
	'quiz.invalid_settings': 'quizadmin.error.invalidSettings',
	'questions.not_found': 'quizadmin.error.questionMissing',
	'questions.category_not_found': 'quizadmin.error.category',
	'quiz.override_not_enrolled': 'quizadmin.error.notEnrolled',
	'quiz.mark_out_of_range': 'quizadmin.error.markRange',
	'quiz.attempt_not_finished': 'quizadmin.error.notFinished'
};

/** A domain refusal as the form's message; 403/404 pages for the rest of the client errors; anything else rethrown. */
export function refusal(cause: unknown, action: string, values: Record<string, string>) {
	if (!isAppError(cause)) throw cause;
	const tooMany = cause.code === 'quiz.invalid_settings' && cause.details?.field === 'count';
	const key: MessageKey | undefined = tooMany ? 'quizadmin.error.randomTooMany' : messages[cause.code];
	const params = { max: Number(cause.details?.max ?? 0), available: Number(cause.details?.available ?? 0), drawn: Number(cause.details?.alreadyDrawn ?? 0) };
	if (key) return fail(cause.status >= 500 ? 400 : cause.status, { action, values, errors: {} as Record<string, string>, formError: key, params });
	if (cause.status === 404 || cause.status === 403) error(cause.status, { message: cause.status === 404 ? 'Not found' : 'Forbidden', code: cause.code });
	if (cause.status < 500) return fail(400, { action, values, errors: {} as Record<string, string>, formError: 'quizadmin.error.invalid' as MessageKey, params: {} });
	throw cause;
}

/** Loads with a domain call: 404/403 become error pages (nothing else is shown). */
export async function loadOrError<T>(work: Promise<T>): Promise<T> {
	try {
		return await work;
	} catch (cause) {
		if (isAppError(cause) && (cause.status === 404 || cause.status === 403)) error(cause.status, { message: cause.status === 404 ? 'Not found' : 'Forbidden', code: cause.code });
		throw cause;
	}
}

/**
 * One form action: authorise first (a check that needs no form, so another trainer's quiz
 * answers 404 whatever it holds), parse the form, run the change, report `done`.
 */
export async function quizAction<S extends z.ZodType>(
	event: RequestEvent,
	input: {
		action: string;
		schema: S;
		check: (ctx: ReturnType<typeof quizAdmin>) => Promise<unknown>;
		shape?: (values: Record<string, string>) => unknown;
		work: (ctx: ReturnType<typeof quizAdmin> & { data: z.infer<S> }) => Promise<unknown>;
		done: MessageKey;
	}
) {
	const ctx = quizAdmin(event);
	await loadOrError(input.check(ctx));
	const form = await event.request.formData();
	const values = formValues(form);
	const shaped = input.shape ?? ((v: Record<string, string>) => ({ ...v, questionIds: form.getAll('questionIds').map(String) }));
	const parsed = parseQuizForm(input.schema, values, shaped);
	if (!parsed.ok) return fail(400, { action: input.action, values, errors: parsed.errors, formError: 'quizadmin.error.form' as MessageKey, params: {} });
	let result: unknown;
	try {
		result = await input.work({ ...ctx, data: parsed.data });
	} catch (cause) {
		return refusal(cause, input.action, values);
	}
	return { action: input.action, done: input.done, result: typeof result === 'number' || (typeof result === 'object' && result !== null && 'changed' in result) ? result : null };
}
