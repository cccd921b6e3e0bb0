import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { createTestDatabase } from '../support/db';
import { createTestServices } from '../support/services';

describe('rate limits on the sign-in endpoints', () => {
	it('sends a browser over the limit to the translated error page; other addresses are unaffected', async () => {
		const database = await createTestDatabase('pglite');
		// Port 9 (discard) refuses at once: each start fails fast with provider_unavailable.
		const services = createTestServices({ database, env: { PORT: '9', OIDC_TIMEOUT: '1', AUTH_RATE_LIMIT_PER_MINUTE: '5' } });
		const app = await buildApp({ services, pages: 'none' });
		const statuses: number[] = [];
		const locations: (string | undefined)[] = [];
		for (let i = 0; i < 6; i++) {
			const res = await app.inject({ url: '/auth/login', remoteAddress: '203.0.113.7' });
			statuses.push(res.statusCode);
			locations.push(res.headers.location as string | undefined);
		}
		expect(statuses.every((s) => s === 303)).toBe(true);
		expect(locations.slice(0, 5).every((l) => l === '/auth/error?code=auth.provider_unavailable')).toBe(true);
		expect(locations[5]).toBe('/auth/error?code=auth.rate_limited');
		expect((await app.inject({ url: '/auth/login', remoteAddress: '203.0.113.8' })).statusCode).toBe(303);
		expect((await app.inject({ url: '/healthz', remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
		await app.close();
		await database.close();
	});
});
