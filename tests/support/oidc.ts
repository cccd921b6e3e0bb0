/**
 * Harness for the OpenID Connect integration tests: the real application listening on
 * a loopback port, real oidc-provider instances (the built-in development provider or
 * a separate one the test controls), and a tiny browser made of node:http and a
 * cookie jar. Nothing of the protocol is mocked: the only tampering is a layer behind
 * a separate provider's token endpoint that re-signs the genuine ID token with exactly
 * one defect.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import * as jose from 'jose';
import type Provider from 'oidc-provider';
import { expect } from 'vitest';
import { buildApp } from '../../src/server/app';
import { devIdpLogoutFeature, devIdpRoutes, DEV_IDP_PREFIX } from '../../src/server/routes/dev-idp';
import { createDevProvider, generateSigningJwk } from '../../src/server/dev-idp/provider';
import { demoAccounts, type DemoAccount } from '../../src/server/dev-idp/accounts';
import type { Services } from '../../src/lib/server/services';
import type { Clock } from '../../src/lib/server/platform/clock';
import { hashToken } from '../../src/lib/server/platform/ids';
import { createLogger } from '../../src/lib/server/platform/logger';
import { loginTransactions, sessions } from '../../src/lib/server/auth/auth.tables';
import { users } from '../../src/lib/server/users/users.tables';
import { createTestDatabase, type Driver } from './db';
import { createTestServices } from './services';
import { freePort } from './net';

export { testDrivers } from './db';
export { freePort };
export { fixedClock } from './services';

export const SESSION_COOKIE = 'wzp_session';
export const LOGIN_COOKIE = 'wzp_login';

// ---------------------------------------------------------------------------
// The browser: manual redirects, one cookie jar per instance.
// ---------------------------------------------------------------------------

export interface Cookie {
	name: string;
	value: string;
	/** host:port the cookie came from (host-only cookies; ports kept apart for clarity). */
	host: string;
	path: string;
	secure: boolean;
	httpOnly: boolean;
	sameSite?: string;
	expiresAt?: number;
}

export interface BrowserResponse {
	url: URL;
	status: number;
	headers: http.IncomingHttpHeaders;
	/** Absolute URL of the Location header, when there is one. */
	location?: URL;
	setCookie: string[];
	body: string;
}

export interface RequestInit {
	method?: string;
	headers?: Record<string, string>;
	/** Sent as application/x-www-form-urlencoded. */
	form?: Record<string, string>;
}

/** Parses one Set-Cookie header value. */
export function parseSetCookie(header: string, from: URL): Cookie & { maxAge?: number; expired: boolean } {
	const [pair, ...attributes] = header.split(';').map((s) => s.trim());
	const eq = pair.indexOf('=');
	const cookie: Cookie & { maxAge?: number; expired: boolean } = {
		name: pair.slice(0, eq),
		value: pair.slice(eq + 1),
		host: from.host,
		path: '/',
		secure: false,
		httpOnly: false,
		expired: false
	};
	for (const attribute of attributes) {
		const [rawKey, ...rest] = attribute.split('=');
		const key = rawKey.toLowerCase();
		const value = rest.join('=');
		if (key === 'path') cookie.path = value || '/';
		else if (key === 'secure') cookie.secure = true;
		else if (key === 'httponly') cookie.httpOnly = true;
		else if (key === 'samesite') cookie.sameSite = value.toLowerCase();
		else if (key === 'max-age') cookie.maxAge = Number(value);
		else if (key === 'expires') cookie.expiresAt = Date.parse(value);
	}
	if (cookie.maxAge !== undefined) cookie.expiresAt = Date.now() + cookie.maxAge * 1000;
	cookie.expired = cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now();
	return cookie;
}

/**
 * A minimal browser: follows redirects by hand, keeps cookies per host and path, and
 * never sends Secure cookies over http. Origins listed in `inject` are served by
 * Fastify's inject() instead of the network (used for an https ORIGIN in tests).
 */
