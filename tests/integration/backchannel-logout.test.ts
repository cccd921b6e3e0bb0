import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JWTPayload } from 'jose';
import { resolveSession } from '../../src/lib/server/auth/auth.service';
import { generateSigningJwk } from '../../src/server/dev-idp/provider';
import {
	allSessions,
	BACKCHANNEL_EVENT,
	Browser,
	confirmProviderLogout,
	endSessionEndpoint,
	sessionOf,
	signIn,
	startApp,
	startScenario,
	testDrivers,
	type Scenario,
	type TestApp
} from '../support/oidc';

function postLogoutToken(app: TestApp, logoutToken: string | undefined) {
	return new Browser().request(`${app.origin}/auth/backchannel-logout`, { form: logoutToken === undefined ? {} : { logout_token: logoutToken } });
}

describe.each(testDrivers())('OpenID Connect back-channel logout (%s)', (driver) => {
	describe('from the built-in development identity provider', () => {
		let app: TestApp;
		beforeAll(async () => {
			app = await startApp({ driver });
		});
		afterAll(async () => {
			await app?.close();
		});

		it("signing out at the provider makes it POST a real logout token that ends the local session of that provider session (by sid), and no one else's", async () => {
			const browser = new Browser();
			const otherBrowser = new Browser();
			const colleague = new Browser();
			const mine = await signIn(browser, app, { username: 'uczestnik' });
			const mineElsewhere = await signIn(otherBrowser, app, { username: 'uczestnik' });
			const theirs = await signIn(colleague, app, { username: 'trener' });
			const [a, b] = [await sessionOf(app, mine.sessionToken), await sessionOf(app, mineElsewhere.sessionToken)];
			expect(a?.idpSid).toEqual(expect.any(String));
			expect(a?.idpSid).not.toBe(b?.idpSid);

			// Signing out at the provider directly (another application's "log out everywhere").
			const endSession = await endSessionEndpoint(app);
			endSession.searchParams.set('client_id', app.services.config.oidc.clientId);
			const done = await confirmProviderLogout(browser, endSession);
			expect(done.final?.status).toBe(200);

			expect(await sessionOf(app, mine.sessionToken)).toBeUndefined();
			expect(await resolveSession(app.services.auth, mine.sessionToken)).toBeNull();
			expect(await sessionOf(app, mineElsewhere.sessionToken)).toBeDefined();
			expect(await sessionOf(app, theirs.sessionToken)).toBeDefined();
		});
	});

	describe('logout tokens signed with the key of a provider the test runs', () => {
		let scenario: Scenario;
		let live: { token: string; sid: string; sub: string; idToken: string };
		const now = () => Math.floor(Date.now() / 1000);

		/** A valid logout token for the live session; each refusal case changes exactly one thing. */
		const claims = (): JWTPayload => ({
			iss: scenario.provider.issuer,
			aud: scenario.provider.clientId,
			iat: now(),
			exp: now() + 120,
			jti: randomBytes(12).toString('base64url'),
			sub: live.sub,
			sid: live.sid,
			events: { [BACKCHANNEL_EVENT]: {} }
		});
		const without = (...names: string[]) => {
			const c = claims();
			for (const name of names) delete c[name];
			return c;
		};

		beforeAll(async () => {
			scenario = await startScenario({ driver });
			const { sessionToken } = await signIn(new Browser(), scenario.app, { username: 'uczestnik' });
			const session = (await sessionOf(scenario.app, sessionToken))!;
			live = { token: sessionToken!, sid: session.idpSid!, sub: 'demo-participant-0001', idToken: session.idToken! };
		});
		afterAll(async () => {
			await scenario?.close();
		});

		it.each<[string, RegExp, () => Promise<string | undefined>]>([
			['a bad signature', /signature verification failed/, () => scenario.provider.sign(claims(), { key: { ...generateSigningJwk(), kid: scenario.provider.signingJwk.kid } })],
			['a wrong iss', /"iss"/, () => scenario.provider.sign({ ...claims(), iss: 'https://evil.example/realms/main' })],
			['a wrong aud', /"aud"/, () => scenario.provider.sign({ ...claims(), aud: 'another-client' })],
			['no events claim', /"events"/, () => scenario.provider.sign(without('events'))],
			['an events claim without the back-channel logout event', /back-channel logout event/, () => scenario.provider.sign({ ...claims(), events: { 'http://schemas.openid.net/event/other': {} } })],
			['a nonce', /nonce/, () => scenario.provider.sign({ ...claims(), nonce: 'n-0S6_WzA2Mj' })],
			['no iat', /"iat"/, () => scenario.provider.sign(without('iat'))],
			['an iat from an hour ago', /"iat".*too far in the past/, () => scenario.provider.sign({ ...claims(), iat: now() - 3600 })],
			['neither sub nor sid', /neither sub nor sid/, () => scenario.provider.sign(without('sub', 'sid'))],
			['alg none', /"alg"/, async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`],
			['an ID token in its place', /"events"/, async () => live.idToken],
			['garbage', /Invalid Compact JWS/, async () => 'not-a-jwt'],
			['nothing at all', /logout_token missing/, async () => undefined]
		])('a logout token with %s is refused with 400 and ends no session', async (_label, reason, make) => {
			const refusals = () => scenario.app.logs.filter((l) => l.msg === 'auth.logout_refused');
			const before = await allSessions(scenario.app);
			const refusedBefore = refusals().length;
			const response = await postLogoutToken(scenario.app, await make());
			expect(response.status).toBe(400);
			// The refusal is for the one defect this case adds.
			expect(refusals().length > refusedBefore ? refusals().at(-1)?.err?.message : response.body).toMatch(reason);
			expect(await allSessions(scenario.app)).toEqual(before);
			expect(await resolveSession(scenario.app.services.auth, live.token)).not.toBeNull();
		});

		it('control: the same logout token without a defect ends the session it names by sid', async () => {
			const response = await postLogoutToken(scenario.app, await scenario.provider.sign(claims()));
			expect(response.status).toBe(200);
			expect(await sessionOf(scenario.app, live.token)).toBeUndefined();
		});

		it('a logout token naming only sub ends every session of that person, and only theirs', async () => {
			const { app, provider } = scenario;
			const one = await signIn(new Browser(), app, { username: 'trener' });
			const two = await signIn(new Browser(), app, { username: 'trener' });
			const other = await signIn(new Browser(), app, { username: 'admin' });
			const response = await postLogoutToken(app, await provider.sign({ ...without('sid'), sub: 'demo-trainer-0002' }));
			expect(response.status).toBe(200);
			expect(await sessionOf(app, one.sessionToken)).toBeUndefined();
			expect(await sessionOf(app, two.sessionToken)).toBeUndefined();
			expect(await sessionOf(app, other.sessionToken)).toBeDefined();
		});
	});
});
