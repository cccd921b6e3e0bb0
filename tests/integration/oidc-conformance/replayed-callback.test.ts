import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSessions, Browser, expectSignInRefused, LOGIN_COOKIE, sessionOf, signIn, startScenario, testDrivers, type Scenario } from '../../support/oidc';

describe.each(testDrivers())('replayed callback (%s)', (driver) => {
	let scenario: Scenario;
	let tokenRequests = 0;
	beforeAll(async () => {
		scenario = await startScenario({ driver });
		scenario.provider.provider.on('grant.success', () => void (tokenRequests += 1));
		scenario.provider.provider.on('grant.error', () => void (tokenRequests += 1));
	});
	afterAll(async () => {
		await scenario?.close();
	});

	it('the same callback request sent twice by the same browser (cookie included) signs in once; the second is refused before the code reaches the provider again', async () => {
		const { app } = scenario;
		const browser = new Browser();
		const started = await signIn(browser, app, { username: 'uczestnik', returnTo: '/profile', deliver: false });
		const loginCookie = browser.cookies.find((c) => c.name === LOGIN_COOKIE);
		expect(loginCookie).toBeDefined();

		const first = await browser.request(started.callbackUrl);
		expect(first.status).toBe(303);
		expect(first.headers.location).toBe('/profile');
		expect(first.setCookie.some((c) => c.startsWith(`${LOGIN_COOKIE}=;`) && /Max-Age=0/i.test(c))).toBe(true);
		const session = browser.cookies.find((c) => c.name === 'wzp_session')?.value;
		expect(await sessionOf(app, session)).toBeDefined();

		// A duplicated request (back button, double submit, or a captured request) carries the old cookie.
		browser.cookies.push(loginCookie!);
		const second = await browser.request(started.callbackUrl);
		expectSignInRefused(second, 'auth.login_state_missing');
		expect(tokenRequests).toBe(1);
		expect(await allSessions(app)).toHaveLength(1);
		expect(await sessionOf(app, session)).toBeDefined();
	});
});
