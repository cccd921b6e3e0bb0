import { requireCapability } from '$lib/server/kit/guards';
import { requestListQuery } from '$lib/server/privacy/privacy.requests.schemas';
import { listCases } from '$lib/server/privacy/privacy.requests.service';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const DAY_MS = 86_400_000;

/** Privacy requests as cases, 20 a page, by deadline; open ones unless a filter says otherwise. */
export const load: PageServerLoad = async (event) => {
	requireCapability(event, 'privacy:manage');
	const { db, clock } = event.locals.services;
	const query = requestListQuery.parse(Object.fromEntries(event.url.searchParams));
	const { rows, hasNext } = await listCases(db, query, PAGE_SIZE);
	const today = Math.floor(clock.now().getTime() / DAY_MS);
	return {
		query,
		hasNext,
		requests: rows.map((r) => ({
			id: r.id,
			kind: r.kind,
			status: r.status,
			source: r.source,
			requestedAt: r.requestedAt.toISOString(),
			dueAt: r.dueAt.toISOString(),
			open: r.closedAt === null,
			/** Whole days until the deadline (negative: overdue), by UTC calendar day. */
			daysLeft: Math.floor(r.dueAt.getTime() / DAY_MS) - today
		}))
	};
};
