import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectResignedSignInAccepted, expectTamperedSignInRefused, startScenario, testDrivers, type Scenario } from '../../support/oidc';

describe.each(testDrivers())('ID token from a wrong issuer (%s)', (driver) => {
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

	it('an ID token whose iss is not the configured issuer is refused, with no session', async () => {
		await expectTamperedSignInRefused(scenario, ({ claims }) => ({ claims: { ...claims, iss: 'https://evil.example/realms/main' } }), /"iss"/);
	});

	it('an ID token whose iss differs only by a trailing slash is refused, with no session', async () => {
		await expectTamperedSignInRefused(scenario, ({ claims }) => ({ claims: { ...claims, iss: `${claims.iss}/` } }), /"iss"/);
	});
});
