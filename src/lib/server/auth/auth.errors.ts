import { AppError } from '../errors';

export const loginTransactionMissing = () =>
	new AppError('auth.login_state_missing', 400, 'no sign-in in progress in this browser, or it was already used');
export const loginTransactionExpired = () => new AppError('auth.login_state_expired', 400, 'the sign-in took too long');
export const callbackRejected = (reason: string) => new AppError('auth.callback_rejected', 400, reason);
export const providerError = (error: string) => new AppError('auth.provider_error', 400, `provider answered ${error}`);
/** A blocked account's sign-in: carries the token of the notice the browser is given instead of a session. */
export const accountBlockedWithNotice = (cause: AppError, noticeToken: string) =>
	new AppError('users.account_blocked', 403, 'account blocked', { noticeToken, userId: cause.details?.userId, reason: cause.details?.reason ?? null });
