import { licenceReport } from '$lib/server/authoring/index';
import { licences } from '$lib/server/courses/courses.tables';
import { requireCapability } from '$lib/server/kit/guards';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;
const MAX_PAGE = 10_000;

/** Admin report: materials per licence, and the materials themselves (optionally of one licence), 50 a page. */
export const load: PageServerLoad = async (event) => {
	const user = requireCapability(event, 'admin:access');
	const requested = Number.parseInt(event.url.searchParams.get('page') ?? '1', 10);
	const pageNo = Number.isFinite(requested) ? Math.max(1, Math.min(MAX_PAGE, requested)) : 1;
	const licence = licences.find((l) => l === event.url.searchParams.get('licence'));
	const report = await licenceReport({ db: event.locals.services.db }, { actor: { id: user.id, roles: user.roles }, licence, limit: PAGE_SIZE + 1, offset: (pageNo - 1) * PAGE_SIZE });
	return { licences, licence: licence ?? '', pageNo, hasNext: report.materials.length > PAGE_SIZE, counts: report.counts, materials: report.materials.slice(0, PAGE_SIZE) };
};
