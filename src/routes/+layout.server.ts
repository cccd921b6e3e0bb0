import type { LayoutServerLoad } from './$types';

/** What every page may show of the signed-in person: escaped by Svelte wherever rendered. */
export const load: LayoutServerLoad = ({ locals }) => ({
	locale: locals.locale,
	user: locals.user
		? {
				id: locals.user.id,
				givenName: locals.user.givenName,
				familyName: locals.user.familyName,
				email: locals.user.email,
				roles: locals.user.roles
			}
		: null,
	devOutbox: locals.services.config.oidc.devIdp && locals.services.mail.devOutbox
});
