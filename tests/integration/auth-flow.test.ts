import { createHash } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../../src/server/dev-idp/accounts';
import { findBlockNotice, LOGIN_TRANSACTION_TTL_MS, resolveSession } from '../../src/lib/server/auth/auth.service';
import { blockUser, getUserWithRoles, unblockUser } from '../../src/lib/server/users/users.service';
import {
	allLoginTransactions,
	allSessions,
	Browser,
	confirmProviderLogout,
	endSessionEndpoint,
	expectSignInRefused,
	fixedClock,
	freePort,
	LOGIN_COOKIE,
	parseSetCookie,
	SESSION_COOKIE,
	sessionOf,
	signIn,
	startApp,
	startProvider,
	startScenario,
	testDrivers,
	usersOf,
	writeAccountsFile,
	type BrowserResponse,
	type Scenario,
	type TestApp,
	type TestProvider
} from '../support/oidc';

/** Accounts the built-in provider gets on top of the four demo accounts. */
const extraAccounts: DemoAccount[] = [
	{ sub: 'extra-same-email-0101', username: 'anna2', password: 'demo', given_name: 'Anna', family_name: 'Nowak-Druga', email: 'anna.nowak@example.gov.pl', roles: [] },
	{ sub: 'extra-xss-0102', username: 'xss', password: 'demo', given_name: '<img src=x onerror=alert(1)>', family_name: '"><script>alert(1)</script>', email: 'xss@example.gov.pl', roles: [] },
	{
		sub: 'extra-messy-0103',
		username: 'messy',
		password: 'demo',
		given_name: '\u0007Zo\u0000fia\r\n',
		family_name: 'K'.repeat(500),
		email: 'not an email',
		picture: 'javascript:alert(1)',
		roles: ['trainer', 'root']
	},
	{ sub: 'extra-blocked-0104', username: 'blokowany', password: 'demo', given_name: 'Bartosz', family_name: 'Blokowany', email: 'bartosz@example.gov.pl', roles: [] }
];

function cookieFrom(response: BrowserResponse | undefined, name: string) {
	const header = response?.setCookie.find((c) => c.startsWith(`${name}=`));
	expect(header, `Set-Cookie ${name}`).toBeDefined();
	return parseSetCookie(header!, response!.url);
}

