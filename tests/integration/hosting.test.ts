import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { setRuntimeServices } from '../../src/lib/server/runtime';
import { openDatabase } from '../../src/lib/server/db/client';
import { createTestDatabase } from '../support/db';
import { createTestServices } from '../support/services';
import { freePort } from '../support/net';

/**
 * Fastify hosts SvelteKit: here through Vite in middleware mode (the development path;
 * the end-to-end suite covers the production build). Transport concerns stay in Fastify.
 */
describe('Fastify hosting SvelteKit (development path)', () => {
	let app: FastifyInstance;
	let base: string;
	let closeDb: () => Promise<void>;

	beforeAll(async () => {
		const port = await freePort();
		base = `http://localhost:${port}`;
		const database = await createTestDatabase('pglite');
		closeDb = () => database.close();
		const services = createTestServices({ database, env: { PORT: String(port) } });
		setRuntimeServices(services);
		app = await buildApp({ services, pages: 'dev' });
		app.get('/__slow', async () => {
			await new Promise((r) => setTimeout(r, 700));
			return { done: true };
		});
		await app.listen({ port, host: '127.0.0.1' });
	}, 120_000);

	afterAll(async () => {
		await app?.close();
		await closeDb?.();
		setRuntimeServices(undefined);
	});

	it('answers /healthz and /readyz as JSON from Fastify, not SvelteKit', async () => {
		const health = await fetch(`${base}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({ status: 'ok' });
		const ready = await fetch(`${base}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, migrations: true } });
	});

	it('serves the home page through the catch-all route, in Polish by default', async () => {
		const res = await fetch(`${base}/`);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('<html lang="pl">');
		expect(html).toContain('Zaloguj się');
		expect(html).toContain('id="unsupported-browser"');
	});

	it('speaks Polish even to an English browser, and English once the visitor chose it', async () => {
		const byHeader = await (await fetch(`${base}/`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } })).text();
		expect(byHeader).toContain('<html lang="pl">');
		const byCookie = await (await fetch(`${base}/`, { headers: { cookie: 'lang=en' } })).text();
		expect(byCookie).toContain('<html lang="en">');
		expect(byCookie).toContain('Log in');
	});

	it('keeps security headers written by Fastify and the nonce-based CSP from SvelteKit on pages', async () => {
		const res = await fetch(`${base}/`);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		const csp = res.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(csp).toContain("object-src 'none'");
		expect(csp).toContain("base-uri 'none'");
		expect(csp).toContain("frame-ancestors 'none'");
		// Lesson videos may frame only these two players.
		expect(csp).toContain('frame-src https://www.youtube-nocookie.com https://player.vimeo.com');
		const json = await fetch(`${base}/healthz`);
		expect(json.headers.get('content-security-policy')).toContain("default-src 'none'");
		expect(json.headers.get('strict-transport-security')).toBeNull();
	});

	it('passes form bodies through to SvelteKit actions untouched', async () => {
		const res = await fetch(`${base}/language?/set`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, accept: 'text/html' },
			body: new URLSearchParams({ locale: 'en', returnTo: '/profile?x=1' })
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/profile?x=1');
		expect(res.headers.get('set-cookie')).toMatch(/lang=en/);
	});

	it('refuses cross-site and origin-less form posts with 403 as the built app does (SvelteKit turns its own check off under Vite)', async () => {
		for (const origin of ['https://evil.example', null]) {
			const cross = await fetch(`${base}/language?/set`, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...(origin ? { origin } : {}) },
				body: 'locale=en'
			});
			expect(cross.status, String(origin)).toBe(403);
			expect(cross.headers.get('set-cookie')).toBeNull();
		}
		const json = await fetch(`${base}/language?/set`, {
			method: 'POST',
			headers: { 'content-type': 'multipart/form-data; boundary=x', origin: 'https://evil.example', accept: 'application/json' },
			body: '--x--'
		});
		expect(json.status).toBe(403);
		expect(await json.json()).toEqual({ message: 'Cross-site POST form submissions are forbidden' });
	});

	it('never redirects a form action to another site', async () => {
		const unsafe = await fetch(`${base}/language?/set`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, accept: 'text/html' },
			body: new URLSearchParams({ locale: 'pl', returnTo: '//evil.example/x' })
		});
		expect(unsafe.headers.get('location')).toBe('/');
	});

	it('gives a translated 404 page for unknown paths', async () => {
		const res = await fetch(`${base}/no-such-page`);
		expect(res.status).toBe(404);
		expect(await res.text()).toContain('Nie znaleziono strony');
	});

	it('redirects an anonymous visitor from a signed-in page to the sign-in with a returnTo', async () => {
		const res = await fetch(`${base}/profile`, { redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/auth/login?returnTo=%2Fprofile');
	});

	it('shows a translated error page for a refused sign-in with the matching status', async () => {
		const res = await fetch(`${base}/auth/error?code=auth.callback_rejected`);
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('nie przeszła weryfikacji bezpieczeństwa');
		const limited = await fetch(`${base}/auth/error?code=auth.rate_limited`);
		expect(limited.status).toBe(429);
		expect(await limited.text()).toContain('Zbyt wiele prób logowania');
		const unknown = await fetch(`${base}/auth/error?code=<script>`);
		expect(unknown.status).toBe(500);
		expect(await unknown.text()).not.toContain('<script>');
	});

	it('finishes in-flight requests on shutdown and then stops accepting', async () => {
		const inFlight = fetch(`${base}/__slow`).then((r) => r.json());
		await new Promise((r) => setTimeout(r, 100));
		const closing = app.close();
		expect(await inFlight).toEqual({ done: true });
		await closing;
		await expect(fetch(`${base}/healthz`)).rejects.toThrow();
	});
});

