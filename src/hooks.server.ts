import { error, redirect, type Handle, type HandleServerError, type RequestEvent } from '@sveltejs/kit';
import { getRuntimeServices } from '$lib/server/runtime';
import { findBlockNotice, resolveSession, SESSION_COOKIE } from '$lib/server/auth/index';
import { pendingDocuments } from '$lib/server/legal/legal.service';
import { clientIp, requestId } from '$lib/server/platform/client-ip';
import { securityEvent } from '$lib/server/platform/security-events';
import { redactUrl } from '$lib/server/platform/logger';
import { LOCALE_COOKIE, negotiateLocale, translate } from '$lib/i18n';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '$lib/server/db/faults';
import { randomToken } from '$lib/server/platform/ids';

/** Paths a blocked person may still open: the blocked page itself, the public documents and the contact form. */
const OPEN_WHEN_BLOCKED = ['/blocked', '/terms', '/privacy', '/contact', '/language'];
/**
 * Paths a signed-in person may open before accepting the current terms and privacy
 * policy: the acceptance page, the documents, and the ways to take their data or leave.
 */
const OPEN_BEFORE_CONSENT = ['/consent', '/terms', '/privacy', '/contact', '/language', '/my-data', '/privacy-requests', '/blocked'];

const under = (path: string, prefixes: string[]) => prefixes.some((p) => path === p || path.startsWith(`${p}/`));

/**
 * Thrown, not returned: SvelteKit then answers a client-side navigation (`__data.json`) or
 * an enhanced form post with the JSON form of the redirect, and a document request with a 303.
 */
function seeOther(location: string): never {
	redirect(303, location);
}

/**
 * Authenticates once per request: the session cookie becomes `locals.user` (or null).
 * A cookie left by a block leads to the blocked page; a signed-in person who has not
 * accepted the current terms and privacy policy is asked to first.
 */
export const handle: Handle = async (input) => {
	try {
		const response = await authenticateAndResolve(input);
		return input.event.locals.databaseUnavailable && response.status === 500 ? asUnavailable(response) : response;
	} catch (cause) {
		if (!isDatabaseUnavailable(cause)) throw cause;
		// The session or consent lookup found the database unreachable: no page can be built.
		getRuntimeServices().logger.warn({ err: cause, path: redactUrl(input.event.url.pathname) }, 'database unavailable');
		error(503, { message: unavailableMessage(input.event), code: DATABASE_UNAVAILABLE });
	}
};

const authenticateAndResolve: Handle = async ({ event, resolve }) => {
	const services = getRuntimeServices();
	const refused = refuseCrossSiteForm(event.request, services.config.origin);
	if (refused) {
		securityEvent(services.logger, { ...who(event), event: 'auth.forbidden', code: 'request.cross_site_form', path: redactUrl(event.url.pathname) });
		return refused;
	}
	event.locals.services = services;
	event.locals.blockNotice = null;
	const token = event.cookies.get(SESSION_COOKIE);
	const resolved = await resolveSession(services.auth, token, { ip: clientIp(event.request) });
	event.locals.user = resolved?.user ?? null;
	const path = event.url.pathname;
	if (!resolved && token) {
		const notice = await findBlockNotice(services.auth, token);
		if (notice) {
			event.locals.blockNotice = notice;
			if (!under(path, OPEN_WHEN_BLOCKED)) {
				securityEvent(services.logger, { ...who(event), event: 'auth.blocked_refused', userId: notice.userId, path: redactUrl(path) });
				seeOther('/blocked');
			}
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/', secure: services.config.secureCookies });
		}
	}
	if (resolved && !under(path, OPEN_BEFORE_CONSENT)) {
		const pending = await pendingDocuments(services.db, resolved.user.id);
		if (pending.length > 0) {
			const returnTo = event.request.method === 'GET' ? `${path}${event.url.search}` : '/';
			seeOther(`/consent?returnTo=${encodeURIComponent(returnTo)}`);
		}
	}
	event.locals.locale = negotiateLocale({
		userLocale: resolved?.user.locale,
		cookie: event.cookies.get(LOCALE_COOKIE)
	});
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});
	if (event.locals.user || event.locals.blockNotice) response.headers.set('cache-control', 'private, no-store');
	allowProviderAsFormTarget(response, services.config.oidc.issuer, services.config.origin);
	return response;
};

/** The request id and client address Fastify passed on, for security events. */
const who = (event: RequestEvent) => ({ requestId: requestId(event.request), ip: clientIp(event.request) });

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

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * SvelteKit refuses cross-site form posts in the built app but not under Vite (it turned
 * the check off in development). The same check here keeps both modes on one request
 * path; in production SvelteKit has already applied it before this hook runs.
 */
function refuseCrossSiteForm(request: Request, origin: string): Response | null {
	if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method)) return null;
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
	if (!FORM_TYPES.includes(type) || request.headers.get('origin') === origin) return null;
	const message = 'Cross-site POST form submissions are forbidden';
	return request.headers.get('accept')?.includes('application/json')
		? Response.json({ message }, { status: 403 })
		: new Response(message, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * A database that cannot be reached costs the request, not the process: 503 with a
 * translated "try again shortly" (the error page shows it by its code) and Retry-After.
 */
function asUnavailable(response: Response): Response {
	const headers = new Headers(response.headers);
	headers.set('retry-after', '5');
	return new Response(response.body, { status: 503, headers });
}

function unavailableMessage(event: RequestEvent): string {
	return translate(event.locals.locale ?? negotiateLocale({ cookie: event.cookies.get(LOCALE_COOKIE) }), 'error.db.unavailable');
}

/** Logs the details, shows the user only a message and an id to quote. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const errorId = randomToken(6);
	if (isDatabaseUnavailable(error)) {
		event.locals.databaseUnavailable = true;
		try {
			getRuntimeServices().logger.warn({ err: error, errorId, path: redactUrl(event.url.pathname) }, 'database unavailable');
		} catch {
			console.error(error);
		}
		return { message: unavailableMessage(event), code: DATABASE_UNAVAILABLE, errorId };
	}
	if (status >= 500) {
		try {
			getRuntimeServices().logger.error({ err: error, errorId, path: redactUrl(event.url.pathname) }, 'page error');
		} catch {
			console.error(error);
		}
	}
	return { message: 'Internal error', errorId };
};
