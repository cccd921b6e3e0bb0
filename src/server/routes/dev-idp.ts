import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type Provider from 'oidc-provider';
import type { DemoAccount } from '../dev-idp/accounts';
import { checkPassword } from '../dev-idp/provider';
import { devIdpCsp, loginPage, logoutPage, messagePage } from '../dev-idp/pages';

export const DEV_IDP_PREFIX = '/dev-idp';

/**
 * Mounts the development OpenID Provider under /dev-idp. oidc-provider is a Koa app:
 * it gets the raw request with the prefix stripped (and `originalUrl` kept, from which
 * it derives its mount path) and parses its own bodies.
 */
export function devIdpRoutes(input: { provider: Provider; accounts: DemoAccount[] }): FastifyPluginAsync {
	const { provider, accounts } = input;
	const roleOf = (a: DemoAccount) => (a.roles.length ? a.roles.join(', ') : 'participant');
	const listed = accounts.map((a) => ({ username: a.username, role: roleOf(a) }));

	return async (app: FastifyInstance) => {
		// Login interaction pages: our own routes, with a urlencoded body parser.
		await app.register(async (scope) => {
			scope.removeAllContentTypeParsers();
			scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 10_000 }, (_req, body, done) => {
				done(null, Object.fromEntries(new URLSearchParams(body as string)));
			});
			scope.addHook('onSend', async (_req, reply) => {
				reply.header('content-security-policy', devIdpCsp);
				reply.header('cache-control', 'no-store');
			});

			scope.get<{ Params: { uid: string } }>(`${DEV_IDP_PREFIX}/interaction/:uid`, async (request, reply) => {
				try {
					const details = await provider.interactionDetails(request.raw, reply.raw);
					if (details.uid !== request.params.uid) throw new Error('interaction mismatch');
					return reply.type('text/html; charset=utf-8').send(loginPage({ uid: details.uid, actionPath: `${DEV_IDP_PREFIX}/interaction/${details.uid}`, accounts: listed }));
				} catch {
					return reply.code(400).type('text/html; charset=utf-8').send(messagePage('Sesja logowania wygasła', 'Rozpocznij logowanie ponownie na platformie. (The sign-in session expired: start again.)'));
				}
			});

			scope.post<{ Params: { uid: string }; Body: Record<string, string> }>(`${DEV_IDP_PREFIX}/interaction/:uid`, async (request, reply) => {
				const body = request.body ?? {};
				let details;
				try {
					details = await provider.interactionDetails(request.raw, reply.raw);
				} catch {
					return reply.code(400).type('text/html; charset=utf-8').send(messagePage('Sesja logowania wygasła', 'Rozpocznij logowanie ponownie na platformie. (The sign-in session expired: start again.)'));
				}
				const account = checkPassword(accounts, String(body.username ?? ''), String(body.password ?? ''));
				if (!account) {
					return reply
						.code(401)
						.type('text/html; charset=utf-8')
						.send(loginPage({ uid: details.uid, actionPath: `${DEV_IDP_PREFIX}/interaction/${details.uid}`, error: true, username: String(body.username ?? ''), accounts: listed }));
				}
				reply.hijack();
				await provider.interactionFinished(request.raw, reply.raw, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
			});
		});

		// Everything else under the prefix goes to oidc-provider untouched.
		await app.register(async (scope) => {
			scope.removeAllContentTypeParsers();
			scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
			const callback = provider.callback();
			const handler = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
				reply.hijack();
				const raw = request.raw as typeof request.raw & { originalUrl?: string };
				raw.originalUrl = raw.url;
				raw.url = raw.url!.slice(DEV_IDP_PREFIX.length) || '/';
				reply.raw.setHeader('cache-control', 'no-store');
				await callback(raw, reply.raw);
			};
			scope.all(`${DEV_IDP_PREFIX}/*`, handler);
			scope.all(DEV_IDP_PREFIX, handler);
		});
	};
}

/** Accessible, translated logout pages for oidc-provider's RP-initiated logout. */
export const devIdpLogoutFeature = {
	enabled: true,
	async logoutSource(ctx: { type: string; body: string; set(name: string, value: string): void }, form: string) {
		ctx.set('content-security-policy', devIdpCsp);
		ctx.type = 'html';
		ctx.body = logoutPage(form);
	},
	async postLogoutSuccessSource(ctx: { type: string; body: string; set(name: string, value: string): void }) {
		ctx.set('content-security-policy', devIdpCsp);
		ctx.type = 'html';
		ctx.body = messagePage('Wylogowano', 'Wylogowano z deweloperskiego dostawcy tożsamości. (Signed out of the development identity provider.)');
	}
};
