import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import type { Services } from '../lib/server/services';
import { isAppError } from '../lib/server/errors';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../lib/server/db/faults';
import { securityHeaders } from './plugins/security';
import { healthRoutes } from './routes/health';
import { authRoutes } from './routes/auth';
import { devIdpRoutes, devIdpLogoutFeature, DEV_IDP_PREFIX } from './routes/dev-idp';
import { createDevProvider } from './dev-idp/provider';
import { loadAccounts } from './dev-idp/accounts';
import { loadSvelteKitHandler, sveltekitRoutes } from './sveltekit';

export interface BuildAppOptions {
	services: Services;
	/** `dev`: Vite middleware with hot reload; `build`: build/handler.js; `none`: no pages (Fastify-only tests). */
	pages: 'dev' | 'build' | 'none';
	/** Extra demo accounts for the development identity provider (tests). */
	devIdpAccountsFile?: string;
}

/**
 * The application factory: every plugin and route, no listen. Tested with inject();
 * main.ts listens. One request path for development and production.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
	const { services } = options;
	const { config, logger } = services;
	const app = Fastify({
		loggerInstance: logger as FastifyBaseLogger,
		trustProxy: config.trustProxy,
		requestTimeout: 30_000,
		connectionTimeout: 30_000,
		keepAliveTimeout: 5_000,
		return503OnClosing: true,
		bodyLimit: 1_048_576
	});

	app.setErrorHandler((error, request, reply) => {
		if (isDatabaseUnavailable(error)) {
			// One request fails, the process goes on (ARCHITECTURE.md, "Faults").
			request.log.warn({ err: error }, 'database unavailable');
			return reply.code(503).header('retry-after', '5').send({ error: DATABASE_UNAVAILABLE, message: 'The database is not answering; try again shortly', requestId: request.id });
		}
		if (isAppError(error) && error.status < 500) {
			return reply.code(error.status).send({ error: error.code, message: error.message });
		}
		const status = (error as { statusCode?: number }).statusCode;
		if (status && status >= 400 && status < 500) {
			return reply.code(status).send({ error: (error as { code?: string }).code ?? 'request.invalid', message: (error as Error).message });
		}
		request.log.error({ err: error }, 'unhandled error');
		return reply.code(500).send({ error: 'internal', message: 'Internal error', requestId: request.id });
	});

	// Fastify's own 404 logs the full URL (query values, link tokens); the request log already has it redacted.
	app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found', message: 'Not found' }));

	await app.register(securityHeaders, { https: config.secureCookies });
	await app.register(cookie);
	await app.register(healthRoutes(services.database));
	await app.register(authRoutes(services));

	if (config.oidc.devIdp) {
		if (config.env === 'production') {
			logger.warn('DEV_IDP_ENABLED=true: the development identity provider runs in production mode. Anyone can sign in as a demo account.');
		}
		logger.warn(
			{ issuer: config.oidc.issuer },
			'!!! DEVELOPMENT IDENTITY PROVIDER ACTIVE: demo accounts with known passwords can sign in. Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET for a real provider. !!!'
		);
		const accounts = loadAccounts(options.devIdpAccountsFile);
		const provider = createDevProvider({
			issuer: config.oidc.issuer,
			accounts,
			client: {
				clientId: config.oidc.clientId,
				clientSecret: config.oidc.clientSecret,
				redirectUris: [config.oidc.redirectUri],
				postLogoutRedirectUris: [config.oidc.postLogoutRedirectUri],
				backchannelLogoutUri: `${config.origin}/auth/backchannel-logout`
			},
			interactionPath: `${DEV_IDP_PREFIX}/interaction/:uid`,
			logoutFeature: devIdpLogoutFeature as never
		});
		await app.register(devIdpRoutes({ provider, accounts }));
	}

	if (options.pages !== 'none') {
		const handler = await loadSvelteKitHandler(app, { dev: options.pages === 'dev', origin: config.origin });
		await app.register(sveltekitRoutes(handler));
	}
	return app;
}
