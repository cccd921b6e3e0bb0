import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { createTestDatabase } from '../support/db';
import { createTestServices } from '../support/services';

describe('rate limits on the sign-in endpoints', () => {
	it('answers 429 after 30 sign-in starts a minute from one address, and other addresses are unaffected', async () => {
		const database = await createTestDatabase('pglite');
		// Port 9 (discard) refuses at once: each start fails fast with provider_unavailable.
		const services = createTestServices({ database, env: { PORT: '9', OIDC_TIMEOUT: '1' } });
		const app = await buildApp({ services, pages: 'none' });
		const statuses: number[] = [];
		for (let i = 0; i < 31; i++) {
			statuses.push((await app.inject({ url: '/auth/login', remoteAddress: '203.0.113.7' })).statusCode);
		}
		expect(statuses.slice(0, 30).every((s) => s === 303)).toBe(true);
		expect(statuses[30]).toBe(429);
		expect((await app.inject({ url: '/auth/login', remoteAddress: '203.0.113.8' })).statusCode).toBe(303);
		expect((await app.inject({ url: '/healthz', remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
		await app.close();
		await database.close();
	});
});
