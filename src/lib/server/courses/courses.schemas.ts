import { z } from 'zod';

/** Catalogue query string: ?q=&category=&page= (bad values fall back to defaults, never an error page). */
export const catalogueQuery = z.object({
	q: z.string().trim().max(100).catch(''),
	category: z.string().regex(/^[a-z0-9-]{1,80}$/).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});

/** Course slugs: lowercase letters, digits and hyphens. */
export const courseSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,119}$/);
export const activityId = z.guid();

export const enrolForm = z.object({
	key: z.string().max(200).optional()
});

export const completionForm = z.object({
	done: z.enum(['yes', 'no'])
});
