import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Browser, signIn, startApp, type TestApp } from '../support/oidc';

/**
 * What an investigation finds in the log, and what nobody may find there: the real
 * application logger (serializers, redaction) captured while the sign-in, sign-out and
 * confirmation-link paths run over HTTP.
 */
describe('the security log', () => {
	let app: TestApp;
	const text = () => app.logs.map((l) => JSON.stringify(l)).join('\n');
	const events = (name: string) => app.logs.filter((l) => l.msg === name);

	beforeAll(async () => {
		app = await startApp({ driver: 'pglite', logLevel: 'info' });
	});
	afterAll(async () => app?.close());

	it('holds one event per sign-in and sign-out with request id, client address and user, and no code, state or session token', async () => {
		const browser = new Browser();
		const result = await signIn(browser, app, { username: 'uczestnik' });
		expect(result.callback?.status).toBe(303);
		const code = result.callbackUrl!.searchParams.get('code')!;
		const state = result.callbackUrl!.searchParams.get('state')!;
		expect(code.length).toBeGreaterThan(10);

		const [signedIn] = events('auth.signed_in');
		expect(signedIn).toMatchObject({ event: 'auth.signed_in', ip: '127.0.0.1', userId: expect.any(String) });
		expect(signedIn.requestId).toEqual(expect.any(String));
		// The request id is the one Fastify logged the callback request with.
		expect(app.logs.some((l) => l.reqId === signedIn.requestId && (l.req as { url?: string } | undefined)?.url?.startsWith('/auth/callback?'))).toBe(true);

		const logout = await browser.request(new URL('/auth/logout', app.origin), { method: 'POST', headers: { origin: app.origin } });
		expect(logout.status).toBe(303);
		expect(events('auth.signed_out')).toEqual([expect.objectContaining({ userId: signedIn.userId, ip: '127.0.0.1', kind: expect.stringMatching(/rp_initiated|local/), requestId: expect.any(String) })]);

		const log = text();
		expect(log).toContain('/auth/callback?code=[redacted]');
		expect(log).not.toContain(code);
		expect(log).not.toContain(state);
		expect(log).not.toContain(result.sessionToken!);
	});

	it('logs a refused cross-site sign-out as a 403 with the client address', async () => {
		const before = events('auth.forbidden').length;
		const browser = new Browser();
		const response = await browser.request(new URL('/auth/logout', app.origin), { method: 'POST', headers: { origin: 'https://evil.example' } });
		expect(response.status).toBe(403);
		expect(events('auth.forbidden').slice(before)).toEqual([expect.objectContaining({ code: 'auth.cross_origin', ip: '127.0.0.1', requestId: expect.any(String) })]);
	});

	it('never logs the token of an emailed confirmation link, nor the values of a query string', async () => {
		const token = 'Zq3t9xLkP0aBcDeFgHiJkLmNoPqRsTuVwXyZ012345';
		await fetch(`${app.origin}/privacy-requests/confirm/${token}?search=Kowalska`);
		const log = text();
		expect(log).toContain('/privacy-requests/confirm/[redacted]?search=[redacted]');
		expect(log).not.toContain(token);
		expect(log).not.toContain('Kowalska');
	});

	it('logs a failed query without its parameters', async () => {
		const essay = 'Moje wypracowanie o ochronie danych: PESEL 85010112345';
		const error = await app.services.db.execute(sql`select ${essay}::int`).catch((e: unknown) => e);
		app.services.logger.error({ err: error }, 'page error');
		const line = app.logs.at(-1)!;
		expect(JSON.stringify(line)).not.toContain('85010112345');
		expect((line.err as { message?: string }).message).toMatch(/select \$1::int[\s\S]*params: \[redacted\]/);
	});
});

