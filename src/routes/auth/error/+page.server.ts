import { error } from '@sveltejs/kit';
import { hasMessage } from '$lib/i18n';
import type { PageServerLoad } from './$types';

const statusOf: Record<string, number> = {
	'auth.provider_unavailable': 503,
	'db.unavailable': 503,
	'users.account_blocked': 403,
	'auth.unexpected': 500,
	'auth.rate_limited': 429
};

/** Where the sign-in endpoints send the browser when they refuse: a translated message, no session. */
export const load: PageServerLoad = ({ url }) => {
	const raw = url.searchParams.get('code') ?? 'auth.unexpected';
	const code = hasMessage(`error.${raw}`) ? raw : 'auth.unexpected';
	error(statusOf[code] ?? 400, { message: code, code });
};
