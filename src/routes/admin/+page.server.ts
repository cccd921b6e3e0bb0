import { requireCapability } from '$lib/server/kit/guards';
import type { PageServerLoad } from './$types';

/** The administration area's index: links to each of its sections. */
export const load: PageServerLoad = (event) => {
	requireCapability(event, 'admin:access');
	return {};
};