export class Browser {
	cookies: Cookie[] = [];

	constructor(private readonly inject: Record<string, FastifyInstance> = {}) {}

	cookie(origin: string, name: string): string | undefined {
		const host = new URL(origin).host;
		return this.cookies.find((c) => c.host === host && c.name === name)?.value;
	}

	private store(url: URL, headers: string[]) {
		for (const header of headers) {
			const parsed = parseSetCookie(header, url);
			this.cookies = this.cookies.filter((c) => !(c.host === parsed.host && c.name === parsed.name && c.path === parsed.path));
			if (!parsed.expired) {
				const { maxAge: _m, expired: _e, ...cookie } = parsed;
				this.cookies.push(cookie);
			}
		}
	}

	private cookieHeader(url: URL): string {
		const now = Date.now();
		return this.cookies
			.filter((c) => c.host === url.host && (c.expiresAt === undefined || c.expiresAt > now))
			.filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
			.filter((c) => !c.secure || url.protocol === 'https:')
			.sort((a, b) => b.path.length - a.path.length)
			.map((c) => `${c.name}=${c.value}`)
			.join('; ');
	}

	async request(target: string | URL, init: RequestInit = {}): Promise<BrowserResponse> {
		const url = new URL(target);
		const method = init.method ?? (init.form ? 'POST' : 'GET');
		const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
		const headers: Record<string, string> = { ...init.headers };
		const cookie = this.cookieHeader(url);
		if (cookie) headers.cookie = cookie;
		if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
		let response: Omit<BrowserResponse, 'location' | 'setCookie'>;
		const injected = this.inject[url.origin];
		if (injected) {
			const res = await injected.inject({ method: method as 'GET', url: `${url.pathname}${url.search}`, headers: { host: url.host, ...headers }, payload: body });
			response = { url, status: res.statusCode, headers: res.headers as http.IncomingHttpHeaders, body: res.body };
		} else {
			response = await rawRequest(url, method, headers, body);
		}
		const rawSetCookie = response.headers['set-cookie'];
		const setCookie = rawSetCookie === undefined ? [] : Array.isArray(rawSetCookie) ? rawSetCookie : [String(rawSetCookie)];
		this.store(url, setCookie);
		const locationHeader = response.headers.location;
		return { ...response, setCookie, location: typeof locationHeader === 'string' ? new URL(locationHeader, url) : undefined };
	}

	/**
	 * Requests `target` and follows redirects (as a browser: GET after a redirect) until
	 * a response is not a redirect, or until the next URL satisfies `stopBefore`
	 * (which is then returned unrequested).
	 */
	async navigate(target: string | URL, init: RequestInit & { stopBefore?: (url: URL) => boolean } = {}) {
		const hops: BrowserResponse[] = [];
		let url = new URL(target);
		let next: RequestInit = init;
		for (let i = 0; i < 20; i++) {
			if (init.stopBefore?.(url)) return { hops, stoppedAt: url };
			const response = await this.request(url, next);
			hops.push(response);
			if (response.status < 300 || response.status >= 400 || !response.location) return { hops, final: response };
			url = response.location;
			next = {};
		}
		throw new Error(`too many redirects from ${target}`);
	}
}

function rawRequest(url: URL, method: string, headers: Record<string, string>, body?: string) {
	return new Promise<Omit<BrowserResponse, 'location' | 'setCookie'>>((resolve, reject) => {
		const req = http.request(url, { method, headers: { ...headers, connection: 'close' }, agent: false, timeout: 15_000 }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ url, status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error(`request to ${url.href} timed out`)));
		req.on('error', reject);
		req.end(body);
	});
}

// ---------------------------------------------------------------------------
// The application under test.
// ---------------------------------------------------------------------------

export interface LogLine {
	level: number;
	msg?: string;
	code?: string;
	err?: { message?: string; code?: string; type?: string };
	[key: string]: unknown;
}

