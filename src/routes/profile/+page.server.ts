import { requireUser } from '$lib/server/kit/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return {
		profile: {
			givenName: user.givenName,
			familyName: user.familyName,
			email: user.email,
			pictureUrl: user.pictureUrl,
			managedFields: user.managedFields,
			roles: user.roles,
			locale: user.locale ?? event.locals.locale
		}
	};
};
