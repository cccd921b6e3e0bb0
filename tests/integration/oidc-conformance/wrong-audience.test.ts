import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectResignedSignInAccepted, expectTamperedSignInRefused, startScenario, testDrivers, type Scenario } from '../../support/oidc';

describe.each(testDrivers())('ID token for another audience (%s)', (driver) => {
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

	it('an ID token issued to another client (aud) is refused, with no session', async () => {
		await expectTamperedSignInRefused(scenario, ({ claims }) => ({ claims: { ...claims, aud: 'another-client' } }), /"aud"/);
	});
});
