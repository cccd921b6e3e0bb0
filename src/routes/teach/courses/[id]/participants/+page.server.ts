import { listCourseParticipants } from '$lib/server/authoring/index';
import { loadOr404, requireAuthor } from '$lib/server/kit/authoring';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;
const MAX_PAGE = 10_000;

/** Enrolled participants of a course the person trains, 25 a page, with progress and last access. */
export const load: PageServerLoad = async (event) => {
	const actor = requireAuthor(event);
	const requested = Number.parseInt(event.url.searchParams.get('page') ?? '1', 10);
	const pageNo = Number.isFinite(requested) ? Math.max(1, Math.min(MAX_PAGE, requested)) : 1;
	const result = await loadOr404(
		listCourseParticipants({ db: event.locals.services.db }, { actor, courseId: event.params.id, limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE })
	);
	return {
		pageNo,
		hasNext: pageNo * PAGE_SIZE < result.total,
		course: result.course,
		required: result.required,
		total: result.total,
		participants: result.participants.map((p) => ({
			id: p.userId,
			name: [p.givenName, p.familyName].filter(Boolean).join(' '),
			email: p.email,
			done: p.done,
			percent: Math.round(p.progress * 100),
			lastAccessAt: p.lastAccessAt?.toISOString() ?? null
		}))
	};
};