export interface TestApp {
	app: FastifyInstance;
	services: Services;
	origin: string;
	port: number;
	/** Warnings and errors the application logged (refusal reasons are asserted on them). */
	logs: LogLine[];
	close(): Promise<void>;
}

export interface StartAppOptions {
	driver: Driver;
	/** Environment on top of PORT/ORIGIN. */
	env?: Record<string, string>;
	clock?: Clock;
	devIdpAccountsFile?: string;
	port?: number;
	/** Defaults to http://127.0.0.1:<port>. */
	origin?: string;
	/** Listen on 127.0.0.1:<port> (default); false for inject-only apps. */
	listen?: boolean;
	/** What the captured log keeps (default warn). */
	logLevel?: string;
}

/** A fresh database, services configured from `env`, and the app listening on loopback. */
export async function startApp(options: StartAppOptions): Promise<TestApp> {
	const port = options.port ?? (await freePort());
	const origin = options.origin ?? `http://127.0.0.1:${port}`;
	const database = await createTestDatabase(options.driver);
	const logs: LogLine[] = [];
	let app: FastifyInstance | undefined;
	try {
		const services = createTestServices({ database, env: { PORT: String(port), ORIGIN: origin, ...options.env }, clock: options.clock });
		// The application's own logger configuration (serializers, redaction), captured.
		services.logger = createLogger(options.logLevel ?? 'warn', { write: (line: string) => void logs.push(JSON.parse(line)) });
		app = await buildApp({ services, pages: 'none', devIdpAccountsFile: options.devIdpAccountsFile });
		if (options.listen !== false) await app.listen({ port, host: '127.0.0.1' });
		const built = app;
		return {
			app: built,
			services,
			origin,
			port,
			logs,
			async close() {
				await built.close();
				await database.close();
			}
		};
	} catch (error) {
		await app?.close().catch(() => undefined);
		await database.close();
		throw error;
	}
}

