import { AppError } from '../errors';

/** A request that does not exist (or a malformed id). */
export const requestNotFound = () => new AppError('requests.not_found', 404);
/**
 * The confirmation link matches no request waiting for it: already used (its hash is
 * cleared on use), never issued, or its request was closed. One answer for all three.
 */
export const linkUsed = () => new AppError('requests.link_used', 410, 'this confirmation link was already used or is no longer valid');
/** The link's validity (PRIVACY_LINK_TTL_HOURS) ran out; the request is now expired. */
export const linkExpired = () => new AppError('requests.link_expired', 410, 'this confirmation link has expired');
/** The account the request was made for no longer exists. */
export const accountGone = () => new AppError('requests.account_gone', 410, 'the account this link was sent for no longer exists');
/** The account has no email address, so no confirmation can be sent to it. */
export const accountWithoutEmail = () => new AppError('requests.no_email', 409, 'the account has no email address');
/** The admin action does not apply to the request's current status. */
export const requestNotOpen = (status: string) => new AppError('requests.not_open', 409, 'the request is not open for this action', { status });
/** More requests than PRIVACY_RATE_LIMIT_PER_HOUR allows; `retryAfterMinutes` says when to try again. */
export const tooManyRequests = (retryAfterMinutes: number) =>
	new AppError('requests.rate_limited', 429, 'too many privacy requests', { retryAfterMinutes });
/** An administrator deletes their own account through /my-data/delete, not the admin page. */
export const cannotDeleteSelf = () => new AppError('requests.cannot_delete_self', 409, 'an administrator cannot delete their own account here');
