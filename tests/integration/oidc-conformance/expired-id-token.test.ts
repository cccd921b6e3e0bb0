import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectResignedSignInAccepted, expectTamperedSignInRefused, startScenario, testDrivers, type Scenario } from '../../support/oidc';

describe.each(testDrivers())('expired ID token (%s)', (driver) => {
	let scenario: Scenario;
	beforeAll(async () => {
		scenario = await startScenario({ driver });
	});
	afterAll(async () => {
		await scenario?.close();
	});

	it('control: the same ID token re-signed without change is accepted', async () => {
		await expectResignedSignInAccepted(scenario);
	});

	it('an ID token that expired (beyond the clock tolerance) is refused, with no session', async () => {
		const now = Math.floor(Date.now() / 1000);
		await expectTamperedSignInRefused(scenario, ({ claims }) => ({ claims: { ...claims, iat: now - 1200, exp: now - 600 } }), /"exp"/);
	});
});