/** Writes demo accounts to a temporary JSON file for buildApp's devIdpAccountsFile. */
export function writeAccountsFile(accounts: DemoAccount[]): { file: string; remove(): void } {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wzp-accounts-'));
	const file = path.join(dir, 'accounts.json');
	fs.writeFileSync(file, JSON.stringify(accounts));
	return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------
// A separate, real OpenID Provider with a tampering layer behind /token.
// ---------------------------------------------------------------------------

export interface IdToken {
	header: jose.ProtectedHeaderParameters;
	claims: jose.JWTPayload;
}

/**
 * Changes a genuine ID token. Return the claims (and header) to sign; `key` signs
 * with another key than the provider's (the "bad signature" case).
 */
export type IdTokenTamper = (token: IdToken) => { claims?: jose.JWTPayload; header?: jose.JWTHeaderParameters; key?: jose.JWK } | void;

export interface TestProvider {
	issuer: string;
	port: number;
	provider: Provider;
	/** The demo accounts, by reference: change a field and the next ID token says so. */
	accounts: DemoAccount[];
	clientId: string;
	clientSecret: string;
	/** The provider's private signing key (RS256). */
	signingJwk: jose.JWK;
	/** Applied to every ID token the token endpoint returns while set. */
	tamper?: IdTokenTamper;
	/** How many ID tokens went through the tampering layer. */
	tampered: number;
	/** Environment pointing the application at this provider. */
	env: Record<string, string>;
	/** Signs claims as this provider would (or with `key`). */
	sign(claims: jose.JWTPayload, options?: { key?: jose.JWK; header?: Partial<jose.JWTHeaderParameters> }): Promise<string>;
	close(): Promise<void>;
}

export function cloneDemoAccounts(): DemoAccount[] {
	return demoAccounts.map((a) => ({ ...a, roles: [...a.roles] }));
}

/**
 * Starts oidc-provider (the same configuration as the built-in development provider)
 * on its own port, mounted with the application's own interaction routes, for a
 * relying party at `appOrigin`. A harness-only route declines the sign-in:
 * POST /dev-idp/interaction/:uid/abort ends the interaction with access_denied.
 */
export async function startProvider(options: { appOrigin: string; accounts?: DemoAccount[]; tamper?: IdTokenTamper }): Promise<TestProvider> {
	const port = await freePort();
	const issuer = `http://127.0.0.1:${port}${DEV_IDP_PREFIX}`;
	const accounts = options.accounts ?? cloneDemoAccounts();
	const signingJwk = generateSigningJwk() as jose.JWK;
	const clientId = 'platform-test';
	const clientSecret = 'test-client-secret-0123456789abcdef';
	const provider = createDevProvider({
		issuer,
		accounts,
		client: {
			clientId,
			clientSecret,
			redirectUris: [`${options.appOrigin}/auth/callback`],
			postLogoutRedirectUris: [`${options.appOrigin}/`],
			backchannelLogoutUri: `${options.appOrigin}/auth/backchannel-logout`
		},
		interactionPath: `${DEV_IDP_PREFIX}/interaction/:uid`,
		logoutFeature: devIdpLogoutFeature as never,
		overrides: { jwks: { keys: [signingJwk as never] } }
	});

	const sign: TestProvider['sign'] = async (claims, signOptions = {}) => {
		const jwk = signOptions.key ?? signingJwk;
		const key = await jose.importJWK(jwk, 'RS256');
		return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: signingJwk.kid, ...signOptions.header }).sign(key);
	};

	const harness: TestProvider = {
		issuer,
		port,
		provider,
		accounts,
		clientId,
		clientSecret,
		signingJwk,
		tamper: options.tamper,
		tampered: 0,
		env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, OIDC_ROLES_CLAIM: 'roles' },
		sign,
		close: async () => undefined
	};

	// The tampering layer: runs around oidc-provider's own token endpoint, takes the
	// genuine response and re-signs its ID token with the requested change.
	provider.use(async (ctx, next) => {
		await next();
		const body = ctx.body as { id_token?: unknown } | undefined;
		if (ctx.path !== '/token' || ctx.status !== 200 || !harness.tamper || typeof body?.id_token !== 'string') return;
		const original: IdToken = { header: jose.decodeProtectedHeader(body.id_token), claims: jose.decodeJwt(body.id_token) };
		const change = harness.tamper(structuredClone(original)) ?? {};
		const claims = change.claims ?? original.claims;
		const header = { ...(change.header ?? original.header), alg: 'RS256' } as jose.JWTHeaderParameters;
		const key = await jose.importJWK(change.key ?? signingJwk, 'RS256');
		harness.tampered += 1;
		ctx.body = { ...body, id_token: await new jose.SignJWT(claims).setProtectedHeader(header).sign(key) };
	});

	const server = Fastify({ logger: false });
	server.post<{ Params: { uid: string } }>(`${DEV_IDP_PREFIX}/interaction/:uid/abort`, async (request, reply) => {
		reply.hijack();
		await provider.interactionFinished(
			request.raw,
			reply.raw,
			{ error: 'access_denied', error_description: 'the person declined the sign-in' },
			{ mergeWithLastSubmission: false }
		);
	});
	await server.register(devIdpRoutes({ provider, accounts }));
	await server.listen({ port, host: '127.0.0.1' });
	harness.close = async () => {
		await server.close();
	};
	return harness;
}

// ---------------------------------------------------------------------------
// Sign-in journeys.
// ---------------------------------------------------------------------------

export interface SignInOptions {
	username: string;
	password?: string;
	returnTo?: string;
	/** Extra headers on the request to /auth/login. */
	loginHeaders?: Record<string, string>;
	/** false: stop before the browser reaches /auth/callback (the URL is returned). */
	deliver?: boolean;
	/** Decline at the provider instead of signing in (separate provider only). */
	decline?: boolean;
}

export interface SignInResult {
	login: BrowserResponse;
	authorizationUrl: URL;
	callbackUrl: URL;
	callback?: BrowserResponse;
	/** The session cookie the callback set, if any. */
	sessionToken?: string;
}

