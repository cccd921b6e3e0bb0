import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type Configuration } from 'oidc-provider';
import type { DemoAccount } from './accounts';

export interface DevIdpOptions {
	issuer: string;
	accounts: DemoAccount[];
	client: {
		clientId: string;
		clientSecret: string;
		redirectUris: string[];
		postLogoutRedirectUris: string[];
		backchannelLogoutUri?: string;
	};
	/** Path of the login page; `:uid` is replaced by the interaction id. */
	interactionPath: string;
	/** Custom logout pages (rpInitiatedLogout feature settings). */
	logoutFeature?: NonNullable<Configuration['features']>['rpInitiatedLogout'];
	/** Extra provider configuration (tests tweak TTLs with it). */
	overrides?: Partial<Configuration>;
}

/** A signing key made at start: tokens of a previous run are not needed after a restart. */
export function generateSigningJwk() {
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	return { ...privateKey.export({ format: 'jwk' }), kid: `dev-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'RS256' };
}

/**
 * A real OpenID Provider (oidc-provider) with the demo accounts: authorization code
 * with PKCE S256 only, RP-initiated and back-channel logout, a `roles` claim.
 */
export function createDevProvider(options: DevIdpOptions): Provider {
	const byId = new Map(options.accounts.map((a) => [a.sub, a]));
	const backchannelUri = options.client.backchannelLogoutUri ? new URL(options.client.backchannelLogoutUri).href : undefined;
	const isBackchannelUri = (input: string | URL | Request) =>
		backchannelUri !== undefined && (typeof input === 'string' || input instanceof URL) && new URL(input).href === backchannelUri;
	const configuration: Configuration = {
		clients: [
			{
				client_id: options.client.clientId,
				client_secret: options.client.clientSecret,
				redirect_uris: options.client.redirectUris,
				post_logout_redirect_uris: options.client.postLogoutRedirectUris,
				grant_types: ['authorization_code'],
				response_types: ['code'],
				token_endpoint_auth_method: 'client_secret_post',
				...(options.client.backchannelLogoutUri
					? { backchannel_logout_uri: options.client.backchannelLogoutUri, backchannel_logout_session_required: true }
					: {})
			}
		],
		jwks: { keys: [generateSigningJwk() as never] },
		cookies: { keys: [randomBytes(32).toString('hex')] },
		pkce: { required: () => true },
		scopes: ['openid', 'profile', 'email', 'roles', 'offline_access'],
		claims: {
			// `roles` comes with every sign-in, like Keycloak's default "roles" client scope:
			// the platform asks only for OIDC_SCOPES (default "openid profile email").
			openid: ['sub', 'roles'],
			profile: ['given_name', 'family_name', 'name', 'picture', 'locale'],
			email: ['email', 'email_verified'],
			roles: ['roles']
		},
		// Put the profile claims in the ID token too, as Keycloak does by default.
		conformIdTokenClaims: false,
		features: {
			devInteractions: { enabled: false },
			backchannelLogout: { enabled: true },
			rpInitiatedLogout: options.logoutFeature ?? { enabled: true }
		},
		interactions: { url: (_ctx, interaction) => options.interactionPath.replace(':uid', interaction.uid) },
		// First-party client: consent is implied, so grant what was asked.
		async loadExistingGrant(ctx) {
			const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
			if (grantId) return ctx.oidc.provider.Grant.find(grantId);
			const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
			grant.addOIDCScope('openid profile email roles');
			await grant.save();
			return grant;
		},
		async findAccount(_ctx, id) {
			const account = byId.get(id);
			if (!account) return undefined;
			return {
				accountId: id,
				async claims() {
					return {
						sub: account.sub,
						given_name: account.given_name,
						family_name: account.family_name,
						name: `${account.given_name} ${account.family_name}`,
						email: account.email,
						email_verified: true,
						roles: account.roles,
						...(account.picture ? { picture: account.picture } : {}),
						...(account.locale ? { locale: account.locale } : {})
					};
				}
			};
		},
		ttl: { Session: 8 * 3600, Interaction: 600, Grant: 8 * 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
		// oidc-provider refuses outgoing requests to loopback and private addresses (an SSRF
		// guard), which would silently drop the back-channel logout to a platform on
		// localhost. Its one outgoing request here is that POST to our own client: let
		// exactly that URL through, keep the guard for anything else.
		fetch: (input, init) => globalThis.fetch(input, isBackchannelUri(input) ? ({ ...init, dispatcher: undefined } as RequestInit) : init),
		...options.overrides
	};
	return new Provider(options.issuer, configuration);
}

export function checkPassword(accounts: DemoAccount[], username: string, password: string): DemoAccount | undefined {
	return accounts.find((a) => a.username === username && a.password === password);
}