describe.each(testDrivers())('OpenID Connect sign-in (%s)', (driver) => {
	const accountsFile = writeAccountsFile(extraAccounts);
	afterAll(() => accountsFile.remove());

	describe('with the built-in development identity provider', () => {
		let app: TestApp;
		let issuer: string;
		beforeAll(async () => {
			app = await startApp({ driver, devIdpAccountsFile: accountsFile.file });
			issuer = app.services.config.oidc.issuer;
		});
		afterAll(async () => {
			await app?.close();
		});

		it('a participant signs in: the request carries PKCE S256, state and nonce; the callback sets an HttpOnly SameSite=Lax session cookie (no Secure on http), returns to /profile and creates the account from the claims', async () => {
			const browser = new Browser();
			const started = await signIn(browser, app, { username: 'uczestnik', returnTo: '/profile', deliver: false });

			const request = started.authorizationUrl;
			expect(`${request.origin}${request.pathname}`).toBe(`${issuer}/auth`);
			const params = request.searchParams;
			expect(params.get('response_type')).toBe('code');
			expect(params.get('client_id')).toBe(app.services.config.oidc.clientId);
			expect(params.get('redirect_uri')).toBe(`${app.origin}/auth/callback`);
			expect(params.get('scope')?.split(' ')).toContain('openid');
			expect(params.get('code_challenge_method')).toBe('S256');
			expect(params.get('state')).toMatch(/^[\w-]{43,}$/);
			expect(params.get('nonce')).toMatch(/^[\w-]{43,}$/);
			expect(params.get('state')).not.toBe(params.get('nonce'));
			const transaction = (await allLoginTransactions(app)).find((t) => t.state === params.get('state'));
			expect(transaction?.nonce).toBe(params.get('nonce'));
			expect(transaction?.returnTo).toBe('/profile');
			expect(params.get('code_challenge')).toBe(createHash('sha256').update(transaction!.codeVerifier).digest('base64url'));
			expect(started.login.headers['cache-control']).toBe('no-store');
			expect(cookieFrom(started.login, LOGIN_COOKIE)).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: false, path: '/auth/callback' });

			const callback = await browser.request(started.callbackUrl);
			expect(callback.status).toBe(303);
			expect(callback.headers.location).toBe('/profile');
			const cookie = cookieFrom(callback, SESSION_COOKIE);
			expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: false, path: '/', maxAge: 12 * 3600 });
			expect(cookieFrom(callback, LOGIN_COOKIE).expired).toBe(true);
			expect((await allLoginTransactions(app)).some((t) => t.state === params.get('state'))).toBe(false);

			const [user] = await usersOf(app, 'demo-participant-0001');
			expect(user).toMatchObject({
				issuer,
				subject: 'demo-participant-0001',
				givenName: 'Anna',
				familyName: 'Nowak',
				email: 'anna.nowak@example.gov.pl',
				status: 'active'
			});
			expect([...user.managedFields].sort()).toEqual(['email', 'family_name', 'given_name']);
			const session = await sessionOf(app, cookie.value);
			expect(session).toMatchObject({ userId: user.id, idpIssuer: issuer });
			expect(session?.idpSid).toEqual(expect.any(String));
			const resolved = await resolveSession(app.services.auth, cookie.value);
			expect(resolved?.user.id).toBe(user.id);
			expect(resolved?.user.roles).toEqual(['participant']);
		});

		it.each([
			['trener', 'demo-trainer-0002', ['participant', 'trainer']],
			['admin', 'demo-admin-0003', ['admin', 'participant']],
			['specjalista', 'demo-specialist-0004', ['participant', 'specialist']]
		])("%s gets the roles named by the provider's roles claim, and participant", async (username, subject, roles) => {
			const { sessionToken } = await signIn(new Browser(), app, { username });
			const [user] = await usersOf(app, subject);
			expect((await sessionOf(app, sessionToken))?.userId).toBe(user.id);
			expect((await getUserWithRoles(app.services.db, user.id))?.roles.sort()).toEqual(roles);
		});

		it('signing in again in the same browser rotates the session: a new id, and the old session is ended', async () => {
			const browser = new Browser();
			const first = await signIn(browser, app, { username: 'uczestnik' });
			expect(await sessionOf(app, first.sessionToken!)).toBeDefined();
			const second = await signIn(browser, app, { username: 'uczestnik' });
			expect(second.sessionToken).toBeDefined();
			expect(second.sessionToken).not.toBe(first.sessionToken);
			expect(await sessionOf(app, first.sessionToken!)).toBeUndefined();
			expect(await sessionOf(app, second.sessionToken!)).toBeDefined();
		});

		it('a different subject with the same email gets an account of its own: accounts are never linked by email', async () => {
			const first = await signIn(new Browser(), app, { username: 'uczestnik' });
			const second = await signIn(new Browser(), app, { username: 'anna2' });
			const a = await sessionOf(app, first.sessionToken);
			const b = await sessionOf(app, second.sessionToken);
			expect(a && b).toBeTruthy();
			expect(a!.userId).not.toBe(b!.userId);
			const sameEmail = (await usersOf(app)).filter((u) => u.email === 'anna.nowak@example.gov.pl');
			expect(sameEmail.map((u) => u.subject).sort()).toEqual(['demo-participant-0001', 'extra-same-email-0101']);
		});

		describe('open redirect', () => {
			const browser = new Browser();
			it.each(['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '%2F%2Fevil.example', '/.//evil.example', 'https:evil.example'])(
				'returnTo=%s lands on "/" of the platform after sign-in',
				async (returnTo) => {
					const { callback } = await signIn(browser, app, { username: 'uczestnik', returnTo });
					expect(callback?.status).toBe(303);
					expect(callback?.headers.location).toBe('/');
					expect(callback?.location?.href).toBe(`${app.origin}/`);
				}
			);

			it('a same-origin returnTo with query and fragment is kept', async () => {
				const { callback } = await signIn(browser, app, { username: 'uczestnik', returnTo: '/courses/7?tab=materials#top' });
				expect(callback?.headers.location).toBe('/courses/7?tab=materials#top');
			});
		});

		describe('Host header', () => {
			const spoofed = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

			it('/auth/login sends redirect_uri=ORIGIN/auth/callback whatever Host and X-Forwarded-Host say', async () => {
				const response = await new Browser().request(`${app.origin}/auth/login?returnTo=/profile`, { headers: spoofed });
				expect(response.status).toBe(302);
				expect(response.location?.origin).toBe(new URL(issuer).origin);
				expect(response.location?.searchParams.get('redirect_uri')).toBe(`${app.origin}/auth/callback`);
			});

			it('a callback arriving with Host: evil.example and X-Forwarded-Host: evil.example still signs in, because the callback URL is rebuilt from ORIGIN', async () => {
				const browser = new Browser();
				const started = await signIn(browser, app, { username: 'trener', returnTo: '/profile', deliver: false, loginHeaders: spoofed });
				const callback = await browser.request(started.callbackUrl, { headers: spoofed });
				expect(callback.status).toBe(303);
				expect(callback.headers.location).toBe('/profile');
				expect(await sessionOf(app, browser.cookie(app.origin, SESSION_COOKIE))).toBeDefined();
			});
		});

		it('claims are stored as text: markup verbatim (the pages escape it), control characters stripped, overlong values cut, a bad email and a javascript: picture dropped', async () => {
			await signIn(new Browser(), app, { username: 'xss' });
			const [xss] = await usersOf(app, 'extra-xss-0102');
			expect(xss.givenName).toBe('<img src=x onerror=alert(1)>');
			expect(xss.familyName).toBe('"><script>alert(1)</script>');

			await signIn(new Browser(), app, { username: 'messy' });
			const [messy] = await usersOf(app, 'extra-messy-0103');
			expect(messy.givenName).toBe('Zofia');
			expect(messy.familyName).toBe('K'.repeat(200));
			expect(messy.email).toBeNull();
			expect(messy.pictureUrl).toBeNull();
			expect([...messy.managedFields].sort()).toEqual(['family_name', 'given_name']);
			expect((await getUserWithRoles(app.services.db, messy.id))?.roles.sort()).toEqual(['participant', 'trainer']);
		});
	});

	describe('sessions and logout', () => {
		const clock = fixedClock(new Date());
		let app: TestApp;
		beforeAll(async () => {
			app = await startApp({ driver, clock, devIdpAccountsFile: accountsFile.file });
		});
		afterAll(async () => {
			await app?.close();
		});

		it("POST /auth/logout from the platform's origin deletes the session, clears the cookie and sends the browser to the provider's end_session_endpoint with id_token_hint and post_logout_redirect_uri", async () => {
			const browser = new Browser();
			const { sessionToken } = await signIn(browser, app, { username: 'uczestnik' });
			const session = await sessionOf(app, sessionToken);
			expect(session?.idToken).toEqual(expect.any(String));

			const response = await browser.request(`${app.origin}/auth/logout`, { method: 'POST', headers: { origin: app.origin } });
			expect(response.status).toBe(303);
			const target = response.location!;
			expect(`${target.origin}${target.pathname}`).toBe((await endSessionEndpoint(app)).href);
			expect(target.searchParams.get('id_token_hint')).toBe(session!.idToken);
			expect(target.searchParams.get('post_logout_redirect_uri')).toBe(`${app.origin}/`);
			expect(target.searchParams.get('client_id')).toBe(app.services.config.oidc.clientId);
			expect(cookieFrom(response, SESSION_COOKIE)).toMatchObject({ value: '', expired: true, path: '/' });
			expect(browser.cookie(app.origin, SESSION_COOKIE)).toBeUndefined();
			expect(await sessionOf(app, sessionToken)).toBeUndefined();
			expect(await resolveSession(app.services.auth, sessionToken)).toBeNull();

			// The provider accepts the hint and, once confirmed, returns to the platform.
			const done = await confirmProviderLogout(browser, target, { stopBefore: (url) => url.href === `${app.origin}/` });
			expect(done.stoppedAt?.href).toBe(`${app.origin}/`);
		});

		describe('a cross-site logout', () => {
			let token: string | undefined;
			beforeAll(async () => {
				token = (await signIn(new Browser(), app, { username: 'trener' })).sessionToken;
			});

			it.each<[string, (origin: string) => Record<string, string>]>([
				['Origin https://evil.example', () => ({ origin: 'https://evil.example' })],
				['Origin null', () => ({ origin: 'null' })],
				['a look-alike Origin', (origin) => ({ origin: `${origin}.evil.example` })],
				['no Origin and a foreign Referer', () => ({ referer: 'https://evil.example/page' })],
				['no Origin and a look-alike Referer', (origin) => ({ referer: `${origin}.evil.example/` })],
				['neither Origin nor Referer', () => ({})]
			])('with %s is refused with 403 and the session survives', async (_label, headers) => {
				const response = await new Browser().request(`${app.origin}/auth/logout`, {
					method: 'POST',
					headers: { cookie: `${SESSION_COOKIE}=${token}`, ...headers(app.origin) }
				});
				expect(response.status).toBe(403);
				expect(response.setCookie).toEqual([]);
				expect(await sessionOf(app, token)).toBeDefined();
				expect(await resolveSession(app.services.auth, token)).not.toBeNull();
			});
		});

		it('an idle session expires: used within SESSION_IDLE_MINUTES it lives on, left alone longer it resolves to null and its row is deleted', async () => {
			const { idleMs } = app.services.config.session;
			const { sessionToken } = await signIn(new Browser(), app, { username: 'specjalista' });
			clock.advance(idleMs - 60_000);
			expect(await resolveSession(app.services.auth, sessionToken)).not.toBeNull();
			clock.advance(idleMs - 60_000);
			expect(await resolveSession(app.services.auth, sessionToken)).not.toBeNull();
			clock.advance(idleMs + 1000);
			expect(await resolveSession(app.services.auth, sessionToken)).toBeNull();
			expect(await sessionOf(app, sessionToken)).toBeUndefined();
		});

		it('the absolute timeout ends even a session in constant use', async () => {
			const { idleMs, absoluteMs } = app.services.config.session;
			const { sessionToken } = await signIn(new Browser(), app, { username: 'admin' });
			const step = idleMs - 20 * 60_000;
			let elapsed = 0;
			while (elapsed + step < absoluteMs) {
				clock.advance(step);
				elapsed += step;
				expect(await resolveSession(app.services.auth, sessionToken)).not.toBeNull();
			}
			clock.advance(step);
			expect(await resolveSession(app.services.auth, sessionToken)).toBeNull();
			expect(await sessionOf(app, sessionToken)).toBeUndefined();
		});

		it('a sign-in finished after the 10-minute window is refused (auth.login_state_expired), with no session', async () => {
			const browser = new Browser();
			const started = await signIn(browser, app, { username: 'uczestnik', deliver: false });
			const before = (await allSessions(app)).length;
			clock.advance(LOGIN_TRANSACTION_TTL_MS + 1000);
			expectSignInRefused(await browser.request(started.callbackUrl), 'auth.login_state_expired');
			expect(await allSessions(app)).toHaveLength(before);
		});

		it('blocking a person ends all their sessions at once, and their next sign-in is refused with users.account_blocked and no session', async () => {
			const first = await signIn(new Browser(), app, { username: 'blokowany' });
			const second = await signIn(new Browser(), app, { username: 'blokowany' });
			const bystander = await signIn(new Browser(), app, { username: 'uczestnik' });
			const [user] = await usersOf(app, 'extra-blocked-0104');
			expect((await allSessions(app)).filter((s) => s.userId === user.id)).toHaveLength(2);

			await blockUser({ ...app.services, clock }, { userId: user.id, reason: 'test' });
			expect((await allSessions(app)).filter((s) => s.userId === user.id)).toEqual([]);
			expect(await resolveSession(app.services.auth, first.sessionToken)).toBeNull();
			expect(await resolveSession(app.services.auth, second.sessionToken)).toBeNull();
			expect(await resolveSession(app.services.auth, bystander.sessionToken)).not.toBeNull();

			// Each ended session left a block notice: that browser's next request shows the reason.
			expect(await findBlockNotice(app.services.auth, first.sessionToken)).toEqual({ userId: user.id, reason: 'test' });
			expect(await findBlockNotice(app.services.auth, bystander.sessionToken)).toBeNull();

			// Signing in again: the provider authenticates, the app refuses: no session, only a
			// notice token in the cookie and the blocked page.
			const again = await signIn(new Browser(), app, { username: 'blokowany' });
			expect(again.callback?.status).toBe(303);
			expect(again.callback?.location?.pathname).toBe('/blocked');
			expect(again.sessionToken).toBeDefined();
			expect(await resolveSession(app.services.auth, again.sessionToken)).toBeNull();
			expect(await findBlockNotice(app.services.auth, again.sessionToken)).toEqual({ userId: user.id, reason: 'test' });
			expect((await allSessions(app)).filter((s) => s.userId === user.id)).toEqual([]);

			// Unblocking drops every notice.
			await unblockUser({ ...app.services, clock }, { userId: user.id, note: 'Wyjaśniono' });
			expect(await findBlockNotice(app.services.auth, again.sessionToken)).toBeNull();
			expect(await findBlockNotice(app.services.auth, first.sessionToken)).toBeNull();
			await blockUser({ ...app.services, clock }, { userId: user.id, reason: 'test' });
			expect((await usersOf(app, 'extra-blocked-0104'))[0]).toMatchObject({ status: 'blocked', blockedReason: 'test' });
		});
	});

	describe('with a provider whose claims change between sign-ins (OIDC_FIELD_GIVEN_NAME=given_name:create)', () => {
		let scenario: Scenario;
		beforeAll(async () => {
			scenario = await startScenario({ driver, env: { OIDC_FIELD_GIVEN_NAME: 'given_name:create' } });
		});
		afterAll(async () => {
			await scenario?.close();
		});

		it('a second sign-in after the email and name changed at the provider keeps the same user row: "login" fields refresh and are managed, the "create" given name stays', async () => {
			const { app, provider } = scenario;
			const first = await signIn(new Browser(), app, { username: 'uczestnik' });
			const [before] = await usersOf(app, 'demo-participant-0001');
			expect(before).toMatchObject({ issuer: provider.issuer, givenName: 'Anna', familyName: 'Nowak', email: 'anna.nowak@example.gov.pl' });
			expect([...before.managedFields].sort()).toEqual(['email', 'family_name']);

			Object.assign(provider.accounts.find((a) => a.username === 'uczestnik')!, {
				given_name: 'Annette',
				family_name: 'Kowalska',
				email: 'Anna.Kowalska@Example.gov.pl'
			});
			const second = await signIn(new Browser(), app, { username: 'uczestnik' });

			const rows = await usersOf(app, 'demo-participant-0001');
			expect(rows).toHaveLength(1);
			expect(rows[0].id).toBe(before.id);
			expect(rows[0]).toMatchObject({ givenName: 'Anna', familyName: 'Kowalska', email: 'anna.kowalska@example.gov.pl' });
			expect([...rows[0].managedFields].sort()).toEqual(['email', 'family_name']);
			expect((await sessionOf(app, first.sessionToken))?.userId).toBe(before.id);
			expect((await sessionOf(app, second.sessionToken))?.userId).toBe(before.id);
		});

		it('a role the provider withdraws is gone at the next sign-in', async () => {
			const { app, provider } = scenario;
			await signIn(new Browser(), app, { username: 'trener' });
			const [user] = await usersOf(app, 'demo-trainer-0002');
			expect((await getUserWithRoles(app.services.db, user.id))?.roles).toEqual(['participant', 'trainer']);
			provider.accounts.find((a) => a.username === 'trener')!.roles = [];
			await signIn(new Browser(), app, { username: 'trener' });
			expect((await getUserWithRoles(app.services.db, user.id))?.roles).toEqual(['participant']);
		});
	});

	describe('with an https ORIGIN', () => {
		const origin = 'https://platform.example';
		let provider: TestProvider;
		let app: TestApp;
		beforeAll(async () => {
			provider = await startProvider({ appOrigin: origin });
			app = await startApp({ driver, origin, listen: false, env: provider.env });
		});
		afterAll(async () => {
			await app?.close();
			await provider?.close();
		});

		it('the sign-in and session cookies are Secure, HttpOnly and SameSite=Lax', async () => {
			const browser = new Browser({ [origin]: app.app });
			const started = await signIn(browser, app, { username: 'uczestnik', returnTo: '/profile', deliver: false });
			expect(cookieFrom(started.login, LOGIN_COOKIE)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'lax' });
			const callback = await browser.request(started.callbackUrl);
			expect(callback.status).toBe(303);
			expect(callback.headers.location).toBe('/profile');
			expect(cookieFrom(callback, SESSION_COOKIE)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'lax', path: '/' });
		});
	});

	describe('when the identity provider does not answer (OIDC_TIMEOUT=1)', () => {
		const held: net.Socket[] = [];
		const silent = net.createServer((socket) => void held.push(socket));
		const apps: Record<string, TestApp> = {};
		beforeAll(async () => {
			await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
			const silentPort = (silent.address() as net.AddressInfo).port;
			const closedPort = await freePort();
			const env = (port: number) => ({ OIDC_ISSUER: `http://127.0.0.1:${port}/realms/main`, OIDC_CLIENT_ID: 'platform', OIDC_CLIENT_SECRET: 'secret', OIDC_TIMEOUT: '1' });
			[apps.refuses, apps.hangs] = await Promise.all([
				startApp({ driver, listen: false, env: env(closedPort) }),
				startApp({ driver, listen: false, env: env(silentPort) })
			]);
		});
		afterAll(async () => {
			await Promise.all(Object.values(apps).map((a) => a.close()));
			for (const socket of held) socket.destroy();
			await new Promise((resolve) => silent.close(resolve));
		});

		it.each([
			['refuses connections', 'refuses'],
			['accepts connections and never answers', 'hangs']
		])('/auth/login answers within seconds with a redirect to /auth/error?code=auth.provider_unavailable when the provider %s', async (_label, which) => {
			const app = apps[which];
			const started = performance.now();
			const response = await new Browser({ [app.origin]: app.app }).request(`${app.origin}/auth/login?returnTo=/profile`);
			expect(performance.now() - started).toBeLessThan(4000);
			expect(response.status).toBe(303);
			expect(response.headers.location).toBe('/auth/error?code=auth.provider_unavailable');
			expect(response.setCookie.some((c) => c.startsWith(`${LOGIN_COOKIE}=`))).toBe(false);
		});
	});
});
