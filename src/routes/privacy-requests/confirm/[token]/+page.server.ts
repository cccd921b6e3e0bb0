import { fail } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/auth/index';
import { clientErrorCode } from '$lib/server/kit/domain-errors';
import { tokenParam } from '$lib/server/privacy/privacy.requests.schemas';
import { confirmLink, previewLink, requestDeps } from '$lib/server/privacy/privacy.requests.service';
import type { Actions, PageServerLoad } from './$types';

/** Why a link did not work, from a domain code (a POST) or the download's redirect (?result=). */
const refusals = { 'requests.link_used': 'used', 'requests.link_expired': 'expired', 'requests.account_gone': 'gone' } as const;
type Refusal = (typeof refusals)[keyof typeof refusals];
const isRefusal = (value: string | null): value is Refusal => value === 'used' || value === 'expired' || value === 'gone';

/**
 * The emailed link's target. GET only shows what would happen: mail scanners open links
 * before people do. The POST (a button press) performs it, once.
 */
export const load: PageServerLoad = async ({ params, locals, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	if (!tokenParam.safeParse(params.token).success) return { preview: { state: 'used' as const } };
	const preview = await previewLink(requestDeps(locals.services), params.token);
	const result = url.searchParams.get('result');
	if (preview.state === 'used' && isRefusal(result)) return { preview: { state: 'used' as const }, refusal: result };
	return {
		preview: preview.state === 'valid' ? { ...preview, expiresAt: preview.expiresAt.toISOString() } : preview,
		refusal: null
	};
};

export const actions: Actions = {
	default: async ({ params, locals, cookies }) => {
		if (!tokenParam.safeParse(params.token).success) return fail(410, { refusal: 'used' as Refusal });
		try {
			const result = await confirmLink(requestDeps(locals.services), params.token);
			if (result.outcome === 'deleted' && locals.user?.id === result.userId) {
				// The sessions are gone with the account; the browser forgets its cookie and the page shows no one signed in.
				cookies.delete(SESSION_COOKIE, { path: '/', secure: locals.services.config.secureCookies });
				locals.user = null;
			}
			return { outcome: result.outcome };
		} catch (cause) {
			const code = clientErrorCode(cause);
			if (code && code in refusals) return fail(410, { refusal: refusals[code as keyof typeof refusals] });
			throw cause;
		}
	}
};
