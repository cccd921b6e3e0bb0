import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allLoginTransactions, allSessions, Browser, expectSignInRefused, signIn, startScenario, testDrivers, usersOf, type Scenario } from '../../support/oidc';

describe.each(testDrivers())('provider answers access_denied (%s)', (driver) => {
	let scenario: Scenario;
	beforeAll(async () => {
		scenario = await startScenario({ driver });
	});
	afterAll(async () => {
		await scenario?.close();
	});

	it('a person who declines at the provider comes back to /auth/error?code=auth.provider_error, with no session and no account', async () => {
		const { app } = scenario;
		const browser = new Browser();
		const result = await signIn(browser, app, { username: 'uczestnik', returnTo: '/profile', decline: true });
		expect(result.callbackUrl.searchParams.get('error')).toBe('access_denied');
		expect(result.callbackUrl.searchParams.get('code')).toBeNull();

		expectSignInRefused(result.callback, 'auth.provider_error');
		expect(await allSessions(app)).toEqual([]);
		expect(await usersOf(app)).toEqual([]);
		expect(await allLoginTransactions(app)).toEqual([]);
	});
});
