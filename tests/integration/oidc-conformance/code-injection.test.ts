import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSessions, Browser, expectSignInRefused, lastRefusal, signIn, startScenario, testDrivers, usersOf, type Scenario } from '../../support/oidc';

describe.each(testDrivers())('authorization code injection (%s)', (driver) => {
	let scenario: Scenario;
	beforeAll(async () => {
		scenario = await startScenario({ driver });
	});
	afterAll(async () => {
		await scenario?.close();
	});

	it("a code issued to another browser's sign-in, pasted into the attacker's own callback, is refused (PKCE: invalid_grant) with no session", async () => {
		const { app } = scenario;
		const victim = await signIn(new Browser(), app, { username: 'trener', deliver: false });
		const attacker = new Browser();
		const own = await signIn(attacker, app, { username: 'uczestnik', deliver: false });

		const injected = new URL(own.callbackUrl);
		injected.searchParams.set('code', victim.callbackUrl.searchParams.get('code')!);
		expectSignInRefused(await attacker.request(injected), 'auth.callback_rejected');
		expect(lastRefusal(app)?.err?.message).toMatch(/invalid_grant/);
		expect(await allSessions(app)).toEqual([]);
		expect(await usersOf(app)).toEqual([]);
	});
});
