import { requireUser } from '$lib/server/kit/guards';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { getResults } from '$lib/server/surveys';
import type { PageServerLoad } from './$types';

/** Aggregated results for the course's managers; `?page-<question id>=n` pages that question's text answers. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db, clock } = event.locals.services;
	const textPages: Record<string, number> = {};
	for (const [key, value] of event.url.searchParams) {
		if (key.startsWith('page-') && /^\d{1,6}$/.test(value)) textPages[key.slice(5)] = Number(value);
	}
	return orHttpError(getResults({ db, clock }, { user, courseId: event.params.id, activityId: event.params.activityId, textPages }));
};
