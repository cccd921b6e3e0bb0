import { redirect } from '@sveltejs/kit';
import { requireCapability } from '$lib/server/kit/guards';
import type { PageServerLoad } from './$types';

/** The administration area has one section so far: the list of users. */
export const load: PageServerLoad = (event) => {
	requireCapability(event, 'admin:access');
	redirect(303, '/admin/users');
};
