import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as auth from '../../lib/server/auth/index';
import { isAppError } from '../../lib/server/errors';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../../lib/server/db/faults';
import type { Services } from '../../lib/server/services';
import { LOGIN_COOKIE, SESSION_COOKIE } from '../../lib/server/auth/index';
import { LOCALE_COOKIE } from '../../lib/i18n/index';
import { redactUrl } from '../../lib/server/platform/logger';
import { securityEvent } from '../../lib/server/platform/security-events';

export { LOGIN_COOKIE, SESSION_COOKIE };

/**
 * The OpenID Connect endpoints of the relying party. Errors never show a stack: the
 * browser is sent to /auth/error with a stable code, which SvelteKit renders translated.
 */
export function authRoutes(services: Services) {
	const { config, logger } = services;
	const secure = config.secureCookies;
	const errorRedirect = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
		const code = isDatabaseUnavailable(error) ? DATABASE_UNAVAILABLE : isAppError(error) ? error.code : 'auth.unexpected';
		if (!(isAppError(error) && error.status < 500)) logger.error({ err: error, code, reqId: request.id }, 'sign-in failed unexpectedly');
		securityEvent(logger, { event: 'auth.sign_in_failed', requestId: request.id, ip: request.ip, code, err: error });
		return reply.redirect(`/auth/error?code=${encodeURIComponent(code)}`, 303);
	};
	/** Fastify routes are outside SvelteKit's CSRF check: state-changing ones verify Origin themselves. */
	const sameOrigin = (request: FastifyRequest) => {
		const origin = request.headers.origin;
		if (origin) return origin === config.origin;
		const referer = request.headers.referer;
		return typeof referer === 'string' && referer.startsWith(`${config.origin}/`);
	};

	return async (app: FastifyInstance) => {
		await app.register(import('@fastify/rate-limit'), { global: false });
		// A browser that hits the limit gets the translated error page, not a JSON body.
		app.setErrorHandler((error, request, reply) => {
			if ((error as { statusCode?: number }).statusCode === 429 && request.method === 'GET') {
				logger.warn({ ip: request.ip, url: redactUrl(request.url) }, 'sign-in rate limit reached');
				return reply.redirect('/auth/error?code=auth.rate_limited', 303);
			}
			throw error;
		});
		app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 20_000 }, (_req, body, done) => {
			done(null, Object.fromEntries(new URLSearchParams(body as string)));
		});
		const rateLimit = { max: config.authRateLimitPerMinute, timeWindow: '1 minute' };

		app.get<{ Querystring: { returnTo?: string } }>('/auth/login', { config: { rateLimit } }, async (request, reply) => {
			try {
				const { transactionId, authorizationUrl } = await auth.startLogin(services.auth, { returnTo: request.query.returnTo });
				reply.setCookie(LOGIN_COOKIE, transactionId, {
					path: '/auth/callback',
					httpOnly: true,
					sameSite: 'lax',
					secure,
					maxAge: auth.LOGIN_TRANSACTION_TTL_MS / 1000
				});
				reply.header('cache-control', 'no-store');
				return reply.redirect(authorizationUrl.href, 302);
			} catch (error) {
				return errorRedirect(request, reply, error);
			}
		});

		app.get('/auth/callback', { config: { rateLimit } }, async (request, reply) => {
			const transactionId = request.cookies[LOGIN_COOKIE];
			reply.clearCookie(LOGIN_COOKIE, { path: '/auth/callback', httpOnly: true, sameSite: 'lax', secure });
			reply.header('cache-control', 'no-store');
			const query = new URL(request.url, config.origin).searchParams;
			try {
				const result = await auth.completeLogin(services.auth, { transactionId, query, ip: request.ip });
				// Rotate: whatever session this browser had before is ended.
				await auth.logout({ ...services.auth }, request.cookies[SESSION_COOKIE]).catch(() => undefined);
				reply.setCookie(SESSION_COOKIE, result.sessionToken, {
					path: '/',
					httpOnly: true,
					sameSite: 'lax',
					secure,
					maxAge: Math.floor(config.session.absoluteMs / 1000)
				});
				if (result.user.locale) reply.setCookie(LOCALE_COOKIE, result.user.locale, { path: '/', sameSite: 'lax', secure, maxAge: 31_536_000 });
				securityEvent(logger, { event: 'auth.signed_in', requestId: request.id, ip: request.ip, userId: result.user.id });
				return reply.redirect(result.returnTo, 303);
			} catch (error) {
				const noticeToken = isAppError(error) ? error.details?.noticeToken : undefined;
				if (typeof noticeToken === 'string') {
					// A blocked account: the browser gets the notice token in place of a session and
					// is shown the reason on the blocked page.
					securityEvent(logger, { event: 'auth.sign_in_blocked', requestId: request.id, ip: request.ip, code: 'users.account_blocked', userId: isAppError(error) ? (error.details?.userId as string | undefined) ?? null : null });
					reply.setCookie(SESSION_COOKIE, noticeToken, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 7 * 24 * 3600 });
					return reply.redirect('/blocked', 303);
				}
				return errorRedirect(request, reply, error);
			}
		});

		app.post('/auth/logout', { config: { rateLimit } }, async (request, reply) => {
			if (!sameOrigin(request)) {
				securityEvent(logger, { event: 'auth.forbidden', requestId: request.id, ip: request.ip, code: 'auth.cross_origin', path: '/auth/logout' });
				return reply.code(403).send({ error: 'auth.cross_origin', message: 'Cross-origin request refused' });
			}
			const { endSessionUrl, userId } = await auth.logout(services.auth, request.cookies[SESSION_COOKIE]);
			// With a provider's end-session endpoint the browser goes on to sign out there too (RP-initiated).
			securityEvent(logger, { event: 'auth.signed_out', requestId: request.id, ip: request.ip, userId: userId ?? null, kind: endSessionUrl ? 'rp_initiated' : 'local' });
			reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
			reply.header('cache-control', 'no-store');
			return reply.redirect(endSessionUrl?.href ?? '/', 303);
		});

		app.post<{ Body: { logout_token?: string } }>('/auth/backchannel-logout', { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (request, reply) => {
			reply.header('cache-control', 'no-store');
			const token = request.body?.logout_token;
			if (typeof token !== 'string' || token.length === 0 || token.length > 10_000) {
				return reply.code(400).send({ error: 'invalid_request', error_description: 'logout_token missing' });
			}
			try {
				const ended = await auth.backchannelLogout(services.auth, token);
				securityEvent(logger, { event: 'auth.signed_out', requestId: request.id, ip: request.ip, kind: 'backchannel', sessionsEnded: ended });
				return reply.code(200).send();
			} catch (error) {
				securityEvent(logger, { event: 'auth.logout_refused', requestId: request.id, ip: request.ip, kind: 'backchannel', code: isAppError(error) ? error.code : 'auth.logout_token_invalid', err: error });
				return reply.code(400).send({ error: 'invalid_request', error_description: isAppError(error) ? error.code : 'invalid logout token' });
			}
		});
	};
}
