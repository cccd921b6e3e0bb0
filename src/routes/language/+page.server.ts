import { fail, redirect } from '@sveltejs/kit';
import { isLocale, LOCALE_COOKIE } from '$lib/i18n';
import { safeReturnTo } from '$lib/server/auth/index';
import { setLocale } from '$lib/server/users/users.service';
import type { Actions } from './$types';

/** Switches the interface language: remembered in a cookie, and on the account when signed in. */
export const actions: Actions = {
	set: async ({ request, cookies, locals }) => {
		const form = await request.formData();
		const locale = form.get('locale');
		if (!isLocale(locale)) return fail(400, { code: 'lang.invalid' });
		const { config, db } = locals.services;
		cookies.set(LOCALE_COOKIE, locale, { path: '/', httpOnly: false, sameSite: 'lax', secure: config.secureCookies, maxAge: 31_536_000 });
		if (locals.user) await setLocale({ db }, { userId: locals.user.id, locale });
		redirect(303, safeReturnTo(form.get('returnTo'), config.origin));
	}
};
