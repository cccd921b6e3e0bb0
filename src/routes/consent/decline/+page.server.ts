import { safeReturnTo } from '$lib/server/auth/auth.schemas';
import { requireUser } from '$lib/server/kit/guards';
import type { PageServerLoad } from './$types';

/** What declining means, and the ways out: sign out, take one's data or ask for deletion, write to us. */
export const load: PageServerLoad = (event) => {
	requireUser(event);
	return { returnTo: safeReturnTo(event.url.searchParams.get('returnTo'), event.locals.services.config.origin) };
};
