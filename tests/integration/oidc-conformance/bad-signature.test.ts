import { afterAll, beforeAll, describe, it } from 'vitest';
import { generateSigningJwk } from '../../../src/server/dev-idp/provider';
import { expectResignedSignInAccepted, expectTamperedSignInRefused, startScenario, testDrivers, type Scenario } from '../../support/oidc';

/**
 * openid-client v6 skips the ID token signature when the token comes straight from the
 * token endpoint; the platform turns the check on (enableNonRepudiationChecks). Without
 * it this forged token would sign the person in.
 */
describe.each(testDrivers())('ID token with a bad signature (%s)', (driver) => {
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

	it("an ID token signed with another RSA key under the provider's key id is refused, with no session", async () => {
		const forger = generateSigningJwk();
		await expectTamperedSignInRefused(scenario, ({ header }) => ({ key: { ...forger, kid: header.kid } }), /signature/);
	});
});
