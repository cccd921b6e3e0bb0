import { AppError } from '../errors';

export const loginTransactionMissing = () =>
	new AppError('auth.login_state_missing', 400, 'no sign-in in progress in this browser, or it was already used');
export const loginTransactionExpired = () => new AppError('auth.login_state_expired', 400, 'the sign-in took too long');
export const callbackRejected = (reason: string) => new AppError('auth.callback_rejected', 400, reason);
export const providerError = (error: string) => new AppError('auth.provider_error', 400, `provider answered ${error}`);
