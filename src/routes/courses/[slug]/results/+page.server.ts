import { requireUser } from '$lib/server/kit/guards';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { listMyResults } from '$lib/server/quiz/attempts.service';
import type { PageServerLoad } from './$types';

/** My results in one course: every quiz with my grade (signed-in participants only). */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db, clock } = event.locals.services;
	return orHttpError(listMyResults({ db, clock }, { slug: event.params.slug, user }));
};
