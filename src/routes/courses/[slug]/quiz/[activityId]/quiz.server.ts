import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { hasMessage, type MessageKey } from '$lib/i18n';
import { clientErrorCode } from '$lib/server/kit/domain-errors';
import type { QuizDeps } from '$lib/server/quiz/attempts.service';

/**
 * Shared by the quiz pages of a participant: dependencies, URL parameters and the
 * translation of the engine's coded errors (quiz.* → quiz.error.*).
 */
export const quizDeps = (event: Pick<RequestEvent, 'locals'>): QuizDeps => ({ db: event.locals.services.db, clock: event.locals.services.clock });

const notFound = () => error(404, { message: 'Not found', code: 'quiz.not_found' });

/** A uuid from the URL; anything else is a page that does not exist. */
export function guidParam(value: string | undefined): string {
	if (!value || !z.guid().safeParse(value).success) notFound();
	return value!;
}

/** `?page=N` (1-based in the URL) as the engine's 0-based page, or null for "where I was". */
export function pageParam(url: URL): number | null {
	const raw = url.searchParams.get('page');
	if (raw === null) return null;
	const n = Number(raw);
	return Number.isInteger(n) && n >= 1 && n <= 1000 ? n - 1 : null;
}

/** The message key of a coded quiz error. */
export function errorKey(code: string | null): MessageKey {
	const key = code ? `quiz.error.${code.replace(/^quiz\./, '')}` : '';
	return hasMessage(key) ? key : 'quiz.error.bad_request';
}

/** Runs an action's domain call; a coded client error becomes fail() with a translated message. */
export async function orFail<T>(work: Promise<T>) {
	try {
		return { ok: true as const, value: await work };
	} catch (cause) {
		const code = clientErrorCode(cause);
		if (!code) throw cause;
		if (code === 'quiz.not_found' || code === 'quiz.attempt_forbidden') error(code === 'quiz.not_found' ? 404 : 403, { message: 'Forbidden', code });
		return { ok: false as const, failure: fail(code === 'quiz.invalid_answer' ? 400 : 409, { error: errorKey(code), code }) };
	}
}
