import { AppError } from '../errors';

export const userNotFound = () => new AppError('users.not_found', 404);
export const accountBlocked = (reason: string | null) =>
	new AppError('users.account_blocked', 403, 'account blocked', { reason });
export const missingSubject = () => new AppError('users.missing_subject', 400, 'the identity provider sent no subject');
