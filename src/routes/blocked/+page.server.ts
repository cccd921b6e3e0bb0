import { error, redirect } from '@sveltejs/kit';
import { dismissBlockNotice, SESSION_COOKIE } from '$lib/server/auth/index';
import type { Actions, PageServerLoad } from './$types';

/**
 * A blocked person's every request lands here (hooks.server.ts), as does a refused sign-in.
 * The page answers 403 and is rendered by +error.svelte beside it with the reason and
 * the contact; anyone else is sent to the home page.
 */
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.blockNotice) redirect(303, '/');
	error(403, { message: 'Account blocked', code: 'users.account_blocked' });
};

export const actions: Actions = {
	/** "Close": forgets the notice and the cookie; the browser is an anonymous visitor again. */
	close: async ({ cookies, locals }) => {
		await dismissBlockNotice(locals.services.auth, cookies.get(SESSION_COOKIE));
		cookies.delete(SESSION_COOKIE, { path: '/', secure: locals.services.config.secureCookies });
		redirect(303, '/');
	}
};