const isCallback = (origin: string) => (url: URL) => url.origin === origin && url.pathname === '/auth/callback';

/**
 * /auth/login → provider → login form (skipped when the provider already has a
 * session) → back to /auth/callback, which is requested unless `deliver` is false.
 */
export async function signIn(browser: Browser, app: Pick<TestApp, 'origin'>, options: SignInOptions): Promise<SignInResult> {
	const loginUrl = new URL('/auth/login', app.origin);
	if (options.returnTo !== undefined) loginUrl.searchParams.set('returnTo', options.returnTo);
	const login = await browser.request(loginUrl, { headers: options.loginHeaders });
	if (login.status !== 302 || !login.location) throw new Error(`/auth/login answered ${login.status} ${login.location ?? ''} ${login.body}`);
	const authorizationUrl = login.location;
	const stopBefore = isCallback(app.origin);
	let step = await browser.navigate(authorizationUrl, { stopBefore });
	if (!step.stoppedAt) {
		const page = step.final!;
		if (page.status !== 200 || !page.url.pathname.includes('/interaction/')) {
			throw new Error(`provider did not show a login form: ${page.status} ${page.url.href} ${page.body.slice(0, 300)}`);
		}
		const action = new URL(page.url.pathname, page.url);
		step = options.decline
			? await browser.navigate(new URL(`${action.pathname}/abort`, action), { method: 'POST', stopBefore })
			: await browser.navigate(action, { form: { username: options.username, password: options.password ?? 'demo' }, stopBefore });
		if (!step.stoppedAt) throw new Error(`provider did not return to the callback: ${step.final!.status} ${step.final!.url.href} ${step.final!.body.slice(0, 300)}`);
	}
	const callbackUrl = step.stoppedAt;
	if (options.deliver === false) return { login, authorizationUrl, callbackUrl };
	const callback = await browser.request(callbackUrl);
	return { login, authorizationUrl, callbackUrl, callback, sessionToken: callback.setCookie.length ? browser.cookie(app.origin, SESSION_COOKIE) : undefined };
}

/** Asserts a redirect to the sign-in error page with `code` and no session cookie set. */
export function expectSignInRefused(response: BrowserResponse | undefined, code: string) {
	expect(response?.status).toBe(303);
	expect(response?.location?.pathname).toBe('/auth/error');
	expect(response?.location?.searchParams.get('code')).toBe(code);
	expect(response?.setCookie.filter((c) => c.startsWith(`${SESSION_COOKIE}=`) && !/max-age=0|expires=thu, 01 jan 1970/i.test(c))).toEqual([]);
}

// ---------------------------------------------------------------------------
// Database look-ups.
// ---------------------------------------------------------------------------

export async function allSessions(app: TestApp) {
	return app.services.db.select().from(sessions);
}

export async function sessionOf(app: TestApp, token: string | undefined) {
	if (!token) return undefined;
	const rows = await app.services.db.select().from(sessions).where(eq(sessions.idHash, hashToken(token)));
	return rows[0];
}

export async function allLoginTransactions(app: TestApp) {
	return app.services.db.select().from(loginTransactions);
}

export async function usersOf(app: TestApp, subject?: string) {
	const issuer = app.services.config.oidc.issuer;
	return app.services.db
		.select()
		.from(users)
		.where(subject ? and(eq(users.issuer, issuer), eq(users.subject, subject)) : eq(users.issuer, issuer));
}

/** The refusal the application logged for the last refused sign-in. */
export function lastRefusal(app: TestApp): LogLine | undefined {
	return [...app.logs].reverse().find((l) => l.msg === 'auth.sign_in_failed');
}

// ---------------------------------------------------------------------------
// One relying party + one separate provider, for the conformance spec files.
// ---------------------------------------------------------------------------

export interface Scenario {
	app: TestApp;
	provider: TestProvider;
	close(): Promise<void>;
}

