import { requireCapability } from '$lib/server/kit/guards';
import { directoryQuerySchema, searchUsers } from '$lib/server/users';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** The user directory: search, filters and pages all in the query string (a GET form that needs no JavaScript). */
export const load: PageServerLoad = async (event) => {
	requireCapability(event, 'users:view');
	const query = directoryQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const { rows, total } = await searchUsers(event.locals.services, {
		query: query.q,
		role: query.role,
		status: query.status,
		lastAccess: query.lastAccess,
		page: query.page,
		pageSize: PAGE_SIZE
	});
	return {
		query,
		total,
		pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		users: rows.map((u) => ({ ...u, lastSeenAt: u.lastSeenAt?.toISOString() ?? null }))
	};
};
