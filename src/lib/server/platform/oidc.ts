import * as client from 'openid-client';
import * as jose from 'jose';
import { AppError } from '../errors';

export interface OidcSettings {
	issuer: string;
	clientId: string;
	clientSecret: string;
	scopes: string;
	redirectUri: string;
	postLogoutRedirectUri: string;
	timeoutSeconds: number;
}

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export const oidcUnavailable = (cause: unknown) =>
	new AppError('auth.provider_unavailable', 503, `identity provider unavailable: ${(cause as Error)?.message ?? cause}`);

/**
 * The relying party, on openid-client. Discovery is lazy (the built-in provider lives
 * in this very process and answers only once it listens) and retried after a failure.
 */
export function createOidcClient(settings: OidcSettings) {
	let configPromise: Promise<client.Configuration> | undefined;
	let jwks: ReturnType<typeof jose.createRemoteJWKSet> | undefined;

	async function configuration(): Promise<client.Configuration> {
		configPromise ??= (async () => {
			const issuerUrl = new URL(settings.issuer);
			const config = await client.discovery(
				issuerUrl,
				settings.clientId,
				{ client_secret: settings.clientSecret, id_token_signed_response_alg: 'RS256' },
				client.ClientSecretPost(settings.clientSecret),
				{
					timeout: settings.timeoutSeconds,
					execute: issuerUrl.protocol === 'http:' ? [client.allowInsecureRequests] : []
				}
			);
			// openid-client v6 does not check the ID token signature when it comes
			// straight from the token endpoint; we want it checked (ASVS 5.0 6.8.2).
			client.enableNonRepudiationChecks(config);
			return config;
		})();
		try {
			return await configPromise;
		} catch (error) {
			configPromise = undefined;
			throw oidcUnavailable(error);
		}
	}

	return {
		settings,
		configuration,

		async authorizationUrl(input: { state: string; nonce: string; codeVerifier: string }): Promise<URL> {
			const config = await configuration();
			return client.buildAuthorizationUrl(config, {
				redirect_uri: settings.redirectUri,
				scope: settings.scopes,
				code_challenge: await client.calculatePKCECodeChallenge(input.codeVerifier),
				code_challenge_method: 'S256',
				state: input.state,
				nonce: input.nonce
			});
		},

		/**
		 * Exchanges the code and validates the ID token (signature, iss, aud, exp, nonce)
		 * and state. `callbackUrl` must be built from the configured ORIGIN.
		 */
		async exchangeCode(input: { callbackUrl: URL; state: string; nonce: string; codeVerifier: string }) {
			const config = await configuration();
			const tokens = await client.authorizationCodeGrant(config, input.callbackUrl, {
				pkceCodeVerifier: input.codeVerifier,
				expectedState: input.state,
				expectedNonce: input.nonce,
				idTokenExpected: true
			});
			const claims = tokens.claims();
			if (!claims) throw new AppError('auth.id_token_missing', 400);
			let userinfo: Record<string, unknown> = {};
			if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
				try {
					userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
				} catch {
					// Userinfo is a convenience; the ID token claims suffice to sign in.
				}
			}
			return { claims: { ...userinfo, ...claims } as Record<string, unknown>, idToken: tokens.id_token! };
		},

		/** RP-initiated logout URL, or undefined when the provider does not support it. */
		async endSessionUrl(idTokenHint: string | null): Promise<URL | undefined> {
			let config: client.Configuration;
			try {
				config = await configuration();
			} catch {
				return undefined;
			}
			if (!config.serverMetadata().end_session_endpoint) return undefined;
			return client.buildEndSessionUrl(config, {
				post_logout_redirect_uri: settings.postLogoutRedirectUri,
				client_id: settings.clientId,
				...(idTokenHint ? { id_token_hint: idTokenHint } : {})
			});
		},

		/**
		 * Validates an OpenID Connect back-channel logout token ourselves: signature with
		 * the provider's keys, iss, aud, iat (and exp when present), the logout event,
		 * sub or sid, and no nonce. Throws `auth.logout_token_invalid` on any failure.
		 */
		async verifyLogoutToken(token: string, now: Date): Promise<{ sub?: string; sid?: string; iss: string }> {
			const config = await configuration();
			const metadata = config.serverMetadata();
			if (!metadata.jwks_uri) throw new AppError('auth.logout_token_invalid', 400, 'provider publishes no jwks_uri');
			jwks ??= jose.createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: settings.timeoutSeconds * 1000 });
			try {
				const { payload } = await jose.jwtVerify(token, jwks, {
					issuer: metadata.issuer,
					audience: settings.clientId,
					requiredClaims: ['iat', 'events'],
					currentDate: now,
					maxTokenAge: '5 minutes',
					clockTolerance: 30
				});
				const events = payload.events as Record<string, unknown> | undefined;
				if (!events || typeof events !== 'object' || typeof events[BACKCHANNEL_EVENT] !== 'object') {
					throw new Error('missing back-channel logout event');
				}
				if ('nonce' in payload) throw new Error('logout token must not carry a nonce');
				const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
				const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
				if (!sub && !sid) throw new Error('logout token names neither sub nor sid');
				return { sub, sid, iss: metadata.issuer };
			} catch (error) {
				throw new AppError('auth.logout_token_invalid', 400, (error as Error).message);
			}
		}
	};
}

export type OidcClient = ReturnType<typeof createOidcClient>;
