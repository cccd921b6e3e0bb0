import { catalogueQuery, listCatalogue } from '$lib/server/courses/index';
import type { PageServerLoad } from './$types';

/** The public catalogue: anyone may browse it; nothing about the visitor is stored. */
export const load: PageServerLoad = async (event) => {
	const query = catalogueQuery.parse(Object.fromEntries(event.url.searchParams));
	const result = await listCatalogue({ db: event.locals.services.db }, { search: query.q, category: query.category, page: query.page });
	return {
		q: query.q,
		category: result.category?.slug ?? '',
		pageNo: result.pageNo,
		hasNext: result.hasNext,
		categories: result.categories.map((c) => ({ slug: c.slug, name: c.name })),
		courses: result.items
	};
};
