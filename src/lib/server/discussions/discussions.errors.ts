import { AppError } from '../errors';

export const discussionNotFound = () => new AppError('discussions.not_found', 404);
export const postForbidden = () => new AppError('discussions.forbidden', 403);
export const editWindowClosed = () => new AppError('discussions.edit_window_closed', 409, 'the time to edit this post has passed');
export const postRemoved = () => new AppError('discussions.post_removed', 409, 'the post was removed by a moderator');
export const invalidBody = () => new AppError('discussions.invalid_body', 400);
export const invalidReason = () => new AppError('discussions.invalid_reason', 400);