/** The application pointed at a separate, real provider it does not host. */
export async function startScenario(options: { driver: Driver; env?: Record<string, string>; clock?: Clock; accounts?: DemoAccount[] }): Promise<Scenario> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const provider = await startProvider({ appOrigin: origin, accounts: options.accounts });
	let app: TestApp;
	try {
		app = await startApp({ driver: options.driver, port, origin, clock: options.clock, env: { ...provider.env, ...options.env } });
	} catch (error) {
		await provider.close();
		throw error;
	}
	return {
		app,
		provider,
		async close() {
			await app.close();
			await provider.close();
		}
	};
}

// ---------------------------------------------------------------------------
// Assertions shared by the conformance spec files.
// ---------------------------------------------------------------------------

/**
 * A full sign-in whose ID token goes through `tamper` is refused: redirect to
 * /auth/error?code=auth.callback_rejected, the logged reason matches `reason`, and
 * neither a session nor an account is created.
 */
export async function expectTamperedSignInRefused(scenario: Scenario, tamper: IdTokenTamper, reason: RegExp) {
	const { app, provider } = scenario;
	const sessionsBefore = (await allSessions(app)).length;
	const usersBefore = (await usersOf(app)).length;
	const tamperedBefore = provider.tampered;
	provider.tamper = tamper;
	try {
		const result = await signIn(new Browser(), app, { username: 'uczestnik', returnTo: '/profile' });
		expect(provider.tampered, 'the tampered ID token was served').toBe(tamperedBefore + 1);
		expectSignInRefused(result.callback, 'auth.callback_rejected');
		expect(lastRefusal(app)?.err?.message).toMatch(reason);
		expect(await allSessions(app)).toHaveLength(sessionsBefore);
		expect(await usersOf(app)).toHaveLength(usersBefore);
	} finally {
		provider.tamper = undefined;
	}
}

/**
 * Control for the tampering layer: an ID token it re-signs with the provider's key and
 * no change is accepted, so a refusal can only come from the one defect a test adds.
 */
export async function expectResignedSignInAccepted(scenario: Scenario) {
	const { app, provider } = scenario;
	const tamperedBefore = provider.tampered;
	provider.tamper = () => undefined;
	try {
		const result = await signIn(new Browser(), app, { username: 'trener', returnTo: '/profile' });
		expect(provider.tampered).toBe(tamperedBefore + 1);
		expect(result.callback?.status).toBe(303);
		expect(result.callback?.headers.location).toBe('/profile');
		expect(await sessionOf(app, result.sessionToken)).toBeDefined();
	} finally {
		provider.tamper = undefined;
	}
}

// ---------------------------------------------------------------------------
// Provider-side sign-out.
// ---------------------------------------------------------------------------

export const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * Opens the provider's end-session page (RP-initiated logout) and confirms "sign out
 * of the provider too". oidc-provider then POSTs a logout token to every client of
 * that provider session with a back-channel logout URI, before answering.
 */
export async function confirmProviderLogout(browser: Browser, endSessionUrl: URL, options: { stopBefore?: (url: URL) => boolean } = {}) {
	const page = await browser.navigate(endSessionUrl);
	const body = page.final?.body ?? '';
	const xsrf = /name="xsrf" value="([^"]+)"/.exec(body)?.[1];
	const action = /<form[^>]*action="([^"]+)"/.exec(body)?.[1];
	if (page.final?.status !== 200 || !xsrf || !action) {
		throw new Error(`no logout confirmation form at ${endSessionUrl.href}: ${page.final?.status} ${body.slice(0, 300)}`);
	}
	return browser.navigate(new URL(action, page.final.url), { form: { xsrf, logout: 'yes' }, stopBefore: options.stopBefore });
}

/** The provider's end_session_endpoint as the application discovered it. */
export async function endSessionEndpoint(app: TestApp): Promise<URL> {
	const endpoint = (await app.services.oidc.configuration()).serverMetadata().end_session_endpoint;
	if (!endpoint) throw new Error('the provider has no end_session_endpoint');
	return new URL(endpoint);
}
