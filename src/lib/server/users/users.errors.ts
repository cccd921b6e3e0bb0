import { AppError } from '../errors';

export const userNotFound = () => new AppError('users.not_found', 404);
export const accountBlocked = (userId: string, reason: string | null) =>
	new AppError('users.account_blocked', 403, 'account blocked', { userId, reason });
export const cannotBlockSelf = () => new AppError('users.cannot_block_self', 409, 'an administrator cannot block their own account');
export const missingSubject = () => new AppError('users.missing_subject', 400, 'the identity provider sent no subject');
export const notBlocked = () => new AppError('users.not_blocked', 409, 'the account is not blocked');
export const alreadyBlocked = () => new AppError('users.already_blocked', 409, 'the account is already blocked');
/** Only trainer, admin and specialist are granted in the app: everyone is a participant. */
export const roleNotGrantable = () => new AppError('users.role_not_grantable', 400, 'this role is not granted in the app');
export const roleAlreadyHeld = () => new AppError('users.role_already_held', 409, 'the account already holds this role');
/** The identity provider's roles claim owns this grant: it comes back at the next sign-in. */
export const roleFromIdp = () => new AppError('users.role_from_idp', 409, 'the role comes from the identity provider');
export const roleNotHeld = () => new AppError('users.role_not_held', 409, 'the account does not hold this role');
export const cannotRevokeOwnAdmin = () => new AppError('users.cannot_revoke_own_admin', 409, 'an administrator cannot revoke their own admin role');
export const lastAdmin = () => new AppError('users.last_admin', 409, 'the platform would be left without an active administrator');
