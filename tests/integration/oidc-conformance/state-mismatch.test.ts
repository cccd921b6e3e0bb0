import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSessions, Browser, expectSignInRefused, lastRefusal, signIn, startScenario, testDrivers, usersOf, type Scenario } from '../../support/oidc';

describe.each(testDrivers())('state mismatch (%s)', (driver) => {
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

	it.each([
		['another state', (url: URL) => url.searchParams.set('state', 'state-of-another-sign-in')],
		['no state', (url: URL) => url.searchParams.delete('state')]
	])('a callback with %s than the one this browser sent is refused, the code is not redeemed and the attempt is spent', async (_label, change) => {
		const { app } = scenario;
		const browser = new Browser();
		const started = await signIn(browser, app, { username: 'uczestnik', returnTo: '/profile', deliver: false });
		const forged = new URL(started.callbackUrl);
		change(forged);
		const before = tokenRequests;

		expectSignInRefused(await browser.request(forged), 'auth.callback_rejected');
		expect(lastRefusal(app)?.err?.message).toMatch(/state/);
		expect(tokenRequests).toBe(before);
		expect(await allSessions(app)).toEqual([]);
		expect(await usersOf(app)).toEqual([]);

		// The sign-in state was taken: even the genuine callback now finds nothing.
		expectSignInRefused(await browser.request(started.callbackUrl), 'auth.login_state_missing');
		expect(await allSessions(app)).toEqual([]);
	});
});
