import { listMyCourses } from '$lib/server/courses/index';
import { requireUser } from '$lib/server/kit/guards';
import type { PageServerLoad } from './$types';

/** The signed-in person's courses with progress; sign-in first, then back here. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const courses = await listMyCourses({ db: event.locals.services.db }, { userId: user.id });
	return { courses };
};
