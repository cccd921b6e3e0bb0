import { z } from 'zod';

/** Limits of a post's text, in characters after trimming. */
export const BODY_MIN = 1;
export const BODY_MAX = 10_000;
export const REASON_MIN = 3;
export const REASON_MAX = 500;

export const postBody = z.string().trim().min(BODY_MIN, 'discussions.bodyInvalid').max(BODY_MAX, 'discussions.bodyInvalid');
export const moderationReason = z.string().trim().min(REASON_MIN, 'discussions.reasonInvalid').max(REASON_MAX, 'discussions.reasonInvalid');
export const postId = z.guid('discussions.notFound');
