import { requireCapability } from '$lib/server/kit/guards';
import { getUserWithRoles, listUsers } from '$lib/server/users/users.service';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const MAX_PAGE = 10_000;

/** Accounts, 20 a page, sorted by family name. Only for holders of users:block. */
export const load: PageServerLoad = async (event) => {
	requireCapability(event, 'users:block');
	const { db } = event.locals.services;
	const requested = Number.parseInt(event.url.searchParams.get('page') ?? '1', 10);
	const pageNo = Number.isFinite(requested) ? Math.max(1, Math.min(MAX_PAGE, requested)) : 1;
	// One row more than shown tells whether a next page exists.
	const rows = await listUsers({ db }, { limit: PAGE_SIZE + 1, offset: (pageNo - 1) * PAGE_SIZE });
	const shown = rows.slice(0, PAGE_SIZE);
	const users = [];
	for (const row of shown) {
		const user = await getUserWithRoles(db, row.id);
		if (!user) continue;
		users.push({
			id: user.id,
			givenName: user.givenName,
			familyName: user.familyName,
			email: user.email,
			roles: user.roles,
			status: user.status
		});
	}
	return { pageNo, hasNext: rows.length > PAGE_SIZE, users };
};
