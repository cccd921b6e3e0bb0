import { AppError } from '../errors';

export const userNotFound = () => new AppError('users.not_found', 404);
export const accountBlocked = (userId: string, reason: string | null) =>
	new AppError('users.account_blocked', 403, 'account blocked', { userId, reason });
export const cannotBlockSelf = () => new AppError('users.cannot_block_self', 409, 'an administrator cannot block their own account');
export const missingSubject = () => new AppError('users.missing_subject', 400, 'the identity provider sent no subject');
