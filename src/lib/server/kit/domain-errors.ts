import { error } from '@sveltejs/kit';
import { isAppError } from '../errors';

/**
 * Runs a domain call from a load or action and turns its coded client errors into
 * SvelteKit errors with the same status and code (hidden resources: 404). Anything
 * else propagates to handleError as a 500.
 */
export async function orHttpError<T>(work: Promise<T>): Promise<T> {
	try {
		return await work;
	} catch (cause) {
		if (isAppError(cause) && cause.status < 500) error(cause.status, { message: cause.message, code: cause.code });
		throw cause;
	}
}

/** The code of a domain error with a status below 500, or null (for actions that answer with fail()). */
export function clientErrorCode(cause: unknown): string | null {
	return isAppError(cause) && cause.status < 500 ? cause.code : null;
}
