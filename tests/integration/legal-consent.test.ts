import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { setRuntimeServices } from '../../src/lib/server/runtime';
import type { Services } from '../../src/lib/server/services';
import { ensureDefaultDocuments, hasConsent, publishDraft } from '../../src/lib/server/legal/index';
import { documentAcceptances } from '../../src/lib/server/legal/legal.tables';
import { createTestDatabase } from '../support/db';
import { createTestServices } from '../support/services';
import { freePort } from '../support/net';
import { postAction, signedInUser } from '../support/sessions';

/**
 * The consent gate through the whole stack (Fastify -> hooks -> /consent): a signed-in
 * person who has not accepted the current terms and privacy policy is sent to accept them
 * first, from every page but the open ones, and again after a new version is published.
 * The built app (build/handler.js): SvelteKit checks the origin of form posts only there.
 */
describe('consent to the terms and the privacy policy', () => {
	let app: FastifyInstance;
	let base: string;
	let services: Services;
	let closeDb: () => Promise<void>;
	let adminId: string;

	const get = (path: string, cookie: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: { cookie, accept: 'text/html' } });
	const acceptances = (userId: string) => services.db.select().from(documentAcceptances).where(eq(documentAcceptances.userId, userId));
	const acceptBoth = (cookie: string, extra: Record<string, string> = {}) =>
		postAction(base, '/consent', { returnTo: '/courses', version_terms: '1', version_privacy: '1', accept_terms: 'yes', accept_privacy: 'yes', ...extra }, { cookie });

	beforeAll(async () => {
		const port = await freePort();
		base = `http://localhost:${port}`;
		const database = await createTestDatabase('pglite');
		closeDb = () => database.close();
		services = createTestServices({ database, env: { PORT: String(port) } });
		setRuntimeServices(services);
		await ensureDefaultDocuments(services.db, services.clock);
		adminId = (await signedInUser(services, { roles: ['admin'] })).user.id;
		app = await buildApp({ services, pages: 'build' });
		await app.listen({ port, host: '127.0.0.1' });
	}, 120_000);

	afterAll(async () => {
		await app?.close();
		await closeDb?.();
		setRuntimeServices(undefined);
	});

	it('sends a signed-in person who has not accepted yet from / and /courses to /consent, keeping where they were going', async () => {
		const { cookie } = await signedInUser(services);
		const home = await get('/', cookie);
		expect(home.status).toBe(303);
		expect(home.headers.get('location')).toBe('/consent?returnTo=%2F');
		const courses = await get('/courses?q=rodo', cookie);
		expect(courses.status).toBe(303);
		expect(courses.headers.get('location')).toBe(`/consent?returnTo=${encodeURIComponent('/courses?q=rodo')}`);
		// An anonymous visitor is not asked.
		expect((await fetch(`${base}/`, { redirect: 'manual' })).status).toBe(200);
	}, 60_000);

	it('lets the open paths through before acceptance', async () => {
		const { cookie } = await signedInUser(services);
		for (const path of ['/consent', '/terms', '/privacy', '/terms/v/1', '/privacy/v/1', '/consent/decline', '/contact', '/my-data', '/language']) {
			const res = await get(path, cookie);
			expect(res.headers.get('location') ?? '', path).not.toMatch(/^\/consent/);
		}
		const page = await (await get('/consent?returnTo=%2Fcourses', cookie)).text();
		expect(page).toContain('name="version_terms" value="1"');
		expect(page).toContain('name="accept_privacy"');
		expect(page).toContain('name="ranking"');
	}, 60_000);

	it('records the accepted versions with the time and stops asking, returning to the page the person wanted', async () => {
		const { cookie, user } = await signedInUser(services);
		const res = await acceptBoth(cookie);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/courses');
		const rows = await acceptances(user.id);
		expect(rows.map((r) => `${r.kind}:${r.version}`).sort()).toEqual(['privacy:1', 'terms:1']);
		expect(rows.every((r) => r.acceptedAt instanceof Date)).toBe(true);
		expect(await hasConsent(services.db, user.id, 'ranking')).toBe(false);
		expect((await get('/', cookie)).status).toBe(200);
		expect((await get('/courses', cookie)).status).toBe(200);
		// Nothing pending: /consent itself sends the person on.
		const again = await get('/consent?returnTo=%2Fmy%2Fcourses', cookie);
		expect(again.status).toBe(303);
		expect(again.headers.get('location')).toBe('/my/courses');
	}, 60_000);

	it('records the optional ranking consent only when ticked, and never returns to another site', async () => {
		const { cookie, user } = await signedInUser(services);
		const res = await acceptBoth(cookie, { ranking: 'yes', returnTo: 'https://evil.example/' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/');
		expect(await hasConsent(services.db, user.id, 'ranking')).toBe(true);
	}, 60_000);

	it('refuses an acceptance with a box left unticked, explaining it next to the box and recording nothing', async () => {
		const { cookie, user } = await signedInUser(services);
		const res = await postAction(base, '/consent', { returnTo: '/', version_terms: '1', version_privacy: '1', accept_terms: 'yes' }, { cookie });
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('data-testid="accept-privacy-error"');
		expect(html).not.toContain('data-testid="accept-terms-error"');
		expect(await acceptances(user.id)).toEqual([]);
		// A crafted post leaving a pending document out entirely is refused too.
		const crafted = await postAction(base, '/consent', { returnTo: '/', version_terms: '1', accept_terms: 'yes' }, { cookie });
		expect(crafted.status).toBe(400);
		expect(await acceptances(user.id)).toEqual([]);
	}, 60_000);

	it('lets a person give and withdraw the ranking consent on /profile/consents, never from another site', async () => {
		const { cookie, user } = await signedInUser(services);
		expect((await acceptBoth(cookie)).status).toBe(303);
		const crossSite = await postAction(base, '/profile/consents?/set', { purpose: 'ranking', granted: 'yes' }, { cookie, origin: 'https://evil.example' });
		expect(crossSite.status).toBe(403);
		expect(await hasConsent(services.db, user.id, 'ranking')).toBe(false);
		const bad = await postAction(base, '/profile/consents?/set', { purpose: 'marketing', granted: 'yes' }, { cookie });
		expect(bad.status).toBe(400);
		expect((await postAction(base, '/profile/consents?/set', { purpose: 'ranking', granted: 'yes' }, { cookie })).status).toBe(200);
		expect(await hasConsent(services.db, user.id, 'ranking')).toBe(true);
		expect((await postAction(base, '/profile/consents?/set', { purpose: 'ranking', granted: 'no' }, { cookie })).status).toBe(200);
		expect(await hasConsent(services.db, user.id, 'ranking')).toBe(false);
		const page = await (await get('/profile/consents', cookie)).text();
		expect(page).toContain('data-granted="false"');
	}, 60_000);

	it('asks again after a new version is published, with its change note, and refuses the version shown before', async () => {
		const { cookie, user } = await signedInUser(services);
		expect((await acceptBoth(cookie)).status).toBe(303);
		await publishDraft(
			{ db: services.db, clock: services.clock },
			{ kind: 'terms', actorId: adminId, content: { titlePl: 'Regulamin', bodyPl: 'Nowa treść', titleEn: 'Terms', bodyEn: 'New text', changeNote: 'Dodano zasady rankingu' } }
		);
		const home = await get('/', cookie);
		expect(home.status).toBe(303);
		expect(home.headers.get('location')).toBe('/consent?returnTo=%2F');
		const page = await (await get('/consent', cookie)).text();
		expect(page).toContain('Dodano zasady rankingu');
		expect(page).toContain('name="version_terms" value="2"');
		expect(page).not.toContain('name="version_privacy"');
		expect(page).not.toContain('name="ranking"');

		// The page with version 1 was still open in another tab: refused, nothing recorded.
		const stale = await postAction(base, '/consent', { returnTo: '/', version_terms: '1', accept_terms: 'yes' }, { cookie });
		expect(stale.status).toBe(409);
		expect(await stale.text()).toContain('data-testid="consent-error"');
		expect((await acceptances(user.id)).map((r) => `${r.kind}:${r.version}`).sort()).toEqual(['privacy:1', 'terms:1']);

		const ok = await postAction(base, '/consent', { returnTo: '/', version_terms: '2', accept_terms: 'yes' }, { cookie });
		expect(ok.status).toBe(303);
		expect((await get('/', cookie)).status).toBe(200);
	}, 60_000);

	it('refuses a cross-site acceptance (CSRF) and records nothing', async () => {
		const { cookie, user } = await signedInUser(services);
		const res = await postAction(base, '/consent', { returnTo: '/', version_terms: '2', version_privacy: '1', accept_terms: 'yes', accept_privacy: 'yes' }, { cookie, origin: 'https://evil.example' });
		expect(res.status).toBe(403);
		expect(await acceptances(user.id)).toEqual([]);
	}, 60_000);
});
