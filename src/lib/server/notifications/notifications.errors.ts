import { AppError } from '../errors';

export const notificationNotFound = () => new AppError('notifications.not_found', 404);
export const preferenceLocked = () => new AppError('notifications.preference_locked', 409, 'the administrator has locked this channel');
export const invalidPreference = () => new AppError('notifications.invalid_preference', 400);
