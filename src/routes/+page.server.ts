import { listCatalogue } from '$lib/server/courses/index';
import type { PageServerLoad } from './$types';

/** The first few open courses (public or public outline) for the home page. */
export const load: PageServerLoad = async (event) => {
	const result = await listCatalogue({ db: event.locals.services.db }, { onlyOpen: true, pageSize: 6 });
	return { courses: result.items, more: result.hasNext };
};
