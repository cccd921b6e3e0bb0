/**
 * Errors with stable codes (`domain.reason`). The domain never speaks HTTP; the
 * edges map `status` to a response and the code to a translated message.
 * Tell errors apart by `code`, never by `instanceof`: SvelteKit loads its own copy
 * of this module.
 */
export class AppError extends Error {
	readonly code: string;
	readonly status: number;
	readonly details?: Record<string, unknown>;

	constructor(code: string, status: number, message?: string, details?: Record<string, unknown>) {
		super(message ?? code);
		this.name = 'AppError';
		this.code = code;
		this.status = status;
		this.details = details;
	}
}

export function isAppError(error: unknown): error is AppError {
	return (
		typeof error === 'object' &&
		error !== null &&
		typeof (error as AppError).code === 'string' &&
		typeof (error as AppError).status === 'number'
	);
}
