import type { Handle, HandleServerError } from '@sveltejs/kit';
import { getRuntimeServices } from '$lib/server/runtime';
import { resolveSession, SESSION_COOKIE } from '$lib/server/auth/index';
import { LOCALE_COOKIE, negotiateLocale } from '$lib/i18n';
import { randomToken } from '$lib/server/platform/ids';

/** Authenticates once per request: the session cookie becomes `locals.user` (or null). */
export const handle: Handle = async ({ event, resolve }) => {
	const services = getRuntimeServices();
	event.locals.services = services;
	const resolved = await resolveSession(services.auth, event.cookies.get(SESSION_COOKIE));
	event.locals.user = resolved?.user ?? null;
	if (!resolved && event.cookies.get(SESSION_COOKIE)) {
		event.cookies.delete(SESSION_COOKIE, { path: '/', secure: services.config.secureCookies });
	}
	event.locals.locale = negotiateLocale({
		userLocale: resolved?.user.locale,
		cookie: event.cookies.get(LOCALE_COOKIE)
	});
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});
	if (event.locals.user) response.headers.set('cache-control', 'private, no-store');
	allowProviderAsFormTarget(response, services.config.oidc.issuer, services.config.origin);
	return response;
};

/**
 * The logout form posts to /auth/logout, which redirects to the provider's end-session
 * endpoint; browsers apply `form-action` to that redirect too. The provider's origin is
 * only known at run time, so it is added here to the policy SvelteKit built.
 */
function allowProviderAsFormTarget(response: Response, issuer: string, origin: string) {
	const providerOrigin = new URL(issuer).origin;
	const csp = response.headers.get('content-security-policy');
	if (!csp || providerOrigin === origin) return;
	response.headers.set('content-security-policy', csp.replace(/form-action 'self'/, `form-action 'self' ${providerOrigin}`));
}

/** Logs the details, shows the user only a message and an id to quote. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const errorId = randomToken(6);
	if (status >= 500) {
		try {
			getRuntimeServices().logger.error({ err: error, errorId, path: event.url.pathname }, 'page error');
		} catch {
			console.error(error);
		}
	}
	return { message: 'Internal error', errorId };
};
