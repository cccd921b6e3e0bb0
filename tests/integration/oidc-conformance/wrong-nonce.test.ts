import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectResignedSignInAccepted, expectTamperedSignInRefused, startScenario, testDrivers, type Scenario } from '../../support/oidc';

describe.each(testDrivers())('ID token with a wrong nonce (%s)', (driver) => {
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

	it('an ID token whose nonce is not the one this sign-in sent is refused, with no session', async () => {
		await expectTamperedSignInRefused(scenario, ({ claims }) => ({ claims: { ...claims, nonce: 'nonce-of-another-sign-in' } }), /"nonce"/);
	});

	it('an ID token without a nonce is refused, with no session', async () => {
		await expectTamperedSignInRefused(scenario, ({ claims: { nonce: _nonce, ...claims } }) => ({ claims }), /"nonce"/);
	});
});
