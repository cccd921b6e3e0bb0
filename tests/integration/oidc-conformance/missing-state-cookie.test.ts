import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSessions, Browser, expectSignInRefused, signIn, startScenario, testDrivers, usersOf, type Scenario } from '../../support/oidc';

describe.each(testDrivers())('callback without the sign-in cookie (%s)', (driver) => {
	let scenario: Scenario;
	beforeAll(async () => {
		scenario = await startScenario({ driver });
	});
	afterAll(async () => {
		await scenario?.close();
	});

	it('a callback URL replayed in another browser is refused (auth.login_state_missing), and the browser that started the sign-in can still finish it', async () => {
		const { app } = scenario;
		const person = new Browser();
		const started = await signIn(person, app, { username: 'uczestnik', returnTo: '/profile', deliver: false });

		const attacker = new Browser();
		const replay = await attacker.request(started.callbackUrl);
		expectSignInRefused(replay, 'auth.login_state_missing');
		expect(await allSessions(app)).toEqual([]);
		expect(await usersOf(app)).toEqual([]);

		const own = await person.request(started.callbackUrl);
		expect(own.status).toBe(303);
		expect(own.headers.location).toBe('/profile');
		expect(await allSessions(app)).toHaveLength(1);
	});
});