/** The production path: build/handler.js from `vite build` (npm test builds before this stage). */
describe('Fastify hosting SvelteKit (production build)', () => {
	let app: FastifyInstance;
	let base: string;
	let closeDb: () => Promise<void>;
	let services: ReturnType<typeof createTestServices>;

	beforeAll(async () => {
		const port = await freePort();
		base = `http://localhost:${port}`;
		const database = await createTestDatabase('pglite');
		closeDb = () => database.close();
		services = createTestServices({ database, env: { PORT: String(port) } });
		setRuntimeServices(services);
		app = await buildApp({ services, pages: 'build' });
		await app.listen({ port, host: '127.0.0.1' });
	}, 60_000);

	afterAll(async () => {
		await app?.close();
		await closeDb?.();
		setRuntimeServices(undefined);
	});

	it('serves pages and static assets from the build', async () => {
		const home = await fetch(`${base}/`);
		expect(home.status).toBe(200);
		expect(await home.text()).toContain('Zaloguj się');
		const css = await fetch(`${base}/tokens.css`);
		expect(css.status).toBe(200);
		expect(css.headers.get('content-type')).toContain('text/css');
	});

	it('accepts a same-origin form post (ORIGIN is configured, so adapter-node knows the protocol)', async () => {
		const res = await fetch(`${base}/language?/set`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, accept: 'text/html' },
			body: new URLSearchParams({ locale: 'en', returnTo: '/' })
		});
		expect(res.status).toBe(303);
	});

	it('accepts form posts as large as the biggest allowed upload (adapter-node would stop at 512 KB)', async () => {
		const body = new FormData();
		body.set('locale', 'xx');
		body.set('padding', new Blob([new Uint8Array(3 * 1024 * 1024)]), 'big.bin');
		const res = await fetch(`${base}/language?/set`, { method: 'POST', headers: { origin: base, accept: 'text/html' }, body });
		expect(res.status).toBe(400);
	});

	it('refuses a cross-site form post with 403 (SvelteKit CSRF check)', async () => {
		const cross = await fetch(`${base}/language?/set`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', accept: 'text/html' },
			body: 'locale=en'
		});
		expect(cross.status).toBe(403);
		expect(cross.headers.get('set-cookie')).toBeNull();
	});

	it('shows the development outbox with every message the platform sent, escaped', async () => {
		const empty = await (await fetch(`${base}/dev/outbox`)).text();
		expect(empty).toContain('Brak wiadomości');
		await services.mail.enqueue({ to: 'anna.nowak@example.gov.pl', subject: 'Potwierdź <b>usunięcie</b> konta', text: 'Łącze: http://localhost/x' });
		expect(await services.mail.runOnce()).toBe(1);
		const html = await (await fetch(`${base}/dev/outbox`)).text();
		expect(html).toContain('anna.nowak@example.gov.pl');
		expect(html).toContain('Potwierdź &lt;b>usunięcie&lt;/b> konta');
		expect(html).toContain('wysłano');
	});

	it('answers 400 with a message, never 500, for an unknown language', async () => {
		const bad = await fetch(`${base}/language?/set`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, accept: 'text/html' },
			body: 'locale=xx'
		});
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('Wybierz język z listy');
	});
});

describe('pages with an external identity provider', () => {
	it('allow the logout form to continue to the provider (form-action includes its origin)', async () => {
		const port = await freePort();
		const database = await createTestDatabase('pglite');
		const services = createTestServices({
			database,
			env: { PORT: String(port), ORIGIN: `http://localhost:${port}`, OIDC_ISSUER: 'https://sso.example.gov.pl/realms/region', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }
		});
		setRuntimeServices(services);
		const app = await buildApp({ services, pages: 'build' });
		await app.listen({ port, host: '127.0.0.1' });
		const res = await fetch(`http://localhost:${port}/`);
		expect(res.headers.get('content-security-policy')).toContain("form-action 'self' https://sso.example.gov.pl");
		await app.close();
		await database.close();
		setRuntimeServices(undefined);
	});
});

describe('readiness', () => {
	it('is not ready while migrations are missing, and not ready once the database is gone', async () => {
		const database = await openDatabase({});
		const services = createTestServices({ database });
		const app = await buildApp({ services, pages: 'none' });
		const unmigrated = await app.inject({ url: '/readyz' });
		expect(unmigrated.statusCode).toBe(503);
		expect(unmigrated.json()).toEqual({ status: 'not_ready', checks: { database: true, migrations: false } });
		await database.migrate();
		expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
		await database.close();
		const gone = await app.inject({ url: '/readyz' });
		expect(gone.statusCode).toBe(503);
		expect(gone.json().checks.database).toBe(false);
		await app.close();
	});

	it('sends HSTS when ORIGIN is https', async () => {
		const database = await createTestDatabase('pglite');
		const services = createTestServices({
			database,
			env: { ORIGIN: 'https://lms.example.gov.pl', OIDC_ISSUER: 'https://sso.example.gov.pl/realms/r', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }
		});
		const app = await buildApp({ services, pages: 'none' });
		const res = await app.inject({ url: '/healthz' });
		expect(res.headers['strict-transport-security']).toContain('max-age=');
		await app.close();
		await database.close();
	});
});
