import { unreadCount } from '$lib/server/notifications';
import type { LayoutServerLoad } from './$types';

/** What every page may show of the signed-in person: escaped by Svelte wherever rendered. */
export const load: LayoutServerLoad = async ({ locals }) => ({
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
	devOutbox: locals.services.config.oidc.devIdp && locals.services.mail.devOutbox,
	/** The header's badge: one count query per signed-in page view. */
	unreadNotifications: locals.user ? await unreadCount(locals.services, locals.user.id) : 0
});
