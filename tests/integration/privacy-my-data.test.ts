import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { buildApp } from '../../src/server/app';
import { setRuntimeServices } from '../../src/lib/server/runtime';
import type { Services } from '../../src/lib/server/services';
import { users } from '../../src/lib/server/users/users.tables';
import { recordAccess } from '../../src/lib/server/auth/auth.repository';
import { privacyRequests } from '../../src/lib/server/privacy/privacy.tables';
import { createTestDatabase } from '../support/db';
import { createTestServices } from '../support/services';
import { freePort } from '../support/net';
import { postAction, signedInUser } from '../support/sessions';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * "My data", its export and the profile through the whole stack: sign-in required, only
 * the person's own data, the download's headers and limit, and profile changes that only
 * the person can make from the platform's own pages.
 */
describe('my data and profile over HTTP', () => {
	let app: FastifyInstance;
	let base: string;
	let services: Services;
	let dataDir: string;
	let closeDb: () => Promise<void>;
	let owner: Awaited<ReturnType<typeof signedInUser>>;
	let other: Awaited<ReturnType<typeof signedInUser>>;

	beforeAll(async () => {
		const port = await freePort();
		base = `http://localhost:${port}`;
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-http-'));
		const database = await createTestDatabase('pglite');
		closeDb = () => database.close();
		services = createTestServices({ database, env: { PORT: String(port), DATA_DIR: dataDir } });
		setRuntimeServices(services);
		owner = await signedInUser(services, { givenName: 'Wiesława', familyName: 'Właścicielska', email: 'wieslawa@example.gov.pl' });
		other = await signedInUser(services, { givenName: 'Ktoś', familyName: 'Inny', email: 'ktos.inny@example.gov.pl' });
		await recordAccess(services.db, { userId: owner.user.id, ip: '203.0.113.44', at: new Date(), signIn: true });
		await recordAccess(services.db, { userId: other.user.id, ip: '198.51.100.55', at: new Date(), signIn: true });
		app = await buildApp({ services, pages: 'build' });
		await app.listen({ port, host: '127.0.0.1' });
	}, 120_000);

	afterAll(async () => {
		await app?.close();
		await closeDb?.();
		setRuntimeServices(undefined);
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	const get = (p: string, cookie?: string, accept = 'text/html') => fetch(`${base}${p}`, { redirect: 'manual', headers: { accept, ...(cookie ? { cookie } : {}) } });
	const nameOf = async (id: string) => (await services.db.select().from(users).where(eq(users.id, id)))[0];

	it('sends an anonymous visitor of My data, its export, the profile and the avatar to sign in', async () => {
		for (const p of ['/my-data', '/my-data/export', '/profile', '/my-data/avatar']) {
			const res = await get(p);
			expect(res.status, p).toBe(303);
			expect(res.headers.get('location'), p).toBe(`/auth/login?returnTo=${encodeURIComponent(p)}`);
		}
		const post = await postAction(base, '/profile?/names', { givenName: 'X', familyName: 'Y' });
		expect(post.status).toBe(303);
	});

	it('shows the person their own name, email and IP addresses on My data, and nothing of anyone else', async () => {
		const res = await get('/my-data', owner.cookie);
		expect(res.status).toBe(200);
		const html = await res.text();
		for (const mine of ['Wiesława', 'Właścicielska', 'wieslawa@example.gov.pl', '203.0.113.44', 'href="/my-data/export"', 'href="/my-data/delete"', 'href="/profile/consents"']) expect(html).toContain(mine);
		for (const theirs of ['Ktoś', 'ktos.inny@example.gov.pl', '198.51.100.55']) expect(html).not.toContain(theirs);
	});

	it('downloads the own data as a dated ZIP attachment that is never cached, and records the export as a completed request', async () => {
		const res = await get('/my-data/export', owner.cookie);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/zip');
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="moje-dane-${new Date().toISOString().slice(0, 10)}.zip"`);
		expect(res.headers.get('cache-control')).toMatch(/(^|, )no-store/);
		const zip = unzipSync(new Uint8Array(await res.arrayBuffer()));
		const text = strFromU8(zip['data.json']);
		expect(JSON.parse(text).account.email).toBe('wieslawa@example.gov.pl');
		expect(text).toContain('203.0.113.44');
		expect(text).not.toContain('ktos.inny@example.gov.pl');
		expect(text).not.toContain('198.51.100.55');
		const requests = await services.db.select().from(privacyRequests).where(eq(privacyRequests.userId, owner.user.id));
		expect(requests).toMatchObject([{ kind: 'export', status: 'completed', source: 'profile' }]);
	});

	it('limits downloads to ten an hour: a browser is sent back to My data with the reason, another client gets 429', async () => {
		const person = await signedInUser(services);
		for (let i = 0; i < 10; i++) expect((await get('/my-data/export', person.cookie)).status).toBe(200);
		const browser = await get('/my-data/export', person.cookie);
		expect(browser.status).toBe(303);
		expect(browser.headers.get('location')).toBe('/my-data?export=limited');
		const page = await (await get('/my-data?export=limited', person.cookie)).text();
		expect(page).toContain('data-testid="export-limited"');
		const script = await get('/my-data/export', person.cookie, 'application/json');
		expect(script.status).toBe(429);
		expect(await script.json()).toEqual({ code: 'privacy.export_rate_limited' });
	});

	it('saves names the provider does not manage, refuses bad input with a message next to the field, and refuses a managed name', async () => {
		const person = await signedInUser(services, { givenName: 'Stara', familyName: 'Nazwa' });
		const ok = await postAction(base, '/profile?/names', { givenName: 'Nowa', familyName: 'Poprawiona' }, { cookie: person.cookie });
		expect(ok.status).toBe(200);
		expect(await nameOf(person.user.id)).toMatchObject({ givenName: 'Nowa', familyName: 'Poprawiona' });

		const bad = await postAction(base, '/profile?/names', { givenName: '<script>', familyName: 'x'.repeat(101) }, { cookie: person.cookie });
		expect(bad.status).toBe(400);
		const body = await bad.text();
		expect(body).toContain('imię i nazwisko nie mogą ich zawierać');
		expect(body).toContain('Wpisz najwyżej 100 znaków.');
		expect(await nameOf(person.user.id)).toMatchObject({ givenName: 'Nowa', familyName: 'Poprawiona' });

		await services.db.update(users).set({ managedFields: ['given_name', 'family_name'] }).where(eq(users.id, person.user.id));
		const managed = await postAction(base, '/profile?/names', { givenName: 'Inna', familyName: 'Poprawiona' }, { cookie: person.cookie });
		expect(managed.status).toBe(409);
		expect(await nameOf(person.user.id)).toMatchObject({ givenName: 'Nowa' });
	});

	it('refuses a profile change posted from another site (CSRF) and changes nothing', async () => {
		const res = await postAction(base, '/profile?/names', { givenName: 'Atak', familyName: 'Obcy' }, { cookie: owner.cookie, origin: 'https://evil.example' });
		expect(res.status).toBe(403);
		expect(await nameOf(owner.user.id)).toMatchObject({ givenName: 'Wiesława', familyName: 'Właścicielska' });
		const form = new FormData();
		form.set('avatar', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'a.png');
		const upload = await fetch(`${base}/profile?/avatar`, { method: 'POST', redirect: 'manual', headers: { cookie: owner.cookie, origin: 'https://evil.example', accept: 'text/html' }, body: form });
		expect(upload.status).toBe(403);
		expect((await nameOf(owner.user.id)).avatarFileId).toBeNull();
	});

	it('uploads an avatar checked by its content and serves it only to its owner, and removes it only when confirmed', async () => {
		const upload = (bytes: Buffer, name: string) => {
			const form = new FormData();
			form.set('avatar', new Blob([new Uint8Array(bytes)]), name);
			return fetch(`${base}/profile?/avatar`, { method: 'POST', redirect: 'manual', headers: { cookie: owner.cookie, origin: base, accept: 'text/html' }, body: form });
		};
		const refused = await upload(Buffer.from('<svg onload="alert(1)"></svg>'), 'x.png');
		expect(refused.status).toBe(415);
		expect(await refused.text()).toContain('To nie jest obraz PNG, JPEG ani WebP.');
		expect((await upload(PNG, 'ja.png')).status).toBe(200);

		const mine = await get('/my-data/avatar', owner.cookie);
		expect(mine.status).toBe(200);
		expect(mine.headers.get('content-type')).toBe('image/png');
		expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
		expect(Buffer.from(await mine.arrayBuffer()).equals(PNG)).toBe(true);
		expect((await get('/my-data/avatar', other.cookie)).status).toBe(404);

		const zip = unzipSync(new Uint8Array(await (await get('/my-data/export', owner.cookie)).arrayBuffer()));
		expect(Buffer.from(zip['avatar.png']).equals(PNG)).toBe(true);

		const unconfirmed = await postAction(base, '/profile?/removeAvatar', {}, { cookie: owner.cookie });
		expect(unconfirmed.status).toBe(400);
		expect((await nameOf(owner.user.id)).avatarFileId).not.toBeNull();
		expect((await postAction(base, '/profile?/removeAvatar', { confirm: 'yes' }, { cookie: owner.cookie })).status).toBe(200);
		expect((await nameOf(owner.user.id)).avatarFileId).toBeNull();
		expect((await get('/my-data/avatar', owner.cookie)).status).toBe(404);
	});
});
